// Subscribe a URL to issue event types (checkboxes from the event catalog), then show the
// signing secret exactly once.

import { webhookEventTypes } from "@switchboard/api/vocabulary";
import { useState } from "react";
import { TextField } from "../Fields";
import { FormDialog } from "../FormDialog";
import { useFormErrors } from "../formErrors";
import { SecretReveal } from "../SecretReveal";
import { useSettingsMutation } from "../useSettings";
import { type CreatedWebhook, createWebhook, type WebhookForm } from "./api";

/** What each event type means, in the words of the log. */
const EVENT_LABELS: Record<(typeof webhookEventTypes)[number], string> = {
  created: "Issue created",
  message: "Message or note added",
  state: "State changed",
  reopened: "Issue reopened",
  assignee: "Assignee changed",
  team: "Team changed",
  priority: "Priority changed",
  tags: "Tags changed",
  field: "Custom field changed",
  title: "Title changed",
  merged: "Merged into another issue",
  merged_from: "Another issue merged in",
  message_edited: "Message edited",
  message_deleted: "Message deleted",
  message_withdrawn: "Reply withdrawn (undo send)",
  reaction: "Slack reaction",
  linked: "Follow-up linked",
  trigger: "Trigger ran",
  ai_decision: "AI decision",
  delivery_recovered: "Delivery recovered",
  sla_applied: "SLA applied",
  sla_breached: "SLA breached",
  csat: "CSAT answered",
  csat_requested: "CSAT survey sent",
};

export function WebhookDialog({ onClose }: { onClose: () => void }) {
  const [url, setUrl] = useState("");
  const [description, setDescription] = useState("");
  const [types, setTypes] = useState<Set<string>>(new Set(["created", "message", "state"]));
  const save = useSettingsMutation((input: WebhookForm) => createWebhook(input));
  const errors = useFormErrors(
    () => ({
      ...(/^https?:\/\/\S+$/i.test(url.trim()) ? {} : { url: "Give an http:// or https:// URL." }),
      ...(types.size > 0 ? {} : { eventTypes: "Choose at least one event." }),
    }),
    save.error,
  );

  if (save.data) return <Reveal created={save.data} onClose={onClose} />;

  const toggle = (type: string, on: boolean) => {
    const next = new Set(types);
    if (on) next.add(type);
    else next.delete(type);
    setTypes(next);
  };
  const submit = () => {
    if (!errors.passes()) return save.reset();
    save.mutate({
      url: url.trim(),
      ...(description.trim() && { description: description.trim() }),
      eventTypes: webhookEventTypes.filter((t) => types.has(t)),
    });
  };
  return (
    <FormDialog
      title="New webhook"
      onClose={onClose}
      onSubmit={submit}
      submitLabel="Create webhook"
      pending={save.isPending}
      error={errors.general}
      wide
    >
      <TextField
        label="Payload URL"
        value={url}
        onChange={setUrl}
        maxLength={2000}
        placeholder="https://example.com/switchboard-events"
        error={errors.fields.url}
        autoFocus
      />
      <TextField
        label="Description"
        value={description}
        onChange={setDescription}
        maxLength={300}
        placeholder="e.g. Data warehouse sync"
      />
      <fieldset className="webhook-events">
        <legend>Events</legend>
        <div className="webhook-event-grid">
          {webhookEventTypes.map((type) => (
            <label key={type} className="field inline">
              <input type="checkbox" checked={types.has(type)} onChange={(e) => toggle(type, e.target.checked)} />
              <span>
                {EVENT_LABELS[type]} <code className="muted">{type}</code>
              </span>
            </label>
          ))}
        </div>
        {errors.fields.eventTypes && (
          <p className="inline-error" role="alert">
            {errors.fields.eventTypes}
          </p>
        )}
      </fieldset>
    </FormDialog>
  );
}

function Reveal({ created, onClose }: { created: CreatedWebhook; onClose: () => void }) {
  return (
    <SecretReveal
      title="Webhook created"
      notice="Copy the signing secret now. It is shown only once. Your receiver checks each delivery's X-Switchboard-Signature with it (see the README)."
      label="Signing secret"
      secret={created.secret}
      onClose={onClose}
    />
  );
}
