// Settings → Linear: connect with a personal API key (sealed on the server, never shown again),
// test the connection, the team "Create" offers first, comment sync, and how to point Linear's
// webhook at us (URL and signing secret).
import type { LinearConnection } from "@switchboard/api";
import { type FormEvent, useState } from "react";
import { ErrorNotice, messageOf } from "../../ui/ErrorNotice";
import { showError, showToast } from "../../ui/toasts";
import { useCanEdit } from "../settings/access";
import { CheckField, SelectField, TextField } from "../settings/Fields";
import { AdminsOnly } from "../settings/ResourceTable";
import { Section } from "../settings/Section";
import { useSettingsMutation } from "../settings/useSettings";
import "../settings/channels/channelSetup.css";
import { connectLinear, disconnectLinear, testLinear, updateLinear, useLinearConnection, useLinearTeams } from "./api";
import "./linear.css";

export function LinearSection() {
  const canEdit = useCanEdit();
  const connection = useLinearConnection();
  return (
    <Section
      title="Linear"
      description="Create or link Linear issues from an issue. While a linked Linear issue is unfinished the issue waits on hold; when it ships, it comes back to its assignee with a note."
    >
      {!canEdit && <AdminsOnly />}
      {connection.isPending && <p className="state-line">Loading the Linear connection…</p>}
      {connection.isError && <ErrorNotice error={connection.error} onRetry={() => connection.refetch()} />}
      {connection.data?.connected === false && (canEdit ? <ConnectForm /> : <p className="muted">Not connected.</p>)}
      {connection.data?.connected === true && <Connected connection={connection.data} canEdit={canEdit} />}
      {connection.data && <WebhookInstructions url={webhookUrlOf(connection.data)} />}
    </Section>
  );
}

const webhookUrlOf = (c: LinearConnection) => (c.connected ? c.webhookUrl : `${window.location.origin}/hooks/linear`);

function ConnectForm({ onDone }: { onDone?: () => void }) {
  const [apiKey, setApiKey] = useState("");
  const [webhookSecret, setWebhookSecret] = useState("");
  const [apiUrl, setApiUrl] = useState("");
  const save = useSettingsMutation(connectLinear);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate(
      {
        apiKey: apiKey.trim(),
        ...(webhookSecret.trim() && { webhookSecret: webhookSecret.trim() }),
        ...(apiUrl.trim() && { apiUrl: apiUrl.trim() }),
      },
      {
        onSuccess: (c) => {
          setApiKey("");
          setWebhookSecret("");
          showToast(c.connected ? `Connected to ${c.organizationName ?? "Linear"}.` : "Saved.");
          onDone?.();
        },
      },
    );
  };
  return (
    <form className="connect-form" onSubmit={submit} noValidate aria-label="Connect Linear">
      <div className="form-grid-2">
        <TextField
          label="API key"
          type="password"
          value={apiKey}
          onChange={setApiKey}
          placeholder="lin_api_…"
          hint="Linear → Settings → Account → Security & access → Personal API keys. Stored encrypted."
        />
        <TextField
          label="Webhook signing secret"
          type="password"
          value={webhookSecret}
          onChange={setWebhookSecret}
          placeholder="lin_wh_…"
          hint="Shown by Linear when you create the webhook (see below). Optional until then."
        />
      </div>
      <TextField
        label="API URL (optional)"
        type="url"
        value={apiUrl}
        onChange={setApiUrl}
        placeholder="https://api.linear.app"
        hint="Only for a proxy; leave empty for Linear itself."
      />
      {save.isError && (
        <p className="inline-error" role="alert">
          {messageOf(save.error)}
        </p>
      )}
      <div>
        <button type="submit" className="button primary" disabled={apiKey.trim().length < 10 || save.isPending}>
          {save.isPending ? "Checking the key…" : "Connect"}
        </button>
      </div>
    </form>
  );
}

