// Settings → Routing tester: paste a customer's message, pick the account and channel, and see
// the routing order at work without changing anything — the "Issue created" triggers that match
// (and why the others do not), the team that results, and each runbook's score for the Router.
import type { Inbox, RoutingTestInput, RoutingTestResult } from "@switchboard/api";
import { channels } from "@switchboard/api/vocabulary";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import type { z } from "zod";
import { request } from "../../api/client";
import { ErrorNotice } from "../../ui/ErrorNotice";
import { useAccounts, useCustomFields, useTeams, useUsers } from "../directory/useDirectory";
import { CHANNEL_LABELS } from "../issueDisplay/labels";
import { useCanEdit } from "../settings/access";
import { SelectField, TextAreaField, TextField } from "../settings/Fields";
import { Section } from "../settings/Section";
import { fieldCatalog } from "../settings/triggers/catalog";
import { conditionWords, valueWords } from "../settings/triggers/conditionWords";
import { useSettingsList } from "../settings/useSettings";
import { RoutingOrder } from "./RoutingOrder";
import "./routing.css";

type Input = z.input<typeof RoutingTestInput>;
type Channel = (typeof channels)[number];

export function RoutingTester() {
  const canEdit = useCanEdit();
  const accounts = useAccounts();
  const inboxes = useSettingsList<Inbox>("/inboxes", canEdit);
  const [subject, setSubject] = useState("");
  const [text, setText] = useState("");
  const [accountId, setAccountId] = useState("");
  const [channel, setChannel] = useState<Channel>("email");
  const [inboxId, setInboxId] = useState("");
  const run = useMutation({
    mutationFn: (input: Input) => request<RoutingTestResult>("/routing/test", { method: "POST", body: input }),
  });
  const submit = () =>
    run.mutate({
      subject,
      text,
      channel,
      accountId: accountId || null,
      inboxId: channel === "email" && inboxId ? inboxId : null,
    });

  return (
    <Section
      title="Routing tester"
      description="Paste a customer's message to see where it would go and why. Nothing is created or changed."
    >
      <RoutingOrder here="triggers" />
      <div className="routing-tester">
        <form
          aria-label="Test a message"
          onSubmit={(e) => {
            e.preventDefault();
            submit();
          }}
          // Ctrl/⌘+Enter in the message runs the test, as in the composer.
          onKeyDown={(e) => {
            if (e.key === "Enter" && (e.ctrlKey || e.metaKey) && text.trim()) {
              e.preventDefault();
              submit();
            }
          }}
        >
          <div className="form-grid-3">
            <SelectField
              label="Account"
              value={accountId}
              onChange={setAccountId}
              options={[
                { value: "", label: "No account (unknown sender)" },
                ...(accounts.data ?? []).map((a) => ({ value: a.id, label: `${a.name} (${a.type})` })),
              ]}
            />
            <SelectField
              label="Channel"
              value={channel}
              onChange={(v) => setChannel(v as Channel)}
              options={channels.map((c) => ({ value: c, label: CHANNEL_LABELS[c] }))}
            />
            {channel === "email" && canEdit ? (
              <SelectField
                label="Sent to"
                value={inboxId}
                onChange={setInboxId}
                options={[
                  { value: "", label: "Any address" },
                  ...(inboxes.data ?? []).map((i) => ({ value: i.id, label: i.address })),
                ]}
              />
            ) : (
              <span />
            )}
          </div>
          <TextField label="Subject" value={subject} onChange={setSubject} maxLength={500} placeholder="Optional" />
          <TextAreaField
            label="Message"
            value={text}
            onChange={setText}
            rows={6}
            placeholder="Hi, our invoice for April charged us twice…"
            hint="Ctrl+Enter tests it."
          />
          <div>
            <button type="submit" className="button primary" disabled={run.isPending || !text.trim()}>
              {run.isPending ? "Testing…" : "Test routing"}
            </button>
          </div>
        </form>
        {run.isError && <ErrorNotice error={run.error} />}
        {run.data && <TestResult result={run.data} />}
      </div>
    </Section>
  );
}

function TestResult({ result }: { result: RoutingTestResult }) {
  const teams = useTeams();
  const users = useUsers();
  const fields = useCustomFields();
  const catalog = fieldCatalog(fields.data ?? [], "event");
  const labelOf = (path: string) => catalog.find((f) => f.path === path)?.label ?? path;
  const nameOf = (id: string) =>
    teams.data?.find((t) => t.id === id)?.name ?? users.data?.find((u) => u.id === id)?.name;
  const words = (c: Parameters<typeof conditionWords>[0]) => conditionWords(c, labelOf, nameOf);
  const by =
    result.teamBy.kind === "trigger"
      ? `set by the trigger “${result.teamBy.name}”`
      : result.teamBy.kind === "inbox"
        ? `the default team of ${result.teamBy.name}, as no trigger set one`
        : "no trigger set one and the channel has no default team";
  return (
    <div className="tester-result" role="status" aria-label="Routing result">
      <section>
        <h3>1. Triggers on “Issue created”</h3>
        {result.triggers.length === 0 && <p className="muted">No triggers run when an issue is created.</p>}
        <ol className="tester-triggers">
          {result.triggers.map((t) => (
            <li key={t.id} className={t.matched ? "matched" : undefined}>
              <strong>{t.name}</strong>{" "}
              {t.skipped ? (
                <span className="muted">— skipped: {t.skipped}</span>
              ) : t.matched ? (
                <span>— matches: {t.actions.join("; ")}</span>
              ) : (
                <span className="muted">— does not match</span>
              )}
              {!t.skipped && t.trace.length > 0 && (
                <ul className="small">
                  {t.trace.map((c) => (
                    <li key={`${c.field} ${c.op} ${JSON.stringify(c.value)}`}>
                      {c.matched ? "✓" : "✗"} {words(c)}{" "}
                      <span className="muted">(was {valueWords(c.actual, nameOf)})</span>
                    </li>
                  ))}
                </ul>
              )}
            </li>
          ))}
        </ol>
      </section>
      <section>
        <h3>2. Team</h3>
        <p>
          {result.team ? <strong>{result.team.name}</strong> : <strong>No team</strong>} — {by}.
        </p>
      </section>
      <section>
        <h3>3. AI agent</h3>
        {result.router ? (
          <div className="tester-verdict">
            <p>
              <span className="ai-badge">AI</span>{" "}
              <strong>
                {result.router.action === "route"
                  ? `${result.router.agentName} would move it to ${result.router.team.name}`
                  : `${result.router.agentName} would leave it with ${result.router.team.name}`}
              </strong>{" "}
              ({Math.round(result.router.confidence * 100)}%)
            </p>
            <p>{result.router.reason}</p>
            <ul className="route-scores" aria-label="Runbook scores">
              {[...result.router.scores]
                .sort((a, b) => b.probability - a.probability)
                .map((s) => {
                  const label = s.runbookName ? `Runbook ${s.runbookName} → ${s.teamName}` : `Stay with ${s.teamName}`;
                  return (
                    <li key={label}>
                      <span>{label}</span>
                      <meter min={0} max={1} value={s.probability} aria-label={`${label} score`} />
                      <span className="muted">{Math.round(s.probability * 100)}%</span>
                    </li>
                  );
                })}
            </ul>
            <p className="muted small">Scored by {result.router.provider}.</p>
          </div>
        ) : (
          <p className="muted">
            {result.team ? `${result.team.name} has no AI agent; it stays there.` : "No team, so no AI agent runs."}
          </p>
        )}
      </section>
    </div>
  );
}
