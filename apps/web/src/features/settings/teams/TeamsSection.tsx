// Teams and their members: name, kind (pooled queue or scoped ownership), lead (the backstop),
// and who is on each team.
import { useState } from "react";
import type { Person } from "../../../api/types";
import { useCanEdit } from "../access";
import { PATHS, type TeamDetail } from "../api";
import { type Column, ResourceTable } from "../ResourceTable";
import { Section } from "../Section";
import { useSettingsList } from "../useSettings";
import { DeleteTeamDialog } from "./DeleteTeamDialog";
import { TeamDialog } from "./TeamDialog";

export const KIND_LABEL: Record<TeamDetail["mode"], string> = { pooled: "Pooled", scoped: "Scoped" };

export function TeamsSection() {
  const canEdit = useCanEdit();
  const teams = useSettingsList<TeamDetail>(PATHS.teams);
  const users = useSettingsList<Person>(PATHS.users);
  const [editing, setEditing] = useState<{ id: string | null } | null>(null);
  const [deleting, setDeleting] = useState<TeamDetail | null>(null);
  const nameOf = (id: string | null) => (id ? (users.data?.find((u) => u.id === id)?.name ?? "Unknown user") : null);

  const columns: Column<TeamDetail>[] = [
    {
      header: "Team",
      cell: (t) =>
        canEdit ? (
          <button type="button" className="link-button strong" onClick={() => setEditing({ id: t.id })}>
            {t.name}
          </button>
        ) : (
          <strong>{t.name}</strong>
        ),
    },
    { header: "Kind", cell: (t) => <span className={`badge kind-${t.mode}`}>{KIND_LABEL[t.mode]}</span> },
    { header: "Lead", cell: (t) => nameOf(t.leadUserId) ?? <span className="muted">No lead</span> },
    { header: "Reply assigns", cell: (t) => (t.assignOnReply ? "Yes" : <span className="muted">No</span>) },
    {
      header: "CSAT",
      cell: (t) => (t.csatEnabled ? t.csatScale === "thumbs" ? "👍 / 👎" : "1–5" : <span className="muted">Off</span>),
    },
    {
      header: "Members",
      className: "wide",
      cell: (t) =>
        t.members.length === 0 ? (
          <span className="muted">No members</span>
        ) : (
          <span className="chips">
            {t.members.map((m) => (
              <span key={m.userId} className="chip">
                {nameOf(m.userId)}
              </span>
            ))}
          </span>
        ),
    },
  ];
  if (canEdit)
    columns.push({
      header: "Actions",
      className: "actions",
      cell: (t) => (
        <button
          type="button"
          className="button small"
          aria-label={`Edit ${t.name}`}
          onClick={() => setEditing({ id: t.id })}
        >
          Edit
        </button>
      ),
    });

  return (
    <Section
      title="Teams & members"
      description="Issues are routed to teams. A pooled team works one shared queue; a scoped team owns its accounts. The lead is the backstop when nobody else is available."
      action={
        canEdit && (
          <button type="button" className="button primary" onClick={() => setEditing({ id: null })}>
            New team
          </button>
        )
      }
    >
      <ResourceTable
        label="Teams"
        noun="teams"
        query={teams}
        columns={columns}
        rowKey={(t) => t.id}
        empty="No teams yet. Create one to start routing issues."
      />
      {editing && (
        <TeamDialog
          team={teams.data?.find((t) => t.id === editing.id) ?? null}
          users={users.data ?? []}
          onClose={() => setEditing(null)}
          onCreated={(id) => setEditing({ id })}
          onDelete={() => {
            setDeleting(teams.data?.find((t) => t.id === editing.id) ?? null);
            setEditing(null);
          }}
        />
      )}
      {deleting && (
        <DeleteTeamDialog
          team={deleting}
          teams={teams.data ?? []}
          onClose={() => setDeleting(null)}
          onDeleted={() => setDeleting(null)}
        />
      )}
    </Section>
  );
}
