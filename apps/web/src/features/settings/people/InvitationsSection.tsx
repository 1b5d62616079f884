// Invitations: invite a colleague by email with a role and teams; pending ones can be sent again
// (a fresh 7-day link) or revoked.
import type { Invitation } from "@switchboard/api";
import { roles } from "@switchboard/api/vocabulary";
import { useState } from "react";
import { request } from "../../../api/client";
import { ageLabel, dateLabel } from "../../../ui/time";
import { showError, showToast } from "../../../ui/toasts";
import { useCanEdit } from "../access";
import { PATHS, type TeamDetail } from "../api";
import { TextField } from "../Fields";
import { FormDialog } from "../FormDialog";
import { useFormErrors } from "../formErrors";
import { AdminsOnly, type Column, ResourceTable } from "../ResourceTable";
import { Section } from "../Section";
import { useSettingsList, useSettingsMutation } from "../useSettings";

const INVITATIONS = "/invitations";

type InviteInput = { email: string; role: (typeof roles)[number]; teamIds: string[] };

const invite = (input: InviteInput) => request<Invitation>(INVITATIONS, { method: "POST", body: input });
const resend = (id: string) => request<Invitation>(`${INVITATIONS}/${id}/resend`, { method: "POST", body: {} });
const revoke = (id: string) => request<unknown>(`${INVITATIONS}/${id}`, { method: "DELETE" });

export function InvitationsSection() {
  const canEdit = useCanEdit();
  const invitations = useSettingsList<Invitation>(INVITATIONS, canEdit);
  const teams = useSettingsList<TeamDetail>(PATHS.teams);
  const [inviting, setInviting] = useState(false);
  const resendOne = useSettingsMutation((i: Invitation) => resend(i.id));
  const revokeOne = useSettingsMutation((i: Invitation) => revoke(i.id));
  const teamNames = (ids: string[]) =>
    ids.map((id) => teams.data?.find((t) => t.id === id)?.name ?? "a deleted team").join(", ");

  const columns: Column<Invitation>[] = [
    { header: "Email", cell: (i) => <strong>{i.email}</strong> },
    { header: "Role", cell: (i) => i.role },
    { header: "Teams", cell: (i) => (i.teamIds.length ? teamNames(i.teamIds) : <span className="muted">—</span>) },
    { header: "Invited by", cell: (i) => i.invitedBy ?? <span className="muted">—</span> },
    {
      header: "Status",
      cell: (i) =>
        i.status === "pending" ? (
          <span className="badge status-on" title={`Link valid until ${dateLabel(i.expiresAt)}`}>
            Pending · sent {ageLabel(i.createdAt)} ago
          </span>
        ) : (
          <span className="badge status-off">Expired</span>
        ),
    },
    {
      header: "Actions",
      className: "actions",
      cell: (i) => (
        <>
          <button
            type="button"
            className="button small"
            aria-label={`Send the invitation to ${i.email} again`}
            disabled={resendOne.isPending}
            onClick={() =>
              resendOne.mutate(i, {
                onSuccess: () => showToast(`Sent a new link to ${i.email}.`),
                onError: (e) => showError("Could not send it again", e),
              })
            }
          >
            Resend
          </button>
          <button
            type="button"
            className="button small danger"
            aria-label={`Revoke the invitation to ${i.email}`}
            disabled={revokeOne.isPending}
            onClick={() => {
              if (!window.confirm(`Revoke the invitation to ${i.email}? Its link stops working at once.`)) return;
              revokeOne.mutate(i, {
                onSuccess: () => showToast(`Revoked the invitation to ${i.email}.`),
                onError: (e) => showError("Could not revoke it", e),
              });
            }}
          >
            Revoke
          </button>
        </>
      ),
    },
  ];

  return (
    <Section
      title="Invitations"
      description="Invite colleagues by email: they choose their name and password through a link that works once, for 7 days."
      action={
        canEdit && (
          <button type="button" className="button primary" onClick={() => setInviting(true)}>
            Invite colleagues
          </button>
        )
      }
    >
      {canEdit ? (
        <ResourceTable
          label="Pending invitations"
          noun="pending invitations"
          query={invitations}
          columns={columns}
          rowKey={(i) => i.id}
          empty="No pending invitations. Invite a colleague to work issues with you."
        />
      ) : (
        <AdminsOnly />
      )}
      {inviting && <InviteDialog teams={teams.data ?? []} onClose={() => setInviting(false)} />}
    </Section>
  );
}

function InviteDialog({ teams, onClose }: { teams: TeamDetail[]; onClose: () => void }) {
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<InviteInput["role"]>("member");
  const [teamIds, setTeamIds] = useState<string[]>([]);
  const save = useSettingsMutation(invite);
  const errors = useFormErrors(
    () => (email.includes("@") ? {} : { email: "Give their work email address." }),
    save.error,
  );
  const submit = () => {
    if (!errors.passes()) return save.reset();
    save.mutate(
      { email: email.trim(), role, teamIds },
      {
        onSuccess: (i) => {
          showToast(`Invitation sent to ${i.email}.`);
          onClose();
        },
      },
    );
  };
  return (
    <FormDialog
      title="Invite a colleague"
      onClose={onClose}
      onSubmit={submit}
      submitLabel="Send invitation"
      pending={save.isPending}
      error={errors.general}
    >
      <TextField label="Email" type="email" value={email} onChange={setEmail} error={errors.fields.email} autoFocus />
      <label className="field">
        <span>Role</span>
        <select name="role" value={role} onChange={(e) => setRole(e.target.value as InviteInput["role"])}>
          {roles.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
      </label>
      <fieldset className="invite-teams">
        <legend>Teams</legend>
        {teams.length === 0 && <p className="muted">No teams yet: they can join teams later.</p>}
        {teams.map((t) => (
          <label key={t.id} className="check">
            <input
              type="checkbox"
              checked={teamIds.includes(t.id)}
              onChange={(e) =>
                setTeamIds((ids) => (e.target.checked ? [...ids, t.id] : ids.filter((id) => id !== t.id)))
              }
            />
            {t.name}
          </label>
        ))}
      </fieldset>
    </FormDialog>
  );
}
