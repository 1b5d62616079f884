// Receiving email: for each inbox, how mail reaches Switchboard (forwarding from Google Workspace
// or Microsoft 365, or the domain's MX pointed at the SMTP listener), and a test mail whose
// arrival shows here.
import type { Inbox } from "@switchboard/api";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { ErrorNotice } from "../../../ui/ErrorNotice";
import { dateLabel } from "../../../ui/time";
import { showError } from "../../../ui/toasts";
import { useCanEdit } from "../access";
import { PATHS } from "../api";
import { AdminsOnly } from "../ResourceTable";
import { Section } from "../Section";
import "./channelSetup.css";
import { useSettingsList, useSettingsMutation } from "../useSettings";
import { checkInbox, getInboxSetup, type InboxCheckResult, type InboxSetup } from "./emailDeliveryApi";

export function ReceivingEmailSection() {
  const canEdit = useCanEdit();
  const inboxes = useSettingsList<Inbox>(PATHS.inboxes, canEdit);
  const [chosen, setChosen] = useState<string | null>(null);
  const current = inboxes.data?.find((i) => i.id === chosen) ?? inboxes.data?.[0];
  return (
    <Section
      title="Receiving email"
      description="Mail to an inbox address must reach Switchboard's SMTP listener: forward it from your mail provider, or point the domain's MX record here. Then send a test mail."
    >
      {!canEdit && <AdminsOnly />}
      {inboxes.isError && <ErrorNotice error={inboxes.error} onRetry={() => inboxes.refetch()} />}
      {inboxes.data?.length === 0 && (
        <p className="state-line empty">No inboxes yet. Add one under Email inboxes (support@ your domain) first.</p>
      )}
      {inboxes.data && inboxes.data.length > 1 && (
        <div className="segmented" role="tablist" aria-label="Inbox">
          {inboxes.data.map((i) => (
            <button
              key={i.id}
              type="button"
              role="tab"
              aria-selected={i.id === current?.id}
              className={i.id === current?.id ? "button small active" : "button small"}
              onClick={() => setChosen(i.id)}
            >
              {i.address}
            </button>
          ))}
        </div>
      )}
      {current && <InboxSetupPanel inboxId={current.id} />}
    </Section>
  );
}

function InboxSetupPanel({ inboxId }: { inboxId: string }) {
  const [sent, setSent] = useState<InboxCheckResult | null>(null);
  const setup = useQuery({
    queryKey: ["directory", "settings", "inbox-setup", inboxId],
    queryFn: ({ signal }) => getInboxSetup(inboxId, signal),
    // While a test mail is on its way, look for it every two seconds.
    refetchInterval: (q) => (q.state.data?.check && !q.state.data.check.arrivedAt ? 2000 : false),
  });
  const check = useSettingsMutation(() => checkInbox(inboxId));
  if (setup.isError) return <ErrorNotice error={setup.error} onRetry={() => setup.refetch()} />;
  const s = setup.data;
  if (!s) return <p className="state-line">Loading…</p>;
  return (
    <div className="inbox-setup">
      <CheckPanel
        setup={s}
        sent={sent}
        pending={check.isPending}
        onCheck={() =>
          check.mutate(undefined, { onSuccess: setSent, onError: (e) => showError("Could not start the check", e) })
        }
      />
      <Instructions setup={s} />
    </div>
  );
}

function CheckPanel(props: { setup: InboxSetup; sent: InboxCheckResult | null; pending: boolean; onCheck(): void }) {
  const { setup, sent } = props;
  const check = setup.check;
  return (
    <section className="connect-form" aria-label="Inbox check">
      <div className="form-row">
        <p className="grow">
          <strong>Send a test mail to {setup.address}</strong>{" "}
          <span className="muted">— it makes no issue; its arrival shows here.</span>
        </p>
        <button type="button" className="button primary" disabled={props.pending} onClick={props.onCheck}>
          {props.pending ? "Sending…" : "Send test mail"}
        </button>
      </div>
      {check && (
        <p className={check.arrivedAt ? "notice ok" : "notice"} role="status">
          {check.arrivedAt
            ? `Arrived ${dateLabel(check.arrivedAt)} (sent ${dateLabel(check.sentAt)}): mail to ${setup.address} reaches Switchboard.`
            : `Sent ${dateLabel(check.sentAt)}, not arrived yet. Waiting…`}
        </p>
      )}
      {sent && !sent.sent && check && !check.arrivedAt && (
        <p className="notice warn" role="alert">
          Switchboard could not send it ({sent.sendError}). Send a mail yourself to {setup.address} with{" "}
          <code>{check.subjectToken}</code> in the subject.
        </p>
      )}
    </section>
  );
}

function Instructions({ setup }: { setup: InboxSetup }) {
  const host = setup.listener.host ?? "<this server's host name>";
  return (
    <div className="instructions">
      <h3>Forward from Google Workspace</h3>
      <ol>
        <li>
          Admin console → Apps → Google Workspace → Gmail → <strong>Routing</strong> → Add another rule.
        </li>
        <li>
          Messages to affect: <em>Inbound</em>. Envelope recipient: <code>{setup.address}</code>.
        </li>
        <li>
          Also deliver to: add recipient <code>{setup.address}</code> → Advanced → <strong>Change route</strong> to a
          host:{" "}
          <code>
            {host}:{setup.listener.port === 25 ? 25 : `25 (forwarded to ${setup.listener.port})`}
          </code>
          , without TLS required if the host has no certificate.
        </li>
      </ol>
      <h3>Forward from Microsoft 365</h3>
      <ol>
        <li>
          Exchange admin center → Mail flow → <strong>Connectors</strong> → Add: from Office 365 to a partner
          organization, only by transport rule, route via smart host <code>{host}</code>.
        </li>
        <li>
          Mail flow → <strong>Rules</strong> → Add: if the recipient is <code>{setup.address}</code>, do: Redirect the
          message to → the following connector → the one above (add "Deliver to the mailbox" too to keep a copy).
        </li>
      </ol>
      <h3>Or point the domain's MX here</h3>
      <p>
        When the domain receives no other mail (e.g. <code>help.example.com</code>), publish:{" "}
        <code>{setup.mxRecord ?? "set PUBLIC_URL to show the record"}</code>. Mail servers deliver on port 25; the
        listener is on{" "}
        <code>
          {setup.listener.bind}:{setup.listener.port}
        </code>
        {setup.listener.bind === "127.0.0.1" && " — only this machine reaches it: set SMTP_HOST=0.0.0.0"}.
      </p>
    </div>
  );
}
