// A webhook's delivery log, newest first: status, answer, time taken, attempts, the start of the
// receiver's answer; any delivery can be sent again (replay).
import { ageLabel, dateLabel } from "../../../ui/time";
import { showError, showToast } from "../../../ui/toasts";
import { FormDialog } from "../FormDialog";
import { type Column, ResourceTable } from "../ResourceTable";
import { useSettingsList, useSettingsMutation } from "../useSettings";
import { deliveriesPath, replayDelivery, type Webhook, type WebhookDelivery } from "./api";

const STATUS_CLASS: Record<WebhookDelivery["status"], string> = {
  delivered: "badge status-on",
  pending: "badge",
  sending: "badge",
  failed: "badge status-off",
};

export function DeliveriesDialog({ webhook, onClose }: { webhook: Webhook; onClose: () => void }) {
  const deliveries = useSettingsList<WebhookDelivery>(deliveriesPath(webhook.id));
  const replay = useSettingsMutation((d: WebhookDelivery) => replayDelivery(webhook.id, d.id));

  const columns: Column<WebhookDelivery>[] = [
    {
      header: "Event",
      className: "nowrap",
      cell: (d) => (
        <span>
          <code>{d.eventType}</code> <span className="muted">#{d.issueNumber}</span>
          {d.replayOf && <span className="muted"> · replay</span>}
          <br />
          <time className="muted small" title={dateLabel(d.updatedAt)}>
            {ageLabel(d.updatedAt)} ago
          </time>
        </span>
      ),
    },
    {
      header: "Status",
      className: "nowrap",
      cell: (d) => (
        <span>
          <span className={STATUS_CLASS[d.status]} title={d.error ?? undefined}>
            {d.status}
          </span>
          <span className="muted small" title="Attempts">
            {" "}
            {d.attempts} {d.attempts === 1 ? "try" : "tries"}
          </span>
        </span>
      ),
    },
    {
      header: "Answer",
      className: "nowrap",
      cell: (d) =>
        d.responseStatus === null && d.durationMs === null ? (
          <span className="muted">—</span>
        ) : (
          <span>
            {d.responseStatus ?? "no answer"}
            {d.durationMs !== null && <span className="muted"> · {d.durationMs} ms</span>}
          </span>
        ),
    },
    {
      header: "Response",
      cell: (d) => (
        <span className="muted webhook-excerpt" title={d.error ?? d.responseExcerpt ?? undefined}>
          {d.error ?? d.responseExcerpt ?? ""}
        </span>
      ),
    },
    {
      header: "Actions",
      className: "actions",
      cell: (d) => (
        <button
          type="button"
          className="button small"
          aria-label={`Replay ${d.eventType} of #${d.issueNumber}`}
          disabled={replay.isPending}
          onClick={() =>
            replay.mutate(d, {
              onSuccess: () => showToast("Queued to send again."),
              onError: (e) => showError("Could not replay the delivery", e),
            })
          }
        >
          Replay
        </button>
      ),
    },
  ];
  return (
    <FormDialog title={`Deliveries to ${webhook.url}`} onClose={onClose} wide>
      <ResourceTable
        label="Webhook deliveries"
        noun="deliveries"
        query={deliveries}
        columns={columns}
        rowKey={(d) => d.id}
        empty="Nothing sent yet: deliveries appear here as subscribed events happen."
      />
    </FormDialog>
  );
}
