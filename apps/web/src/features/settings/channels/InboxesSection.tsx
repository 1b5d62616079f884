// Email inboxes: the addresses the workspace receives mail on (support@, billing@…), each with
// the team its new issues get when no trigger on creation sets one (the routing order).

import type { CreateInboxInput, Inbox, Ok } from "@switchboard/api";
import { useState } from "react";
import type { z } from "zod";
import { request } from "../../../api/client";
import { dateLabel } from "../../../ui/time";
import { RoutingOrder } from "../../routing/RoutingOrder";
import { useCanEdit } from "../access";
import { PATHS, type TeamDetail } from "../api";
import { SelectField, TextField } from "../Fields";
import { FormDialog } from "../FormDialog";
import { type FieldErrors, useFormErrors } from "../formErrors";
import { AdminsOnly, type Column, ResourceTable } from "../ResourceTable";
import { Section } from "../Section";
import { useSettingsList, useSettingsMutation } from "../useSettings";

type InboxInput = z.input<typeof CreateInboxInput>;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function InboxesSection() {
  const canEdit = useCanEdit();
  // Members are refused by the server (admin settings); do not ask.
  const inboxes = useSettingsList<Inbox>(PATHS.inboxes, canEdit);
  const teams = useSettingsList<TeamDetail>(PATHS.teams);
  const [editing, setEditing] = useState<{ inbox: Inbox | null } | null>(null);
  const teamName = (id: string | null) => (id ? (teams.data?.find((t) => t.id === id)?.name ?? "Deleted team") : null);

  const columns: Column<Inbox>[] = [
    {
      header: "Address",
      cell: (i) =>
        canEdit ? (
          <button type="button" className="link-button strong" onClick={() => setEditing({ inbox: i })}>
            {i.address}
          </button>
        ) : (
          <strong>{i.address}</strong>
        ),
    },
    { header: "Name", cell: (i) => i.name || <span className="muted">—</span> },
    {
      header: "Team if no trigger sets one",
      cell: (i) => teamName(i.teamId) ?? <span className="muted">None (triggers decide)</span>,
    },
    { header: "Added", cell: (i) => dateLabel(i.createdAt) },
  ];

  return (
    <Section
      title="Email inboxes"
      description="Mail sent to these addresses becomes issues; replies go out from the same address. Forward your support mailbox here or point your mail provider's inbound webhook at /api/v1/inboxes/inbound-mime."
      action={
        canEdit && (
          <button type="button" className="button primary" onClick={() => setEditing({ inbox: null })}>
            Add inbox
          </button>
        )
      }
    >
      <RoutingOrder here="inboxes" />
      {canEdit ? (
        <ResourceTable
          label="Email inboxes"
          noun="email inboxes"
          query={inboxes}
          columns={columns}
          rowKey={(i) => i.id}
          empty="No inboxes yet. Add support@ your domain to start receiving email."
        />
      ) : (
        <AdminsOnly />
      )}
      {editing && <InboxDialog inbox={editing.inbox} teams={teams.data ?? []} onClose={() => setEditing(null)} />}
    </Section>
  );
}

function InboxDialog({ inbox, teams, onClose }: { inbox: Inbox | null; teams: TeamDetail[]; onClose: () => void }) {
  const [address, setAddress] = useState(inbox?.address ?? "");
  const [name, setName] = useState(inbox?.name ?? "");
  const [teamId, setTeamId] = useState(inbox?.teamId ?? "");
  const save = useSettingsMutation((input: InboxInput) =>
    inbox
      ? request<Inbox>(`/inboxes/${inbox.id}`, { method: "PATCH", body: input })
      : request<Inbox>("/inboxes", { method: "POST", body: input }),
  );
  const remove = useSettingsMutation((id: string) => request<Ok>(`/inboxes/${id}`, { method: "DELETE" }));
  const errors = useFormErrors(() => {
    const problems: FieldErrors = {};
    if (!EMAIL.test(address.trim())) problems.address = "Enter an email address, e.g. support@example.com.";
    return problems;
  }, save.error ?? remove.error);

  const submit = () => {
    if (!errors.passes()) return save.reset();
    save.mutate({ address: address.trim(), name: name.trim(), teamId: teamId || null }, { onSuccess: onClose });
  };
  const destroy = () => {
    if (!inbox || !window.confirm(`Remove the inbox ${inbox.address}? Mail to it will be quarantined.`)) return;
    remove.mutate(inbox.id, { onSuccess: onClose });
  };

  return (
    <FormDialog
      title={inbox ? `Inbox: ${inbox.address}` : "Add email inbox"}
      onClose={onClose}
      onSubmit={submit}
      submitLabel={inbox ? "Save inbox" : "Add inbox"}
      pending={save.isPending}
      error={errors.general}
      extra={
        inbox && (
          <button type="button" className="button danger" onClick={destroy} disabled={remove.isPending}>
            Remove inbox
          </button>
        )
      }
    >
      <TextField
        label="Address"
        type="email"
        value={address}
        onChange={setAddress}
        error={errors.fields.address}
        autoFocus
      />
      <div className="form-grid-2">
        <TextField
          label="Name"
          value={name}
          onChange={setName}
          maxLength={200}
          placeholder="Support"
          error={errors.fields.name}
          hint="Shown after the agent's name on replies."
        />
        <SelectField
          label="Team if no trigger sets one"
          value={teamId}
          onChange={setTeamId}
          options={[
            { value: "", label: "None (triggers decide)" },
            ...teams.map((t) => ({ value: t.id, label: t.name })),
          ]}
          error={errors.fields.teamId}
          hint="Triggers on “Issue created” run first; this team applies only when none of them set one."
        />
      </div>
    </FormDialog>
  );
}
