// Outbound webhooks: URLs subscribed to issue events, each delivery signed and logged. A webhook
// that kept failing was disabled by the server: it says so here, and can be switched back on.
import { useState } from "react";
import { ageLabel, dateLabel } from "../../../ui/time";
import { showError, showToast } from "../../../ui/toasts";
import { useCanEdit } from "../access";
import { AdminsOnly, type Column, ResourceTable } from "../ResourceTable";
import { Section } from "../Section";
import { useSettingsList, useSettingsMutation } from "../useSettings";
import { deleteWebhook, updateWebhook, WEBHOOKS_PATH, type Webhook } from "./api";
import { DeliveriesDialog } from "./DeliveriesDialog";
import { WebhookDialog } from "./WebhookDialog";
import "./webhooks.css";

export function WebhooksSection() {
  const canEdit = useCanEdit();
  const webhooks = useSettingsList<Webhook>(WEBHOOKS_PATH, canEdit);
  const [creating, setCreating] = useState(false);
  const [log, setLog] = useState<Webhook | null>(null);
  const toggle = useSettingsMutation((w: Webhook) => updateWebhook(w.id, { enabled: !w.enabled }));
  const remove = useSettingsMutation((w: Webhook) => deleteWebhook(w.id));
  const disabled = (webhooks.data ?? []).filter((w) => !w.enabled && w.disabledReason?.startsWith("Disabled after"));

  const columns: Column<Webhook>[] = [
    {
      header: "URL",
      className: "webhook-url",
      cell: (w) => (
        <span>
          <strong>{w.url}</strong>
          {w.description && <span className="muted"> · {w.description}</span>}
        </span>
      ),
    },
    {
      header: "Events",
      cell: (w) => (
        <span className="muted" title={w.eventTypes.join(", ")}>
          {w.eventTypes.length <= 3
            ? w.eventTypes.join(", ")
            : `${w.eventTypes.slice(0, 3).join(", ")} +${w.eventTypes.length - 3}`}
        </span>
      ),
    },
    {
      header: "Status",
      cell: (w) =>
        w.enabled ? (
          <span className="badge status-on">Active</span>
        ) : (
          <span className="badge status-off" title={w.disabledReason ?? undefined}>
            Disabled
          </span>
        ),
    },
    { header: "Created", cell: (w) => <time title={dateLabel(w.createdAt)}>{ageLabel(w.createdAt)} ago</time> },
    {
      header: "Actions",
      className: "actions",
      cell: (w) => (
        <span className="row-actions">
          <button
            type="button"
            className="button small"
            onClick={() => setLog(w)}
            aria-label={`Deliveries of ${w.url}`}
          >
            Deliveries
          </button>
          <button
            type="button"
            className="button small"
            disabled={toggle.isPending}
            onClick={() =>
              toggle.mutate(w, {
                onSuccess: () =>
                  showToast(w.enabled ? "Webhook disabled." : "Webhook enabled: waiting deliveries go out."),
                onError: (e) => showError("Could not change the webhook", e),
              })
            }
          >
            {w.enabled ? "Disable" : "Enable"}
          </button>
          <button
            type="button"
            className="button small danger"
            aria-label={`Delete ${w.url}`}
            disabled={remove.isPending}
            onClick={() => {
              if (!window.confirm(`Delete the webhook to ${w.url}? Its delivery log goes with it.`)) return;
              remove.mutate(w, {
                onSuccess: () => showToast("Webhook deleted."),
                onError: (e) => showError("Could not delete the webhook", e),
              });
            }}
          >
            Delete
          </button>
        </span>
      ),
    },
  ];

  return (
    <Section
      title="Webhooks"
      description="Send issue events to your own systems as signed HTTP POSTs: retried with backoff, in order per issue, with a delivery log."
      action={
        canEdit && (
          <button type="button" className="button primary" onClick={() => setCreating(true)}>
            New webhook
          </button>
        )
      }
    >
      {disabled.map((w) => (
        <div key={w.id} className="notice warn" role="alert">
          <span>
            <strong>{w.url}</strong> was switched off: {w.disabledReason} Fix the receiver, then enable it again; the
            deliveries it missed are waiting.
          </span>
        </div>
      ))}
      {canEdit ? (
        <ResourceTable
          label="Webhooks"
          noun="webhooks"
          query={webhooks}
          columns={columns}
          rowKey={(w) => w.id}
          empty="No webhooks yet. Add one to send issue events to your data warehouse, CRM or chat."
        />
      ) : (
        <AdminsOnly />
      )}
      {creating && <WebhookDialog onClose={() => setCreating(false)} />}
      {log && <DeliveriesDialog webhook={log} onClose={() => setLog(null)} />}
    </Section>
  );
}
