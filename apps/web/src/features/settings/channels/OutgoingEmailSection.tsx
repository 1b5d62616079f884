// Outgoing email: the SMTP server replies and system mails leave through (password kept sealed on
// the server, never shown again), a test mail with the server's own answer, and DKIM signing with
// the DNS record to publish. SMTP_URL in the server's environment overrides these settings.
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { ErrorNotice } from "../../../ui/ErrorNotice";
import { showError, showToast } from "../../../ui/toasts";
import { useCanEdit } from "../access";
import { SelectField, TextField } from "../Fields";
import { type FieldErrors, useFormErrors } from "../formErrors";
import { AdminsOnly } from "../ResourceTable";
import { Section } from "../Section";
import "./channelSetup.css";
import { useSettingsMutation } from "../useSettings";
import {
  type EmailSettings,
  type EmailTestResult,
  generateDkim,
  getEmailSettings,
  removeDkim,
  type SmtpForm,
  saveEmailSettings,
  sendTestMail,
} from "./emailDeliveryApi";

const SECURITY = [
  { value: "starttls", label: "STARTTLS (port 587)" },
  { value: "tls", label: "TLS from the start (port 465)" },
  { value: "none", label: "None — a relay on this machine only (port 25)" },
] as const;

export function OutgoingEmailSection() {
  const canEdit = useCanEdit();
  const settings = useQuery({
    queryKey: ["directory", "settings", "email-settings"],
    queryFn: ({ signal }) => getEmailSettings(signal),
    enabled: canEdit,
  });
  return (
    <Section
      title="Outgoing email"
      description="Replies to email issues, invitations and password resets are sent through this SMTP server, from the inbox's address."
    >
      {!canEdit && <AdminsOnly />}
      {settings.isPending && canEdit && <p className="state-line">Loading email settings…</p>}
      {settings.isError && <ErrorNotice error={settings.error} onRetry={() => settings.refetch()} />}
      {settings.data && (
        <>
          <Status settings={settings.data} />
          <SmtpFormPanel settings={settings.data} />
          <TestMail />
          <Dkim settings={settings.data} />
        </>
      )}
    </Section>
  );
}

function Status({ settings }: { settings: EmailSettings }) {
  if (settings.active === "environment")
    return (
      <p className="notice warn" role="status">
        The server's environment sets <code>SMTP_URL</code> (<code>{settings.environment}</code>): it is used instead of
        the settings below until it is removed.
      </p>
    );
  if (settings.active === "none")
    return (
      <p className="notice warn" role="status">
        No outgoing server yet: replies to email issues wait in the outbox until one is set.
      </p>
    );
  return null;
}

function SmtpFormPanel({ settings }: { settings: EmailSettings }) {
  const [host, setHost] = useState(settings.host ?? "");
  const [security, setSecurity] = useState<SmtpForm["security"]>(settings.security);
  const [port, setPort] = useState(settings.port ? String(settings.port) : "");
  const [user, setUser] = useState(settings.user ?? "");
  const [password, setPassword] = useState("");
  const save = useSettingsMutation((input: SmtpForm) => saveEmailSettings(input));
  const errors = useFormErrors(() => {
    const problems: FieldErrors = {};
    if (!host.trim()) problems.host = "The SMTP server's host name, e.g. smtp.gmail.com.";
    if (port && !/^\d{1,5}$/.test(port)) problems.port = "A port number, e.g. 587.";
    return problems;
  }, save.error);
  return (
    <form
      className="connect-form"
      aria-label="SMTP server"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        if (!errors.passes()) return save.reset();
        save.mutate(
          {
            host: host.trim(),
            security,
            ...(port && { port: Number(port) }),
            user: user.trim() || null,
            ...(password && { password }),
          },
          {
            onSuccess: () => {
              setPassword("");
              showToast("Outgoing email saved.");
            },
          },
        );
      }}
    >
      <div className="form-grid-3">
        <TextField
          label="SMTP host"
          value={host}
          onChange={setHost}
          error={errors.fields.host}
          placeholder="smtp.example.com"
        />
        <SelectField
          label="Security"
          value={security}
          onChange={(v) => setSecurity(v as SmtpForm["security"])}
          options={SECURITY.map((s) => ({ value: s.value, label: s.label }))}
        />
        <TextField
          label="Port"
          value={port}
          onChange={setPort}
          error={errors.fields.port}
          hint="Empty: the usual port for the security."
        />
        <TextField label="User name" value={user} onChange={setUser} error={errors.fields.user} />
        <TextField
          label="Password"
          type="password"
          value={password}
          onChange={setPassword}
          error={errors.fields.password}
          hint={settings.passwordSet ? "Stored encrypted. Leave empty to keep it." : "Stored encrypted at rest."}
        />
      </div>
      {errors.general && (
        <p className="inline-error" role="alert">
          {errors.general}
        </p>
      )}
      <div>
        <button type="submit" className="button primary" disabled={save.isPending}>
          {save.isPending ? "Saving…" : "Save"}
        </button>
      </div>
    </form>
  );
}

