// Inbound deliveries that could not be ingested, kept with their reason and raw payload.
// Admins read the raw message and retry or discard it.
import { useState } from "react";
import { messageOf } from "../../../ui/ErrorNotice";
import { ageLabel, dateLabel } from "../../../ui/time";
import { showError, showToast } from "../../../ui/toasts";
import { useCanEdit } from "../access";
import { discardQuarantined, PATHS, type QuarantineItem, retryQuarantined } from "../api";
import { FormDialog } from "../FormDialog";
import { AdminsOnly, type Column, ResourceTable } from "../ResourceTable";
import { Section } from "../Section";
import { isMissingRoute, useSettingsList, useSettingsMutation } from "../useSettings";

type Action = "discard" | "retry";

/** Retrying re-runs a channel's own ingestion; today's server can do that for email. */
const RETRYABLE = new Set(["email"]);

export function QuarantineSection() {
  const canEdit = useCanEdit();
  const items = useSettingsList<QuarantineItem>(PATHS.quarantine, canEdit);
  const [viewing, setViewing] = useState<QuarantineItem | null>(null);
  const act = useSettingsMutation(({ item, action }: { item: QuarantineItem; action: Action }) =>
    action === "retry" ? retryQuarantined(item.id).then((r) => r.entry) : discardQuarantined(item.id),
  );
  const run = (item: QuarantineItem, action: Action) =>
    act.mutate(
      { item, action },
      {
        onSuccess: () => {
          showToast(action === "retry" ? "Sent back for ingestion." : "Discarded.");
          setViewing(null);
        },
        onError: (e) =>
          isMissingRoute(e)
            ? showToast("Retrying is not available on this server yet.", "error")
            : showError(action === "retry" ? "Could not retry" : "Could not discard", e),
      },
    );
  const sorted = {
    ...items,
    data: items.data && [...items.data].sort((a, b) => Number(b.status === "pending") - Number(a.status === "pending")),
  };

  const columns: Column<QuarantineItem>[] = [
    {
      header: "Received",
      cell: (q) => <time title={dateLabel(q.createdAt)}>{ageLabel(q.createdAt)} ago</time>,
    },
    { header: "Channel", cell: (q) => <span className="chip">{q.channel}</span> },
    { header: "Reason", className: "wide", cell: (q) => <span className="clip">{q.reason}</span> },
    { header: "Status", cell: (q) => <span className={`badge quarantine-${q.status}`}>{q.status}</span> },
    {
      header: "Actions",
      className: "actions",
      cell: (q) => (
        <span className="row-actions">
          <button type="button" className="button small" onClick={() => setViewing(q)}>
            View raw
          </button>
          {q.status === "pending" && <ItemButtons item={q} busy={act.isPending} onAct={run} />}
        </span>
      ),
    },
  ];

  return (
    <Section
      title="Quarantine"
      description="Inbound messages Switchboard could not turn into issues — unparseable email, unknown Slack channels, bad signatures. Nothing is dropped: retry once the cause is fixed, or discard."
    >
      {canEdit ? (
        <ResourceTable
          label="Quarantined deliveries"
          noun="quarantined deliveries"
          query={sorted}
          columns={columns}
          rowKey={(q) => q.id}
          empty="Nothing in quarantine. Every inbound message was ingested."
        />
      ) : (
        <AdminsOnly />
      )}
      {viewing && (
        <FormDialog
          title={`Quarantined ${viewing.channel} delivery`}
          onClose={() => setViewing(null)}
          wide
          extra={viewing.status === "pending" && <ItemButtons item={viewing} busy={act.isPending} onAct={run} />}
        >
          <dl className="facts">
            <dt>Reason</dt>
            <dd>{viewing.reason}</dd>
            <dt>Received</dt>
            <dd>{dateLabel(viewing.createdAt)}</dd>
            <dt>Status</dt>
            <dd>{viewing.status}</dd>
          </dl>
          {Object.keys(viewing.meta).length > 0 && (
            <figure className="raw-figure">
              <figcaption>Metadata</figcaption>
              <pre className="raw small">{JSON.stringify(viewing.meta, null, 2)}</pre>
            </figure>
          )}
          <figure className="raw-figure">
            <figcaption>Raw payload</figcaption>
            <pre className="raw">{viewing.raw}</pre>
          </figure>
          {act.isError && <p className="inline-error">{messageOf(act.error)}</p>}
        </FormDialog>
      )}
    </Section>
  );
}

function ItemButtons({
  item,
  busy,
  onAct,
}: {
  item: QuarantineItem;
  busy: boolean;
  onAct: (item: QuarantineItem, action: Action) => void;
}) {
  return (
    <>
      {RETRYABLE.has(item.channel) && (
        <button type="button" className="button small" disabled={busy} onClick={() => onAct(item, "retry")}>
          Retry
        </button>
      )}
      <button
        type="button"
        className="button small danger"
        disabled={busy}
        onClick={() => window.confirm("Discard this delivery for good?") && onAct(item, "discard")}
      >
        Discard
      </button>
    </>
  );
}
