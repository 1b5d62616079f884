// The audit log for admins: who changed settings, roles and tokens and who signed in, from which
// address, with what changed; filters by person, action and dates, CSV of the same filter, and
// how long entries are kept.
import type { AuditEntry, AuditSettings, Page, User } from "@switchboard/api";
import { auditActions } from "@switchboard/api/vocabulary";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { request } from "../../../api/client";
import { dateLabel } from "../../../ui/time";
import { showError, showToast } from "../../../ui/toasts";
import { useCanEdit } from "../access";
import { AdminsOnly, type Column, ResourceTable } from "../ResourceTable";
import { Section } from "../Section";
import { useSettingsList, useSettingsMutation } from "../useSettings";
import "../webhooks/webhooks.css";

type Filter = { actorId: string; action: string; from: string; to: string };

/** The filter as a query string; dates are whole days in the browser's time zone, `to` inclusive. */
function queryOf(filter: Filter): string {
  const params = new URLSearchParams();
  if (filter.actorId) params.set("actorId", filter.actorId);
  if (filter.action) params.set("action", filter.action);
  if (filter.from) params.set("from", new Date(`${filter.from}T00:00:00`).toISOString());
  if (filter.to) params.set("to", new Date(new Date(`${filter.to}T00:00:00`).getTime() + 86_400_000).toISOString());
  return params.toString();
}

/** "Dec 6, 12:15:03" — the seconds matter when reading sign-ins. */
const whenLabel = (iso: string) =>
  new Date(iso).toLocaleString(undefined, {
    month: "short",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  });

function changeText(entry: AuditEntry): string {
  const side = (v: Record<string, unknown> | null) =>
    v ? Object.entries(v).map(([k, x]) => `${k}: ${typeof x === "string" ? x : JSON.stringify(x)}`) : [];
  const before = side(entry.before);
  const after = side(entry.after);
  if (before.length && after.length) return `${before.join(", ")} → ${after.join(", ")}`;
  return [...before, ...after].join(", ");
}

export function AuditLogSection() {
  const canEdit = useCanEdit();
  const [filter, setFilter] = useState<Filter>({ actorId: "", action: "", from: "", to: "" });
  const [cursors, setCursors] = useState<string[]>([]);
  const query = queryOf(filter);
  const cursor = cursors.at(-1);
  const users = useSettingsList<User>("/users", canEdit);
  // One request per page; the table reads its items, the pager its cursor (same cache entry).
  const page = {
    queryKey: ["directory", "audit", query, cursor],
    queryFn: ({ signal }: { signal: AbortSignal }) =>
      request<Page<AuditEntry>>(`/audit-log?${query}&limit=50${cursor ? `&cursor=${cursor}` : ""}`, { signal }),
    enabled: canEdit,
  };
  const entries = useQuery({ ...page, select: (d: Page<AuditEntry>) => d.items });
  const nextCursor = useQuery({ ...page, select: (d: Page<AuditEntry>) => d.nextCursor }).data;
  const set = (patch: Partial<Filter>) => {
    setCursors([]);
    setFilter({ ...filter, ...patch });
  };

  const columns: Column<AuditEntry>[] = [
    {
      header: "When",
      className: "nowrap",
      cell: (e) => <time title={dateLabel(e.createdAt)}>{whenLabel(e.createdAt)}</time>,
    },
    { header: "Who", cell: (e) => e.actorName ?? <span className="muted">{e.actorType}</span> },
    { header: "Action", cell: (e) => <code>{e.action}</code> },
    { header: "Change", cell: (e) => <span className="audit-change">{changeText(e)}</span> },
    {
      header: "From",
      cell: (e) => (
        <span className="muted" title={e.userAgent ?? undefined}>
          {e.ip ?? "—"}
        </span>
      ),
    },
  ];

  if (!canEdit)
    return (
      <Section title="Audit log" description="Who changed what, and who signed in.">
        <AdminsOnly />
      </Section>
    );
  return (
    <Section
      title="Audit log"
      description="Every settings, role and token change and every sign-in, with who, from where, and what changed (secrets never shown)."
      action={
        <a className="button" href={`/api/v1/audit-log.csv?${query}`} download>
          Export CSV
        </a>
      }
    >
      <search className="audit-filters" aria-label="Filter the audit log">
        <label className="field">
          <span>Person</span>
          <select value={filter.actorId} onChange={(e) => set({ actorId: e.target.value })}>
            <option value="">Anyone</option>
            {(users.data ?? []).map((u) => (
              <option key={u.id} value={u.id}>
                {u.name}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>Action</span>
          <select value={filter.action} onChange={(e) => set({ action: e.target.value })}>
            <option value="">Any action</option>
            {auditActions.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>From</span>
          <input type="date" value={filter.from} onChange={(e) => set({ from: e.target.value })} />
        </label>
        <label className="field">
          <span>To</span>
          <input type="date" value={filter.to} onChange={(e) => set({ to: e.target.value })} />
        </label>
      </search>
      <ResourceTable
        label="Audit log"
        noun="audit entries"
        query={entries}
        columns={columns}
        rowKey={(e) => e.id}
        empty="Nothing recorded for this filter."
      />
      <div className="row-actions">
        {cursors.length > 0 && (
          <button type="button" className="button small" onClick={() => setCursors(cursors.slice(0, -1))}>
            Newer
          </button>
        )}
        {nextCursor && (
          <button type="button" className="button small" onClick={() => setCursors([...cursors, nextCursor])}>
            Older
          </button>
        )}
      </div>
      <Retention />
    </Section>
  );
}

function Retention() {
  const settings = useQuery({
    queryKey: ["directory", "audit-settings"],
    queryFn: ({ signal }) => request<AuditSettings>("/audit-log/settings", { signal }),
  });
  const [days, setDays] = useState<string | null>(null);
  const save = useSettingsMutation((retentionDays: number) =>
    request<AuditSettings>("/audit-log/settings", { method: "PUT", body: { retentionDays } }),
  );
  const value = days ?? String(settings.data?.retentionDays ?? "");
  return (
    <form
      className="audit-filters"
      onSubmit={(e) => {
        e.preventDefault();
        const n = Number(value);
        if (!Number.isInteger(n) || n < 1 || n > 3650)
          return showToast("Keep entries between 1 and 3650 days.", "error");
        save.mutate(n, {
          onSuccess: () => showToast(`Audit entries are kept ${n} days.`),
          onError: (err) => showError("Could not save the retention", err),
        });
      }}
    >
      <label className="field">
        <span>Keep entries (days)</span>
        <input type="number" min={1} max={3650} value={value} onChange={(e) => setDays(e.target.value)} />
      </label>
      <button type="submit" className="button" disabled={save.isPending}>
        Save retention
      </button>
    </form>
  );
}
