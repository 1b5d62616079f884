// CRM sync: connect Salesforce or HubSpot (OAuth client and refresh token), map CRM fields onto
// account fields, sync now, and the runs with their counts and the records that failed. Synced
// account fields are read-only everywhere else in the app.
import type { CrmConnection, CrmMapping, CrmSyncRun } from "@switchboard/api";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { ageLabel, dateLabel } from "../../../ui/time";
import { showError, showToast } from "../../../ui/toasts";
import { useCanEdit } from "../access";
import { TextField } from "../Fields";
import { Section } from "../Section";
import {
  connect,
  crmKeys,
  disconnect,
  getConnection,
  getRun,
  listRuns,
  PROVIDERS,
  type Provider,
  saveMapping,
  syncNow,
} from "./crmApi";
import "./crm.css";

export function CrmSection() {
  return (
    <Section
      title="CRM sync"
      description="Account owner, tier, type, renewal date, contract value and products come from your CRM every 15 minutes and on demand. Synced fields are read-only in Switchboard: change them in the CRM."
    >
      {PROVIDERS.map((p) => (
        <ProviderPanel key={p.id} provider={p.id} name={p.name} authHint={p.authHint} />
      ))}
      <RunsTable />
    </Section>
  );
}

function ProviderPanel({ provider, name, authHint }: { provider: Provider; name: string; authHint: string }) {
  const canEdit = useCanEdit();
  const queryClient = useQueryClient();
  const connection = useQuery({
    queryKey: crmKeys.connection(provider),
    queryFn: ({ signal }) => getConnection(provider, signal),
    // A queued or running sync finishes on the worker: look again until it is done.
    refetchInterval: (q) => (isBusy(q.state.data) ? 1500 : false),
  });
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: crmKeys.connection(provider) });
    void queryClient.invalidateQueries({ queryKey: crmKeys.runs });
  };
  const sync = useMutation({
    mutationFn: () => syncNow(provider),
    onSuccess: () => {
      showToast(`${name} sync queued.`);
      refresh();
    },
    onError: showError,
  });
  const remove = useMutation({
    mutationFn: () => disconnect(provider),
    onSuccess: () => {
      showToast(`${name} disconnected; its fields are editable again.`);
      refresh();
    },
    onError: showError,
  });
  const data = connection.data;
  return (
    <section className="crm-provider" aria-labelledby={`crm-${provider}`}>
      <h3 id={`crm-${provider}`} className="subsection-head">
        {name}
      </h3>
      {connection.isPending && <p className="muted">Loading…</p>}
      {connection.isError && <p className="inline-error">{name} settings did not load.</p>}
      {data &&
        !data.connected &&
        (canEdit ? (
          <ConnectForm provider={provider} name={name} authHint={authHint} onDone={refresh} />
        ) : (
          <p className="muted">Not connected.</p>
        ))}
      {data?.connected && (
        <>
          <div className="connection-card">
            <span className="badge status-on">Connected</span>
            <span>
              {data.apiUrl ?? data.authUrl}
              {data.lastRun ? (
                <>
                  {" "}
                  · last sync <RunStatus run={data.lastRun} />
                </>
              ) : (
                " · not synced yet"
              )}
            </span>
            <span className="grow" />
            {canEdit && (
              <>
                <button
                  type="button"
                  className="button primary"
                  disabled={sync.isPending || isBusy(data)}
                  onClick={() => sync.mutate()}
                >
                  {isBusy(data) ? "Syncing…" : "Sync now"}
                </button>
                <button
                  type="button"
                  className="button"
                  disabled={remove.isPending}
                  onClick={() => {
                    if (window.confirm(`Disconnect ${name}? Accounts keep their values.`)) remove.mutate();
                  }}
                >
                  Disconnect
                </button>
              </>
            )}
          </div>
          <MappingForm provider={provider} name={name} mapping={data.mapping} canEdit={canEdit} onDone={refresh} />
        </>
      )}
    </section>
  );
}

const isBusy = (c: CrmConnection | undefined) =>
  c?.connected === true && (c.lastRun?.status === "queued" || c.lastRun?.status === "running");

function ConnectForm({
  provider,
  name,
  authHint,
  onDone,
}: {
  provider: Provider;
  name: string;
  authHint: string;
  onDone: () => void;
}) {
  const [clientId, setClientId] = useState("");
  const [clientSecret, setClientSecret] = useState("");
  const [refreshToken, setRefreshToken] = useState("");
  const [authUrl, setAuthUrl] = useState("");
  const save = useMutation({
    mutationFn: () =>
      connect(provider, { clientId, clientSecret, refreshToken, ...(authUrl.trim() && { authUrl: authUrl.trim() }) }),
    onSuccess: () => {
      showToast(`${name} connected. Sync now to bring the accounts in.`);
      onDone();
    },
  });
  return (
    <form
      className="connect-form crm-connect"
      aria-label={`Connect ${name}`}
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <div className="form-grid-2">
        <TextField label="Client id" value={clientId} onChange={setClientId} required />
        <TextField label="Client secret" type="password" value={clientSecret} onChange={setClientSecret} required />
        <TextField label="Refresh token" type="password" value={refreshToken} onChange={setRefreshToken} required />
        <TextField label="OAuth server (optional)" type="url" value={authUrl} onChange={setAuthUrl} hint={authHint} />
      </div>
      {save.isError && <p className="form-error">{save.error.message}</p>}
      <div>
        <button
          type="submit"
          className="button primary"
          disabled={save.isPending || !clientId || !clientSecret || !refreshToken}
        >
          {save.isPending ? "Checking…" : `Connect ${name}`}
        </button>
        <span className="muted small"> The credentials are tried first, then stored sealed.</span>
      </div>
    </form>
  );
}

