// The composer of a draft: title, markdown body with per-recipient variables, the audience (the
// shared condition editor over account fields, or a chosen list), channels and contact roles,
// a per-recipient preview, then send now or schedule. Each action saves the draft first.
import { broadcastVariables } from "@switchboard/api/vocabulary";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { useLocation } from "wouter";
import { ErrorNotice } from "../../ui/ErrorNotice";
import { showError, showToast } from "../../ui/toasts";
import { useAccounts, useCustomFields, useTags, useTeams, useUsers } from "../directory/useDirectory";
import { ChannelIcon } from "../issueDisplay/IssueBadges";
import { ConditionEditor, conditionProblem } from "../settings/triggers/ConditionEditor";
import { fieldCatalog } from "../settings/triggers/catalog";
import { type ConditionNode, topLevel } from "../settings/triggers/model";
import {
  type Broadcast,
  type BroadcastDraft,
  broadcastsKey,
  deleteBroadcast,
  previewBroadcast,
  sendBroadcast,
  updateBroadcast,
} from "./api";
import { CHANNELS_LABEL } from "./BroadcastsPage";

export function BroadcastComposer({ broadcast }: { broadcast: Broadcast }) {
  const queryClient = useQueryClient();
  const [, navigate] = useLocation();
  const [title, setTitle] = useState(broadcast.title);
  const [body, setBody] = useState(broadcast.body);
  const [channels, setChannels] = useState(broadcast.channels);
  const [roles, setRoles] = useState(broadcast.contactRoles.join(", "));
  const audience = broadcast.audience;
  const [kind, setKind] = useState<"condition" | "accounts">(audience.kind);
  const start = topLevel(audience.kind === "condition" ? audience.condition : { all: [] });
  const [match, setMatch] = useState<"all" | "any">(start.match);
  const [conditions, setConditions] = useState<ConditionNode[]>(start.items);
  const [picked, setPicked] = useState<Set<string>>(new Set(audience.kind === "accounts" ? audience.accountIds : []));
  const [scheduleAt, setScheduleAt] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const [previewing, setPreviewing] = useState(false);

  const draft = (): BroadcastDraft | null => {
    const p =
      (kind === "condition" ? conditionProblem(conditions) : picked.size === 0 ? "Pick at least one account." : null) ??
      null;
    setProblem(p);
    if (p) return null;
    return {
      title: title.trim(),
      body,
      channels,
      contactRoles: roles
        .split(",")
        .map((r) => r.trim().toLowerCase())
        .filter(Boolean),
      audience:
        kind === "condition"
          ? { kind, condition: match === "any" ? { any: conditions } : { all: conditions } }
          : { kind, accountIds: [...picked] },
    };
  };
  const refresh = () => queryClient.invalidateQueries({ queryKey: broadcastsKey });
  const save = useMutation({
    mutationFn: async (then: "save" | "preview" | "send" | "schedule") => {
      const input = draft();
      if (!input) return null;
      await updateBroadcast(broadcast.id, input);
      if (then === "send") await sendBroadcast(broadcast.id);
      if (then === "schedule") await sendBroadcast(broadcast.id, new Date(scheduleAt).toISOString());
      return then;
    },
    onSuccess: (then) => {
      if (!then) return;
      if (then === "preview") setPreviewing(true);
      if (then === "save") showToast("Draft saved.");
      void refresh();
    },
    onError: (error) => showError("Could not save the broadcast", error),
  });
  const remove = useMutation({
    mutationFn: () => deleteBroadcast(broadcast.id),
    onSuccess: () => {
      void refresh();
      navigate("/broadcasts");
    },
    onError: (error) => showError("Could not delete", error),
  });
  const confirmSend = () => {
    if (window.confirm(`Send "${title.trim()}" now to every recipient?`)) save.mutate("send");
  };

  return (
    <div className="bc-composer">
      <div className="bc-form">
        <label className="field">
          <span>Title (the email subject)</span>
          <input value={title} onChange={(e) => setTitle(e.target.value)} maxLength={200} />
        </label>
        <label className="field">
          <span>Message (markdown)</span>
          <textarea className="bc-body" value={body} onChange={(e) => setBody(e.target.value)} rows={9} />
        </label>
        <p className="bc-vars muted">
          Variables:{" "}
          {broadcastVariables.map((v) => (
            <button
              type="button"
              key={v}
              className="chip"
              title="Insert at the end"
              onClick={() => setBody((b) => `${b}{{${v}}}`)}
            >
              {`{{${v}}}`}
            </button>
          ))}{" "}
          — add a fallback with <code>{"{{contact.first_name|there}}"}</code>.
        </p>
        <fieldset className="bc-fieldset">
          <legend>Audience</legend>
          <div className="bc-radios">
            <label>
              <input type="radio" checked={kind === "condition"} onChange={() => setKind("condition")} /> Accounts
              matching conditions
            </label>
            <label>
              <input type="radio" checked={kind === "accounts"} onChange={() => setKind("accounts")} /> Chosen accounts
            </label>
          </div>
          {kind === "condition" ? (
            <AudienceConditions
              match={match}
              items={conditions}
              onChange={(m, next) => {
                setMatch(m);
                setConditions(next);
              }}
            />
          ) : (
            <AccountPicker picked={picked} onChange={setPicked} />
          )}
        </fieldset>
        <div className="bc-row">
          <label className="field">
            <span>Send to</span>
            <select value={channels} onChange={(e) => setChannels(e.target.value as Broadcast["channels"])}>
              {(["slack", "email", "both"] as const).map((c) => (
                <option key={c} value={c}>
                  {c === "slack"
                    ? "Each account's shared Slack channel"
                    : c === "email"
                      ? "Email to contacts"
                      : CHANNELS_LABEL[c]}
                </option>
              ))}
            </select>
          </label>
          {channels !== "slack" && (
            <label className="field grow">
              <span>Contact roles (comma-separated; empty: every contact with an email)</span>
              <input value={roles} onChange={(e) => setRoles(e.target.value)} placeholder="admin, technical" />
            </label>
          )}
        </div>
        {problem && (
          <p className="inline-error" role="alert">
            {problem}
          </p>
        )}
        <footer className="bc-actions">
          <button type="button" className="button danger" onClick={() => remove.mutate()} disabled={remove.isPending}>
            Delete
          </button>
          <span className="grow" />
          <button type="button" className="button" onClick={() => save.mutate("save")} disabled={save.isPending}>
            Save draft
          </button>
          <button type="button" className="button" onClick={() => save.mutate("preview")} disabled={save.isPending}>
            Preview
          </button>
          <div className="bc-send">
            <input
              type="datetime-local"
              aria-label="Schedule for"
              value={scheduleAt}
              onChange={(e) => setScheduleAt(e.target.value)}
            />
            <button
              type="button"
              className="button"
              onClick={() => save.mutate("schedule")}
              disabled={save.isPending || !scheduleAt}
            >
              Schedule
            </button>
            <button type="button" className="button primary" onClick={confirmSend} disabled={save.isPending}>
              Send now
            </button>
          </div>
        </footer>
      </div>
      <aside className="bc-preview" aria-label="Preview">
        {previewing ? (
          <Preview id={broadcast.id} version={broadcast.updatedAt} />
        ) : (
          <p className="muted">
            Preview shows how many accounts, channels and contacts the broadcast reaches and each message as its
            recipient will read it.
          </p>
        )}
      </aside>
    </div>
  );
}

