// People in the workspace and their roles: add someone, change a role, deactivate (their
// history stays; they can no longer sign in or be assigned).
import { useState } from "react";
import type { Person, User } from "../../../api/types";
import { showError, showToast } from "../../../ui/toasts";
import { useMe } from "../../auth/useSession";
import { useCanEdit } from "../access";
import { PATHS, type UserPatch, updateUser } from "../api";
import { type Column, ResourceTable } from "../ResourceTable";
import { Section } from "../Section";
import { useSettingsList, useSettingsMutation } from "../useSettings";
import { UserDialog } from "./UserDialog";

export const ROLES: { value: User["role"]; label: string }[] = [
  { value: "admin", label: "Admin" },
  { value: "member", label: "Member" },
  { value: "viewer", label: "Viewer" },
];

const roleLabel = (role: string) => (role === "admin" ? "an admin" : `a ${role}`);

export function UsersSection() {
  const canEdit = useCanEdit();
  const me = useMe();
  const users = useSettingsList<Person>(PATHS.users);
  const [adding, setAdding] = useState(false);
  const update = useSettingsMutation(({ id, patch }: { id: string; patch: UserPatch }) => updateUser(id, patch));
  const change = (user: Person, patch: UserPatch, done: string) =>
    update.mutate(
      { id: user.id, patch },
      { onSuccess: () => showToast(done), onError: (e) => showError(`Could not update ${user.name}`, e) },
    );

  const columns: Column<Person>[] = [
    {
      header: "Name",
      cell: (u) => (
        <>
          <strong>{u.name}</strong>
          {u.id === me.id && <span className="muted"> (you)</span>}
        </>
      ),
    },
    { header: "Email", cell: (u) => u.email },
    {
      header: "Role",
      cell: (u) =>
        canEdit && u.id !== me.id && !u.deactivated ? (
          <select
            aria-label={`Role of ${u.name}`}
            value={u.role}
            disabled={update.isPending}
            onChange={(e) =>
              change(u, { role: e.target.value as User["role"] }, `${u.name} is now ${roleLabel(e.target.value)}.`)
            }
          >
            {ROLES.map((r) => (
              <option key={r.value} value={r.value}>
                {r.label}
              </option>
            ))}
          </select>
        ) : (
          <span className={`badge role-${u.role}`}>{ROLES.find((r) => r.value === u.role)?.label ?? u.role}</span>
        ),
    },
    {
      header: "Status",
      cell: (u) =>
        u.deactivated ? (
          <span className="badge status-off">Deactivated</span>
        ) : u.away ? (
          <span className="badge status-away">Away</span>
        ) : (
          <span className="badge status-on">Active</span>
        ),
    },
  ];
  if (canEdit)
    columns.push({
      header: "Actions",
      className: "actions",
      cell: (u) =>
        u.id === me.id ? null : u.deactivated ? (
          <button
            type="button"
            className="button small"
            disabled={update.isPending}
            onClick={() => change(u, { deactivated: false }, `${u.name} is active again.`)}
          >
            Reactivate
          </button>
        ) : (
          <button
            type="button"
            className="button small danger"
            disabled={update.isPending}
            onClick={() => {
              if (window.confirm(`Deactivate ${u.name}? They will no longer be able to sign in.`))
                change(u, { deactivated: true }, `${u.name} is deactivated.`);
            }}
          >
            Deactivate
          </button>
        ),
    });

  return (
    <Section
      title="Users & roles"
      description="Admins change settings; members work issues; viewers can only read."
      action={
        canEdit && (
          <button type="button" className="button primary" onClick={() => setAdding(true)}>
            Add user
          </button>
        )
      }
    >
      <ResourceTable label="Users" noun="users" query={users} columns={columns} rowKey={(u) => u.id} />
      {adding && <UserDialog onClose={() => setAdding(false)} />}
    </Section>
  );
}