const MAPPED: { key: Exclude<keyof CrmMapping, "customFields">; label: string }[] = [
  { key: "name", label: "Name" },
  { key: "domain", label: "Domain" },
  { key: "owner", label: "Owner" },
  { key: "tier", label: "Tier" },
  { key: "type", label: "Type" },
  { key: "renewalDate", label: "Renewal date" },
  { key: "tcv", label: "Contract value (TCV)" },
  { key: "products", label: "Products" },
];

function MappingForm({
  provider,
  name,
  mapping,
  canEdit,
  onDone,
}: {
  provider: Provider;
  name: string;
  mapping: CrmMapping;
  canEdit: boolean;
  onDone: () => void;
}) {
  const [draft, setDraft] = useState(mapping);
  const save = useMutation({
    mutationFn: () => saveMapping(provider, draft),
    onSuccess: () => {
      showToast("Mapping saved; the next sync reads every record again.");
      onDone();
    },
  });
  const dirty = JSON.stringify(draft) !== JSON.stringify(mapping);
  return (
    <details className="crm-mapping">
      <summary>Field mapping</summary>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate();
        }}
      >
        <div className="settings-table-wrap">
          <table className="settings-table">
            <thead>
              <tr>
                <th>Account field</th>
                <th>{name} field</th>
              </tr>
            </thead>
            <tbody>
              {MAPPED.map((m) => (
                <tr key={m.key}>
                  <td className="nowrap">{m.label}</td>
                  <td>
                    <input
                      aria-label={`${name} field for ${m.label}`}
                      value={draft[m.key] ?? ""}
                      disabled={!canEdit}
                      placeholder="not synced"
                      onChange={(e) =>
                        setDraft({ ...draft, [m.key]: e.target.value.trim() || (m.key === "name" ? "" : null) })
                      }
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {save.isError && <p className="form-error">{save.error.message}</p>}
        {canEdit && (
          <p>
            <button type="submit" className="button" disabled={!dirty || save.isPending}>
              Save mapping
            </button>
          </p>
        )}
      </form>
    </details>
  );
}

function RunStatus({ run }: { run: CrmSyncRun }) {
  const label = { queued: "queued", running: "running", succeeded: "done", failed: "failed" }[run.status];
  const at = run.finishedAt ?? run.startedAt ?? run.createdAt;
  return (
    <span className={`crm-status crm-${run.status}`}>
      {label} <time title={dateLabel(at)}>{ageLabel(at)} ago</time>
    </span>
  );
}

function RunsTable() {
  const runs = useQuery({ queryKey: crmKeys.runs, queryFn: ({ signal }) => listRuns(signal), select: (d) => d.items });
  const [open, setOpen] = useState<string | null>(null);
  if (runs.isPending) return null;
  if (runs.isError) return <p className="inline-error">Sync runs did not load.</p>;
  return (
    <section aria-labelledby="crm-runs">
      <h3 id="crm-runs" className="subsection-head">
        Recent syncs
      </h3>
      {runs.data.length === 0 ? (
        <p className="settings-empty muted">No syncs yet. Connect a CRM and press Sync now.</p>
      ) : (
        <div className="settings-table-wrap">
          <table className="settings-table crm-runs">
            <thead>
              <tr>
                <th>CRM</th>
                <th>Status</th>
                <th>Created</th>
                <th>Updated</th>
                <th>Unchanged</th>
                <th>Failed</th>
                <th className="wide">Problems</th>
              </tr>
            </thead>
            <tbody>
              {runs.data.map((run) => (
                <tr key={run.id}>
                  <td className="nowrap">{run.provider === "salesforce" ? "Salesforce" : "HubSpot"}</td>
                  <td className="nowrap">
                    <RunStatus run={run} />
                    {run.trigger === "schedule" && <span className="muted small"> · scheduled</span>}
                  </td>
                  <td>{run.created}</td>
                  <td>{run.updated}</td>
                  <td>{run.unchanged}</td>
                  <td>{run.failed}</td>
                  <td>
                    {run.error && <span className="inline-error">{run.error}</span>}
                    {run.failed > 0 && (
                      <button
                        type="button"
                        className="link-button"
                        onClick={() => setOpen(open === run.id ? null : run.id)}
                      >
                        {open === run.id ? "Hide records" : `${run.failed} record${run.failed === 1 ? "" : "s"} failed`}
                      </button>
                    )}
                    {open === run.id && <RunErrors id={run.id} />}
                    {!run.error && run.failed === 0 && <span className="muted">—</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function RunErrors({ id }: { id: string }) {
  const run = useQuery({ queryKey: crmKeys.run(id), queryFn: ({ signal }) => getRun(id, signal) });
  if (run.isPending) return <p className="muted small">Loading…</p>;
  if (run.isError) return <p className="inline-error">Did not load.</p>;
  return (
    <ul className="crm-errors">
      {run.data.errors.map((e) => (
        <li key={`${e.object}-${e.externalId}`}>
          <strong>{e.name ?? e.externalId}</strong> <code>{e.externalId}</code> {e.message}
        </li>
      ))}
    </ul>
  );
}