function Preview({ id, version }: { id: string; version: string }) {
  const preview = useQuery({
    queryKey: [...broadcastsKey, id, "preview", version],
    queryFn: ({ signal }) => previewBroadcast(id, signal),
  });
  if (preview.isError) return <ErrorNotice error={preview.error} onRetry={() => preview.refetch()} />;
  if (!preview.data) return <p className="state-line">Working out the recipients…</p>;
  const p = preview.data;
  return (
    <div>
      <h2 className="bc-preview-head">
        {p.recipientCount} recipients · {p.accountCount} accounts
      </h2>
      <p className="muted">
        {p.slackCount} Slack channels, {p.emailCount} emails
      </p>
      <ul className="bc-preview-list">
        {p.items.map((item) => (
          <li key={`${item.channel}-${item.accountId}-${item.to}`} className={item.problem ? "bc-problem" : undefined}>
            <div className="bc-preview-to">
              <ChannelIcon channel={item.channel} />
              <strong>{item.accountName}</strong> <span className="muted">{item.to}</span>
            </div>
            {item.problem ? <p className="inline-error">{item.problem}</p> : <pre className="bc-text">{item.text}</pre>}
          </li>
        ))}
      </ul>
      {p.recipientCount + p.items.filter((i) => i.problem).length > p.items.length && (
        <p className="muted">Showing the first {p.items.length}.</p>
      )}
    </div>
  );
}

/** The condition editor over account fields only (and account custom fields). */
function AudienceConditions(props: {
  match: "all" | "any";
  items: ConditionNode[];
  onChange: (match: "all" | "any", items: ConditionNode[]) => void;
}) {
  const fields = useCustomFields();
  const users = useUsers();
  const teams = useTeams();
  const tags = useTags();
  const catalog = useMemo(
    () => fieldCatalog(fields.data ?? [], "event").filter((s) => s.path.startsWith("account.")),
    [fields.data],
  );
  const choices = {
    teams: (teams.data ?? []).map((t) => ({ value: t.id, label: t.name })),
    users: (users.data ?? []).map((u) => ({ value: u.id, label: u.name })),
    tags: (tags.data ?? []).map((t) => ({ value: t.name, label: t.name })),
  };
  return <ConditionEditor context="event" catalog={catalog} choices={choices} {...props} />;
}

function AccountPicker({ picked, onChange }: { picked: Set<string>; onChange: (next: Set<string>) => void }) {
  const accounts = useAccounts();
  const [filter, setFilter] = useState("");
  const shown = (accounts.data ?? []).filter((a) => a.name.toLowerCase().includes(filter.trim().toLowerCase()));
  const toggle = (id: string) => {
    const next = new Set(picked);
    next.has(id) ? next.delete(id) : next.add(id);
    onChange(next);
  };
  return (
    <div className="bc-accounts">
      <input placeholder="Filter accounts" value={filter} onChange={(e) => setFilter(e.target.value)} />
      <span className="muted">{picked.size} chosen</span>
      <ul>
        {shown.map((a) => (
          <li key={a.id}>
            <label>
              <input type="checkbox" checked={picked.has(a.id)} onChange={() => toggle(a.id)} /> {a.name}
              {a.tier && <span className="muted"> · {a.tier}</span>}
            </label>
          </li>
        ))}
      </ul>
    </div>
  );
}