function Connected({
  connection,
  canEdit,
}: {
  connection: Extract<LinearConnection, { connected: true }>;
  canEdit: boolean;
}) {
  const [replacing, setReplacing] = useState(false);
  // Shown at once; the server's answer (or a refusal) settles it.
  const [defaultTeamId, setDefaultTeamId] = useState(connection.defaultTeamId ?? "");
  const [commentSync, setCommentSync] = useState(connection.commentSync);
  const teams = useLinearTeams(true);
  const update = useSettingsMutation(updateLinear);
  const disconnect = useSettingsMutation(disconnectLinear);
  const test = useSettingsMutation(testLinear);
  return (
    <>
      <section className="connect-form" aria-label="Linear connection">
        <div className="form-row">
          <span className="grow">
            Connected to <strong>{connection.organizationName ?? "Linear"}</strong>
            {connection.apiUrl && <span className="muted"> via {connection.apiUrl}</span>}.{" "}
            {connection.webhookConfigured ? (
              <span className="chip linear-completed">Webhook secret set</span>
            ) : (
              <span className="chip">No webhook secret: Linear's updates are refused</span>
            )}
          </span>
          <button
            type="button"
            className="button small"
            disabled={test.isPending}
            onClick={() =>
              // The outcome shows below the row; no toast repeats it.
              test.mutate(undefined)
            }
          >
            {test.isPending ? "Testing…" : "Test connection"}
          </button>
          {canEdit && (
            <>
              <button type="button" className="button small" onClick={() => setReplacing((r) => !r)}>
                {replacing ? "Cancel" : "Replace key or secret"}
              </button>
              <button
                type="button"
                className="button small danger"
                disabled={disconnect.isPending}
                onClick={() => {
                  if (!window.confirm("Disconnect Linear? Links stay on their issues but stop updating.")) return;
                  disconnect.mutate(undefined, {
                    onSuccess: () => showToast("Linear is disconnected."),
                    onError: (e) => showError("Could not disconnect", e),
                  });
                }}
              >
                Disconnect
              </button>
            </>
          )}
        </div>
        {test.isSuccess && (
          <div className="notice ok" role="status">
            Linear answered: {test.data.organizationName}, API key of {test.data.viewerName}.
          </div>
        )}
        {test.isError && <p className="inline-error">{messageOf(test.error)}</p>}
      </section>
      {replacing && canEdit && <ConnectForm onDone={() => setReplacing(false)} />}
      <section className="connect-form" aria-label="Linear preferences">
        <div className="form-grid-2">
          <SelectField
            label="Default team"
            value={defaultTeamId}
            disabled={!canEdit || update.isPending}
            hint="Offered first when an agent creates a Linear issue from an issue."
            onChange={(id) => {
              setDefaultTeamId(id);
              update.mutate(
                { defaultTeamId: id || null },
                {
                  onSuccess: () => showToast("Default team saved."),
                  onError: (e) => {
                    setDefaultTeamId(connection.defaultTeamId ?? "");
                    showError("Not saved", e);
                  },
                },
              );
            }}
            options={[
              { value: "", label: teams.isPending ? "Loading teams…" : "No default" },
              ...(teams.data ?? []).map((t) => ({ value: t.id, label: `${t.key} · ${t.name}` })),
            ]}
          />
          <CheckField
            label="Sync Linear comments as internal notes"
            checked={commentSync}
            disabled={!canEdit || update.isPending}
            hint="A comment on a linked Linear issue appears on every linked issue, never to the customer."
            onChange={(on) => {
              setCommentSync(on);
              update.mutate(
                { commentSync: on },
                {
                  onSuccess: () => showToast(on ? "Comments will sync." : "Comments no longer sync."),
                  onError: (e) => {
                    setCommentSync(connection.commentSync);
                    showError("Not saved", e);
                  },
                },
              );
            }}
          />
        </div>
        {teams.isError && <p className="inline-error">Teams did not load: {messageOf(teams.error)}</p>}
      </section>
    </>
  );
}

function WebhookInstructions({ url }: { url: string }) {
  return (
    <section className="connect-form instructions linear-webhook" aria-label="Linear webhook">
      <h3>Point Linear's webhook at Switchboard</h3>
      <ol>
        <li>
          In Linear: Settings → API → Webhooks → <em>New webhook</em>.
        </li>
        <li>
          URL: <code className="wrap">{url}</code>
        </li>
        <li>
          Data change events: <strong>Issues</strong> (state changes) and, for comment sync, <strong>Comments</strong>.
        </li>
        <li>Copy the webhook's signing secret into "Webhook signing secret" above. Unsigned deliveries are refused.</li>
      </ol>
    </section>
  );
}
