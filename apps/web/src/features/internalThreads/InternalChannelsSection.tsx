// Settings → Internal channels: the Slack channels of our own people where agents start internal
// threads, each with when to use it (shown when an agent picks one). Channels shared with a
// customer organisation are refused by the server, whatever is typed here.
import type { InternalChannel, SlackChannel } from "@switchboard/api";
import { type FormEvent, useState } from "react";
import { showError, showToast } from "../../ui/toasts";
import { useCanEdit } from "../settings/access";
import { SelectField, TextField } from "../settings/Fields";
import { useFormErrors } from "../settings/formErrors";
import { type Column, ResourceTable } from "../settings/ResourceTable";
import { Section } from "../settings/Section";
import { useSettingsList, useSettingsMutation } from "../settings/useSettings";
import { removeInternalChannel, saveInternalChannel } from "./api";

type Draft = { slackChannelId: string; name: string; purpose: string };
const EMPTY: Draft = { slackChannelId: "", name: "", purpose: "" };

export function InternalChannelsSection() {
  const canEdit = useCanEdit();
  const channels = useSettingsList<InternalChannel>("/internal-channels");
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const remove = useSettingsMutation((c: InternalChannel) => removeInternalChannel(c.id));
  const columns: Column<InternalChannel>[] = [
    { header: "Channel", cell: (c) => <strong>#{c.name}</strong> },
    { header: "When to use it", className: "wide", cell: (c) => c.purpose ?? "—" },
    { header: "Slack id", cell: (c) => <code>{c.slackChannelId}</code> },
  ];
  if (canEdit)
    columns.push({
      header: "Actions",
      className: "actions",
      cell: (c) => (
        <span className="row-actions">
          <button
            type="button"
            className="button small"
            onClick={() => setDraft({ slackChannelId: c.slackChannelId, name: c.name, purpose: c.purpose ?? "" })}
          >
            Edit
          </button>
          <button
            type="button"
            className="button small danger"
            aria-label={`Remove #${c.name}`}
            disabled={remove.isPending}
            onClick={() => {
              if (!window.confirm(`Stop using #${c.name} for internal threads? Existing threads stay on their issues.`))
                return;
              remove.mutate(c, {
                onSuccess: () => showToast(`#${c.name} is no longer an internal channel.`),
                onError: (e) => showError("Could not remove the channel", e),
              });
            }}
          >
            Remove
          </button>
        </span>
      ),
    });
  return (
    <Section
      title="Internal channels"
      description="Slack channels of your own people (Product, Engineering, Design, Security). Agents ask there from an issue; replies come back as internal notes and never reach a customer."
    >
      {canEdit && <ChannelForm draft={draft} setDraft={setDraft} />}
      <ResourceTable
        label="Internal channels"
        noun="internal channels"
        query={channels}
        columns={columns}
        rowKey={(c) => c.id}
        empty="No internal channels yet. Add the first one above, e.g. #bugs-daily for bugs."
      />
    </Section>
  );
}

function ChannelForm({ draft, setDraft }: { draft: Draft; setDraft: (d: Draft) => void }) {
  const slack = useSettingsList<SlackChannel>("/slack/channels?status=unmapped");
  const candidates = (slack.data ?? []).filter((c) => !c.isExtShared);
  const save = useSettingsMutation((input: Draft) => saveInternalChannel(input));
  const errors = useFormErrors(
    () => ({
      slackChannelId: draft.slackChannelId.trim() ? undefined : "Give the Slack channel id (C…).",
      name: draft.name.trim() ? undefined : "Give the channel's name.",
      purpose: draft.purpose.trim() ? undefined : "Say when agents should ask here.",
    }),
    save.error,
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!errors.passes()) return save.reset();
    save.mutate(
      { slackChannelId: draft.slackChannelId.trim(), name: draft.name.trim(), purpose: draft.purpose.trim() },
      {
        onSuccess: (saved) => {
          errors.reset();
          setDraft(EMPTY);
          showToast(`#${saved.name} is an internal channel.`);
        },
      },
    );
  };
  return (
    <form className="inline-form" onSubmit={submit} noValidate aria-label="Add an internal channel">
      {candidates.length > 0 && (
        <SelectField
          label="From Slack"
          value={draft.slackChannelId}
          onChange={(id) => {
            const c = candidates.find((x) => x.slackChannelId === id);
            setDraft({ ...draft, slackChannelId: id, name: c?.name ?? draft.name });
          }}
          options={[
            { value: "", label: "Pick a channel the bot is in…" },
            ...candidates.map((c) => ({ value: c.slackChannelId, label: `#${c.name}` })),
          ]}
        />
      )}
      <TextField
        label="Slack channel id"
        value={draft.slackChannelId}
        onChange={(v) => setDraft({ ...draft, slackChannelId: v })}
        placeholder="C024BE91L"
        error={errors.fields.slackChannelId}
      />
      <TextField
        label="Name"
        value={draft.name}
        onChange={(v) => setDraft({ ...draft, name: v })}
        placeholder="bugs-daily"
        error={errors.fields.name}
      />
      <TextField
        label="When to use it"
        value={draft.purpose}
        onChange={(v) => setDraft({ ...draft, purpose: v })}
        placeholder="Bugs. Product, Eng and Design watch it."
        maxLength={500}
        error={errors.fields.purpose}
      />
      <button type="submit" className="button primary" disabled={save.isPending}>
        {save.isPending ? "Saving…" : "Save channel"}
      </button>
      {errors.general && (
        <p className="inline-error form-wide" role="alert">
          {errors.general}
        </p>
      )}
    </form>
  );
}
