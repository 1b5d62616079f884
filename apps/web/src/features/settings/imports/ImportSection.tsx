// Import from Zendesk: the form that starts an import (a subdomain or the API's address, the
// agent's email and API token), the runs with a progress bar fed by the run's own counts (polled
// while one is queued or running), what each run created, updated and skipped, the skipped records
// with their reasons, and Resume on a failed run (it continues from where it stopped). A CSV file
// is uploaded, previewed and mapped in its own form (CsvImportForm) and runs the same way.
import type { ImportRun, ImportSkip, Items } from "@switchboard/api";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { request } from "../../../api/client";
import { ErrorNotice } from "../../../ui/ErrorNotice";
import { ageLabel, dateLabel } from "../../../ui/time";
import { showToast } from "../../../ui/toasts";
import { useCanEdit } from "../access";
import { Section } from "../Section";
import { useSettingsMutation } from "../useSettings";
import { CsvImportForm } from "./CsvImportForm";
import "./imports.css";

type StartInput = { subdomain?: string; baseUrl?: string; email?: string; token: string };
const RUNS = "/imports";
const startZendesk = (input: StartInput) => request<ImportRun>("/imports/zendesk", { method: "POST", body: input });
const resumeRun = (id: string) => request<ImportRun>(`/imports/${id}/resume`, { method: "POST", body: {} });
const busy = (run: ImportRun) => run.status === "queued" || run.status === "running";

export function ImportSection() {
  const canEdit = useCanEdit();
  const runs = useQuery({
    queryKey: ["directory", "settings", RUNS],
    queryFn: ({ signal }) => request<Items<ImportRun>>(RUNS, { signal }),
    select: (d) => d.items,
    // The progress bar follows the run while it works; nothing to ask for once all are finished.
    refetchInterval: (query) => ((query.state.data?.items ?? []).some(busy) ? 1000 : false),
  });
  const running = (source: ImportRun["source"]) => runs.data?.some((r) => r.source === source && busy(r)) ?? false;
  return (
    <Section
      title="Import"
      description="Bring your history from Zendesk (users, organizations, groups as teams with their agents, tickets with their comments and attachments, fields, macros and help-center articles) or from CSV files of issues, accounts or contacts. Nothing imported notifies anyone; a second import updates instead of duplicating."
    >
      {canEdit && <ZendeskForm disabled={running("zendesk")} />}
      {canEdit && <CsvImportForm disabled={running("csv")} />}
      <p className="muted import-csv-note">
        Files over 10 MB go through the command line:{" "}
        <code>switchboard import csv --type issues --file issues.csv --mapping mapping.json</code>
      </p>
      <h3 className="subsection-head" id="import-runs">
        Imports
      </h3>
      {runs.isPending ? (
        <p className="state-line" aria-busy="true">
          Loading imports…
        </p>
      ) : runs.isError ? (
        <ErrorNotice error={runs.error} onRetry={() => runs.refetch()} />
      ) : runs.data.length === 0 ? (
        <p className="settings-empty muted">No imports yet. Start one above; its progress shows here.</p>
      ) : (
        <ul className="import-runs" aria-labelledby="import-runs">
          {runs.data.map((run, i) => (
            <RunCard key={run.id} run={run} latest={i === 0} canEdit={canEdit} />
          ))}
        </ul>
      )}
    </Section>
  );
}

function ZendeskForm({ disabled }: { disabled: boolean }) {
  const [address, setAddress] = useState("");
  const [email, setEmail] = useState("");
  const [token, setToken] = useState("");
  const start = useSettingsMutation(startZendesk);
  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    const where = address.trim();
    start.mutate(
      {
        // `acme` for acme.zendesk.com, or the API's own address (a Zendesk on its own host).
        ...(where.includes("://") ? { baseUrl: where } : { subdomain: where.replace(/\.zendesk\.com$/i, "") }),
        ...(email.trim() && { email: email.trim() }),
        token,
      },
      {
        onSuccess: () => {
          setToken("");
          showToast("Import started; its progress shows below.");
        },
      },
    );
  };
  return (
    <form className="account-card workspace-form" onSubmit={submit} aria-label="Import from Zendesk">
      <h3>Import from Zendesk</h3>
      <div className="field">
        <label>
          <span>Zendesk subdomain or address</span>
          <input
            name="zendesk-address"
            required
            placeholder="acme (for acme.zendesk.com)"
            value={address}
            onChange={(e) => setAddress(e.target.value)}
          />
        </label>
      </div>
      <div className="field">
        <label>
          <span>Agent email</span>
          <input
            name="zendesk-email"
            type="email"
            placeholder="the admin whose API token this is"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
        </label>
        <span className="password-hint">Without an email, the token is used as an OAuth access token.</span>
      </div>
      <div className="field">
        <label>
          <span>API token</span>
          <input
            name="zendesk-token"
            type="password"
            autoComplete="off"
            required
            value={token}
            onChange={(e) => setToken(e.target.value)}
          />
        </label>
        <span className="password-hint">Kept sealed while the import needs it, then dropped.</span>
      </div>
      {start.isError && <p className="form-error">{start.error.message}</p>}
      <p>
        <button type="submit" className="button primary" disabled={disabled || start.isPending}>
          {disabled ? "An import is running…" : "Start import"}
        </button>
      </p>
    </form>
  );
}

