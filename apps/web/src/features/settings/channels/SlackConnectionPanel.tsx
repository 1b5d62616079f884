// The Slack app connection: a form for the bot token and signing secret when not connected;
// who it is, the issue emoji, sync and disconnect when it is.
import { useState } from "react";
import { showError, showToast } from "../../../ui/toasts";
import { useCanEdit } from "../access";
import { TextField } from "../Fields";
import { type FieldErrors, useFormErrors } from "../formErrors";
import { useSettingsMutation } from "../useSettings";
import "./channelSetup.css";
import {
  type ConnectionInput,
  connect,
  disconnect,
  MANIFEST_URL,
  type SlackConnection,
  type SlackConnectionTest,
  syncChannels,
  testConnection,
} from "./slackApi";

export function SlackConnectionPanel({ connection }: { connection: SlackConnection }) {
  const canEdit = useCanEdit();
  const sync = useSettingsMutation(() => syncChannels());
  const drop = useSettingsMutation(() => disconnect());
  const test = useSettingsMutation(() => testConnection());
  const [result, setResult] = useState<SlackConnectionTest | null>(null);
  if (!connection.connected) return canEdit ? <ConnectForm /> : <p className="notice warn">Slack is not connected.</p>;
  return (
    <>
      <div className="connection-card">
        <span className="badge status-on">Connected</span>
        <span>
          Slack team <code>{connection.teamId ?? "?"}</code> · bot <code>{connection.botUserId ?? "?"}</code> · issue
          emoji <code>:{connection.issueEmoji}:</code>
        </span>
        <span className="grow" />
        {canEdit && (
          <>
            <button
              type="button"
              className="button small"
              disabled={test.isPending}
              onClick={() =>
                test.mutate(undefined, { onSuccess: setResult, onError: (e) => showError("Could not test", e) })
              }
            >
              {test.isPending ? "Testing…" : "Test connection"}
            </button>
            <button
              type="button"
              className="button small"
              disabled={sync.isPending}
              onClick={() =>
                sync.mutate(undefined, {
                  onSuccess: () => showToast("Channels synced from Slack."),
                  onError: (e) => showError("Could not sync channels", e),
                })
              }
            >
              {sync.isPending ? "Syncing…" : "Sync channels"}
            </button>
            <button
              type="button"
              className="button small danger"
              disabled={drop.isPending}
              onClick={() =>
                window.confirm("Disconnect Slack? New Slack messages will stop becoming issues.") &&
                drop.mutate(undefined, { onError: (e) => showError("Could not disconnect", e) })
              }
            >
              Disconnect
            </button>
          </>
        )}
      </div>
      {result && <TestResult result={result} />}
    </>
  );
}

/** Each credential on its own line: which one is wrong, and what to do about it. */
function TestResult({ result }: { result: SlackConnectionTest }) {
  const secret = result.signingSecret;
  return (
    <div className="slack-test" role="status" aria-label="Slack connection test">
      <p className={result.token.ok ? "notice ok" : "notice warn"}>
        <strong>Bot token: {result.token.ok ? "works" : "wrong"}.</strong> {result.token.message}
      </p>
      <p
        className={secret.status === "verified" ? "notice ok" : secret.status === "failing" ? "notice warn" : "notice"}
      >
        <strong>
          Signing secret:{" "}
          {secret.status === "verified" ? "verified" : secret.status === "failing" ? "wrong" : "not checked yet"}.
        </strong>{" "}
        {secret.message}
      </p>
    </div>
  );
}

function ConnectForm() {
  const [botToken, setBotToken] = useState("");
  const [signingSecret, setSigningSecret] = useState("");
  const [issueEmoji, setIssueEmoji] = useState("ticket");
  const save = useSettingsMutation((input: ConnectionInput) => connect(input));
  const errors = useFormErrors(() => {
    const problems: FieldErrors = {};
    if (!botToken.trim().startsWith("xoxb-")) problems.botToken = "The bot token starts with xoxb-.";
    if (signingSecret.trim().length < 8) problems.signingSecret = "Paste the app's signing secret.";
    return problems;
  }, save.error);
  return (
    <form
      className="connect-form"
      noValidate
      aria-label="Connect Slack"
      onSubmit={(e) => {
        e.preventDefault();
        if (!errors.passes()) return save.reset();
        save.mutate(
          {
            botToken: botToken.trim(),
            signingSecret: signingSecret.trim(),
            issueEmoji: issueEmoji.trim() || undefined,
          },
          { onSuccess: () => showToast("Slack connected; channels synced.") },
        );
      }}
    >
      <p>
        <strong>Connect your Slack app.</strong>{" "}
        <span className="muted">
          1. <a href={MANIFEST_URL}>Download the app manifest</a> (scopes, events and webhook URLs filled in). 2. At{" "}
          <a href="https://api.slack.com/apps?new_app=1" target="_blank" rel="noreferrer">
            api.slack.com/apps
          </a>{" "}
          choose Create New App → From a manifest and paste it. 3. Install the app and paste its Bot User OAuth Token
          (OAuth &amp; Permissions) and Signing Secret (Basic Information) here.
        </span>
      </p>
      <div className="form-grid-3">
        <TextField
          label="Bot token"
          type="password"
          value={botToken}
          onChange={setBotToken}
          error={errors.fields.botToken}
        />
        <TextField
          label="Signing secret"
          type="password"
          value={signingSecret}
          onChange={setSigningSecret}
          error={errors.fields.signingSecret}
        />
        <TextField
          label="Issue emoji"
          value={issueEmoji}
          onChange={setIssueEmoji}
          error={errors.fields.issueEmoji}
          hint="Reacting with it turns a message into an issue."
        />
      </div>
      {errors.general && (
        <p className="inline-error" role="alert">
          {errors.general}
        </p>
      )}
      <div>
        <button type="submit" className="button primary" disabled={save.isPending}>
          {save.isPending ? "Connecting…" : "Connect Slack"}
        </button>
      </div>
    </form>
  );
}
