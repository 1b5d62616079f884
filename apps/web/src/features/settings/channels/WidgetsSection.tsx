// Chat widgets: the app id and embed snippet of each, and its identity secret, shown once on
// creation and on rotation (only a sealed copy is stored; rotating stops the old one at once).

import { useState } from "react";
import { ageLabel, dateLabel } from "../../../ui/time";
import { showError, showToast } from "../../../ui/toasts";
import { useCanEdit } from "../access";
import { TextField } from "../Fields";
import { FormDialog } from "../FormDialog";
import { useFormErrors } from "../formErrors";
import { AdminsOnly, type Column, ResourceTable } from "../ResourceTable";
import { SecretReveal } from "../SecretReveal";
import { Section } from "../Section";
import { useSettingsList, useSettingsMutation } from "../useSettings";
import {
  createWidget,
  deleteWidget,
  rotateWidget,
  WIDGETS_PATH,
  type Widget,
  type WidgetWithSecret,
} from "./widgetApi";

export function WidgetsSection() {
  const canEdit = useCanEdit();
  const widgets = useSettingsList<Widget>(WIDGETS_PATH, canEdit);
  const [creating, setCreating] = useState(false);
  const [revealed, setRevealed] = useState<WidgetWithSecret | null>(null);
  const rotate = useSettingsMutation((w: Widget) => rotateWidget(w.id));
  const remove = useSettingsMutation((w: Widget) => deleteWidget(w.id));

  const columns: Column<Widget>[] = [
    { header: "Name", cell: (w) => <strong>{w.name}</strong> },
    { header: "App id", cell: (w) => <code>{w.appId}</code> },
    { header: "Email fallback", cell: (w) => `after ${w.fallbackMinutes} min` },
    {
      header: "Secret",
      cell: (w) => <time title={dateLabel(w.secretRotatedAt)}>set {ageLabel(w.secretRotatedAt)} ago</time>,
    },
    {
      header: "Actions",
      className: "actions",
      cell: (w) => (
        <>
          <a
            className="button small"
            href={`/widget/demo?appId=${encodeURIComponent(w.appId)}`}
            target="_blank"
            rel="noreferrer"
          >
            Try it
          </a>{" "}
          <button
            type="button"
            className="button small"
            aria-label={`Rotate the secret of ${w.name}`}
            disabled={rotate.isPending}
            onClick={() => {
              if (!window.confirm(`New secret for “${w.name}”? Your app must sign with it from now on.`)) return;
              rotate.mutate(w, {
                onSuccess: (row) => setRevealed(row),
                onError: (e) => showError("Could not rotate the secret", e),
              });
            }}
          >
            Rotate secret
          </button>{" "}
          <button
            type="button"
            className="button small danger"
            aria-label={`Delete ${w.name}`}
            disabled={remove.isPending}
            onClick={() => {
              if (!window.confirm(`Delete “${w.name}”? Pages embedding it stop showing the chat.`)) return;
              remove.mutate(w, {
                onSuccess: () => showToast(`Deleted “${w.name}”.`),
                onError: (e) => showError("Could not delete the widget", e),
              });
            }}
          >
            Delete
          </button>
        </>
      ),
    },
  ];

  return (
    <Section
      title="Chat widget"
      description="Embed the chat in your own web app with one script tag. Your server signs each user's email with the widget's secret (userHash), so verified customers see their earlier conversations."
      action={
        canEdit && (
          <button type="button" className="button primary" onClick={() => setCreating(true)}>
            New widget
          </button>
        )
      }
    >
      {canEdit ? (
        <ResourceTable
          label="Chat widgets"
          noun="chat widgets"
          query={widgets}
          columns={columns}
          rowKey={(w) => w.id}
          empty="No chat widget yet."
        />
      ) : (
        <AdminsOnly />
      )}
      {creating && <CreateDialog onClose={() => setCreating(false)} onCreated={setRevealed} />}
      {revealed && <Reveal widget={revealed} onClose={() => setRevealed(null)} />}
    </Section>
  );
}

function CreateDialog({ onClose, onCreated }: { onClose: () => void; onCreated: (w: WidgetWithSecret) => void }) {
  const [name, setName] = useState("");
  const save = useSettingsMutation((widgetName: string) => createWidget(widgetName));
  const errors = useFormErrors(
    () => (name.trim() ? {} : { name: "Name the widget after the app it sits in." }),
    save.error,
  );
  const submit = () => {
    if (!errors.passes()) return save.reset();
    save.mutate(name.trim(), {
      onSuccess: (row) => {
        onClose();
        onCreated(row);
      },
    });
  };
  return (
    <FormDialog
      title="New chat widget"
      onClose={onClose}
      onSubmit={submit}
      submitLabel="Create widget"
      pending={save.isPending}
      error={errors.general}
    >
      <TextField
        label="Widget name"
        value={name}
        onChange={setName}
        maxLength={100}
        placeholder="e.g. Web app, Admin console"
        error={errors.fields.name}
        autoFocus
      />
    </FormDialog>
  );
}

function Reveal({ widget, onClose }: { widget: WidgetWithSecret; onClose: () => void }) {
  const snippet = `<script src="${window.location.origin}/widget/widget.js" async></script>
<script>
  window.Switchboard = window.Switchboard || function () { (Switchboard.q = Switchboard.q || []).push(arguments); };
  Switchboard("boot", { appId: "${widget.appId}", user: { email, name, userHash } });
</script>`;
  return (
    <SecretReveal
      title={`Secret of “${widget.name}”`}
      notice="Copy the secret now into your server's configuration. It is shown only once."
      label="Secret"
      secret={widget.secret}
      onClose={onClose}
    >
      <p className="field-hint">
        userHash = hex HMAC-SHA256 of the user's email (lower-case) with this secret, computed on your server.
      </p>
      <label className="field">
        <span>Embed snippet</span>
        <textarea readOnly rows={5} value={snippet} onFocus={(e) => e.currentTarget.select()} />
      </label>
    </SecretReveal>
  );
}