const STATUS = { queued: "Queued", running: "Importing", succeeded: "Finished", failed: "Stopped" } as const;

function RunCard({ run, latest, canEdit }: { run: ImportRun; latest: boolean; canEdit: boolean }) {
  const [showSkipped, setShowSkipped] = useState(false);
  const resume = useSettingsMutation(resumeRun);
  const at = run.finishedAt ?? run.startedAt ?? run.createdAt;
  const total = run.total ?? 0;
  const done = run.status === "succeeded";
  const percent = done ? 100 : total > 0 ? Math.min(99, Math.floor((run.processed / total) * 100)) : 0;
  const label = `Import from ${run.from}`;
  return (
    <li className={`account-card import-run import-${run.status}`} aria-label={label}>
      <div className="import-run-head">
        <strong>{run.source === "zendesk" ? "Zendesk" : "CSV"}</strong> <span className="muted">{run.from}</span>
        <span className={`import-status import-status-${run.status}`}>{STATUS[run.status]}</span>
        <time className="muted" title={dateLabel(at)}>
          {ageLabel(at)} ago
        </time>
      </div>
      <div
        className="import-progress"
        role="progressbar"
        aria-label={`${label} progress`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={`${percent}%`}
      >
        <div className="import-progress-fill" style={{ width: `${percent}%` }} />
      </div>
      <p className="import-progress-line">
        {run.processed.toLocaleString("en-US")}
        {run.total !== null && run.processed <= run.total && ` of ${run.total.toLocaleString("en-US")}`} records
        {busy(run) && run.stage && run.stage !== "done" && <> · now importing {run.stage.replace(/_/g, " ")}</>}
        {run.skipped > 0 && <> · {run.skipped.toLocaleString("en-US")} skipped</>}
      </p>
      {run.error && (
        <p className="form-error" role="alert">
          {run.error}
        </p>
      )}
      {Object.keys(run.counts).length > 0 && (
        <div className="settings-table-wrap">
          <table className="settings-table import-counts" aria-label={`${label} counts`}>
            <thead>
              <tr>
                <th>Records</th>
                <th>Created</th>
                <th>Updated</th>
                <th>Skipped</th>
              </tr>
            </thead>
            <tbody>
              {Object.entries(run.counts).map(([object, c]) => (
                <tr key={object}>
                  <td>{OBJECT_NAMES[object] ?? object}</td>
                  <td>{c.created}</td>
                  <td>{c.updated}</td>
                  <td>{c.skipped}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div className="import-run-actions">
        {run.skipped > 0 && (
          <button
            type="button"
            className="button"
            aria-expanded={showSkipped}
            onClick={() => setShowSkipped((v) => !v)}
          >
            {showSkipped ? "Hide skipped records" : `Skipped records (${run.skipped})`}
          </button>
        )}
        {canEdit && latest && run.resumable && (
          <button
            type="button"
            className="button primary"
            disabled={resume.isPending}
            onClick={() =>
              resume.mutate(run.id, { onSuccess: () => showToast("Import resumed from where it stopped.") })
            }
          >
            Resume
          </button>
        )}
      </div>
      {resume.isError && <p className="form-error">{resume.error.message}</p>}
      {showSkipped && <SkippedList runId={run.id} source={run.source} />}
    </li>
  );
}

function SkippedList({ runId, source }: { runId: string; source: ImportRun["source"] }) {
  const skipped = useQuery({
    queryKey: ["directory", "settings", `/imports/${runId}/skipped`],
    queryFn: ({ signal }) => request<Items<ImportSkip>>(`/imports/${runId}/skipped?limit=1000`, { signal }),
    select: (d) => d.items,
  });
  if (skipped.isPending)
    return (
      <p className="state-line" aria-busy="true">
        Loading skipped records…
      </p>
    );
  if (skipped.isError) return <ErrorNotice error={skipped.error} onRetry={() => skipped.refetch()} />;
  return (
    <div className="settings-table-wrap">
      <table className="settings-table import-skipped" aria-label="Skipped records">
        <thead>
          <tr>
            <th>Record</th>
            <th>{source === "zendesk" ? "Zendesk id" : "Id in the file"}</th>
            <th>Why it was skipped</th>
          </tr>
        </thead>
        <tbody>
          {skipped.data.map((s) => (
            <tr key={`${s.object}:${s.externalId}:${s.createdAt}`}>
              <td>{s.object}</td>
              <td className="nowrap">{s.externalId}</td>
              <td>{s.reason}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** What each kind of imported record is called in the counts table (the run reports them by key). */
const OBJECT_NAMES: Record<string, string> = {
  field: "Fields",
  account: "Accounts",
  person: "People",
  contact: "Contacts",
  team: "Teams",
  team_member: "Team members",
  issue: "Issues",
  macro: "Macros",
  article: "Articles",
  attachment: "Attachments",
};
