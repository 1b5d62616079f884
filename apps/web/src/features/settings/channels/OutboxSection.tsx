// Every email Switchboard sent or tried to send: to whom, its state, why it failed. Without an
// SMTP server configured replies wait here as "unsent"; once the cause is fixed, send them again.
import { useState } from "react";
import { Link } from "wouter";
import { ageLabel, dateLabel } from "../../../ui/time";
import { showError, showToast } from "../../../ui/toasts";
import { type OutboxItem, PATHS, resendOutbound } from "../api";
import { FormDialog } from "../FormDialog";
import { type Column, ResourceTable } from "../ResourceTable";
import { Section } from "../Section";
import { useSettingsList, useSettingsMutation } from "../useSettings";

const FILTERS = [
  { value: "", label: "All" },
  { value: "unsent", label: "Not sent (no SMTP)" },
  { value: "failed", label: "Failed" },
  { value: "sent", label: "Sent" },
  { value: "queued", label: "Sending" },
] as const;

const STATUS_LABEL: Record<OutboxItem["status"], string> = {
  queued: "sending",
  sent: "sent",
  failed: "failed",
  unsent: "not sent",
};

export function OutboxSection() {
  const [status, setStatus] = useState("");
  const items = useSettingsList<OutboxItem>(status ? `${PATHS.outbox}?status=${status}` : PATHS.outbox);
  const [viewing, setViewing] = useState<OutboxItem | null>(null);
  const resend = useSettingsMutation((item: OutboxItem) => resendOutbound(item.id));
  const sendAgain = (item: OutboxItem) =>
    resend.mutate(item, {
      onSuccess: () => {
        showToast("Sending again.");
        setViewing(null);
      },
      onError: (e) => showError("Could not send again", e),
    });

  const columns: Column<OutboxItem>[] = [
    {
      header: "Created",
      className: "nowrap",
      cell: (o) => (
        <time dateTime={o.createdAt} title={dateLabel(o.createdAt)}>
          {ageLabel(o.createdAt)} ago
        </time>
      ),
    },
    { header: "Issue", cell: (o) => <Link href={`/issues/${o.issueNumber}`}>#{o.issueNumber}</Link> },
    {
      header: "To",
      className: "recipients",
      cell: (o) => (
        <span className="clip" title={[...o.to, ...o.cc].join(", ")}>
          {o.to.join(", ")}
          {o.cc.length > 0 && <span className="muted"> +{o.cc.length} cc</span>}
        </span>
      ),
    },
    { header: "Subject", className: "wide", cell: (o) => <span className="clip">{o.subject}</span> },
    {
      header: "Status",
      cell: (o) => (
        <span className={`badge outbox-${o.status}`} title={o.error ?? undefined}>
          {STATUS_LABEL[o.status]}
        </span>
      ),
    },
    { header: "Attempts", className: "nowrap", cell: (o) => o.attempts },
    {
      header: "Actions",
      className: "actions",
      cell: (o) => (
        <span className="row-actions">
          <button type="button" className="button small" onClick={() => setViewing(o)}>
            View
          </button>
          {resendable(o) && <SendAgain item={o} busy={resend.isPending} onSend={sendAgain} />}
        </span>
      ),
    },
  ];

  return (
    <Section
      title="Email outbox"
      description="Every reply Switchboard emailed or tried to. Without SMTP_URL configured, replies wait here as not sent; failed ones show the mail server's answer. Nothing is dropped: send again once the cause is fixed."
    >
      <label className="inline-filter">
        Show{" "}
        <select value={status} onChange={(e) => setStatus(e.target.value)}>
          {FILTERS.map((f) => (
            <option key={f.value} value={f.value}>
              {f.label}
            </option>
          ))}
        </select>
      </label>
      <ResourceTable
        label="Outbound emails"
        noun="outbound emails"
        query={items}
        columns={columns}
        rowKey={(o) => o.id}
        empty={status ? "No emails in this state." : "No email sent yet. Replies on email issues show up here."}
      />
      {viewing && (
        <FormDialog
          title={viewing.subject}
          onClose={() => setViewing(null)}
          wide
          extra={resendable(viewing) && <SendAgain item={viewing} busy={resend.isPending} onSend={sendAgain} />}
        >
          <dl className="facts">
            <dt>From</dt>
            <dd>{viewing.from}</dd>
            <dt>To</dt>
            <dd>{viewing.to.join(", ")}</dd>
            {viewing.cc.length > 0 && (
              <>
                <dt>Cc</dt>
                <dd>{viewing.cc.join(", ")}</dd>
              </>
            )}
            <dt>Status</dt>
            <dd>
              {STATUS_LABEL[viewing.status]}
              {viewing.sentAt && ` · ${dateLabel(viewing.sentAt)}`} · {viewing.attempts} attempt
              {viewing.attempts === 1 ? "" : "s"}
            </dd>
            {viewing.error && (
              <>
                <dt>Why</dt>
                <dd>{viewing.error}</dd>
              </>
            )}
          </dl>
          <figure className="raw-figure">
            <figcaption>Body</figcaption>
            <pre className="raw">{viewing.bodyText}</pre>
          </figure>
        </FormDialog>
      )}
    </Section>
  );
}

/** Failed for good or never sent (no SMTP): the server accepts these for sending again. */
const resendable = (o: OutboxItem) => o.status === "failed" || o.status === "unsent";

function SendAgain({ item, busy, onSend }: { item: OutboxItem; busy: boolean; onSend: (item: OutboxItem) => void }) {
  return (
    <button type="button" className="button small" disabled={busy} onClick={() => onSend(item)}>
      Send again
    </button>
  );
}