function TestMail() {
  const [to, setTo] = useState("");
  const [result, setResult] = useState<EmailTestResult | null>(null);
  const send = useSettingsMutation((address: string) => sendTestMail(address));
  return (
    <section className="connect-form" aria-label="Send a test mail">
      <p>
        <strong>Send a test mail</strong> <span className="muted">— shows what the SMTP server answered.</span>
      </p>
      <div className="form-row">
        <TextField label="To" type="email" value={to} onChange={setTo} placeholder="you@example.com" />
        <button
          type="button"
          className="button"
          disabled={send.isPending || !to.includes("@")}
          onClick={() =>
            send.mutate(to.trim(), {
              onSuccess: setResult,
              onError: (e) => showError("Could not send the test mail", e),
            })
          }
        >
          {send.isPending ? "Sending…" : "Send test mail"}
        </button>
      </div>
      {result && (
        <div className={result.ok ? "notice ok" : "notice warn"} role="status">
          <strong>{result.ok ? "Accepted" : "Not sent"}</strong> via{" "}
          {result.via === "environment" ? "SMTP_URL" : "these settings"}
          {result.dkimSigned && ", DKIM-signed"}. Server's answer: <code>{result.response ?? result.error ?? "—"}</code>
          {!result.ok && result.error && result.response && <div>{result.error}</div>}
        </div>
      )}
    </section>
  );
}

function Dkim({ settings }: { settings: EmailSettings }) {
  const [domain, setDomain] = useState(settings.dkim?.domain ?? "");
  const [selector, setSelector] = useState(settings.dkim?.selector ?? "switchboard");
  const generate = useSettingsMutation((input: { domain: string; selector: string }) => generateDkim(input));
  const remove = useSettingsMutation(() => removeDkim());
  const dkim = settings.dkim;
  return (
    <section className="connect-form" aria-label="DKIM signing">
      <p>
        <strong>DKIM signing</strong>{" "}
        <span className="muted">
          — receiving servers trust mail signed for your domain. Mail from that domain (and its subdomains) is signed.
        </span>
      </p>
      {dkim ? (
        <>
          <p>
            Publish this TXT record in the DNS of <code>{dkim.domain}</code>, then send a test mail:
          </p>
          <dl className="dns-record">
            <dt>Name</dt>
            <dd>
              <code>{dkim.record.name}</code>
            </dd>
            <dt>Value</dt>
            <dd>
              <code className="wrap">{dkim.record.value}</code>
            </dd>
          </dl>
          <div className="form-row">
            <button
              type="button"
              className="button small"
              onClick={() => navigator.clipboard?.writeText(dkim.record.value)}
            >
              Copy value
            </button>
            <button
              type="button"
              className="button small danger"
              disabled={remove.isPending}
              onClick={() =>
                window.confirm("Stop signing? Remove the DNS record afterwards.") &&
                remove.mutate(undefined, { onError: (e) => showError("Could not remove the key", e) })
              }
            >
              Remove key
            </button>
          </div>
        </>
      ) : (
        <div className="form-row">
          <TextField label="Domain" value={domain} onChange={setDomain} placeholder="example.com" />
          <TextField label="Selector" value={selector} onChange={setSelector} />
          <button
            type="button"
            className="button"
            disabled={generate.isPending || !domain.includes(".")}
            onClick={() =>
              generate.mutate(
                { domain: domain.trim(), selector: selector.trim() || "switchboard" },
                { onError: (e) => showError("Could not generate a key", e) },
              )
            }
          >
            {generate.isPending ? "Generating…" : "Generate key"}
          </button>
        </div>
      )}
    </section>
  );
}
