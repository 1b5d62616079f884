// Macros: saved replies (or internal notes) with {{variables}} and actions that run when an
// agent applies them — set state or priority, add tags, move to a team.
import { useState } from "react";
import type { Macro } from "../../../api/types";
import { PRIORITY_LABELS, STATE_LABELS } from "../../issueDisplay/labels";
import { useCanEdit } from "../access";
import { PATHS, type TeamDetail } from "../api";
import { type Column, ResourceTable } from "../ResourceTable";
import { Section } from "../Section";
import { useSettingsList } from "../useSettings";
import { MacroDialog } from "./MacroDialog";

export function MacrosSection() {
  const canEdit = useCanEdit();
  const macros = useSettingsList<Macro>(PATHS.macros);
  const teams = useSettingsList<TeamDetail>(PATHS.teams);
  const [editing, setEditing] = useState<{ macro: Macro | null } | null>(null);
  const teamName = (id: string | null | undefined) => teams.data?.find((t) => t.id === id)?.name ?? "Unknown team";

  const actionsOf = (m: Macro): string[] => {
    const a = m.actions ?? {};
    return [
      a.state && `State → ${STATE_LABELS[a.state]}`,
      a.priority && `Priority → ${PRIORITY_LABELS[a.priority]}`,
      a.addTags?.length ? `Tags + ${a.addTags.join(", ")}` : null,
      a.teamId && `Team → ${teamName(a.teamId)}`,
    ].filter((x): x is string => Boolean(x));
  };

  const columns: Column<Macro>[] = [
    {
      header: "Macro",
      cell: (m) =>
        canEdit ? (
          <button type="button" className="link-button strong" onClick={() => setEditing({ macro: m })}>
            {m.name}
          </button>
        ) : (
          <strong>{m.name}</strong>
        ),
    },
    {
      header: "Template",
      className: "wide",
      cell: (m) => <span className="clip muted">{m.body || "(no text — actions only)"}</span>,
    },
    { header: "Posts as", cell: (m) => (m.internal ? "Internal note" : "Reply") },
    { header: "For", cell: (m) => (m.teamId ? teamName(m.teamId) : "All teams") },
    {
      header: "Actions it runs",
      cell: (m) => {
        const list = actionsOf(m);
        return list.length ? (
          <span className="chips">
            {list.map((a) => (
              <span key={a} className="chip">
                {a}
              </span>
            ))}
          </span>
        ) : (
          <span className="muted">—</span>
        );
      },
    },
  ];
  if (canEdit)
    columns.push({
      header: "Edit",
      className: "actions",
      cell: (m) => (
        <button
          type="button"
          className="button small"
          aria-label={`Edit ${m.name}`}
          onClick={() => setEditing({ macro: m })}
        >
          Edit
        </button>
      ),
    });

  return (
    <Section
      title="Macros"
      description="Saved replies agents apply from the composer. Variables are filled in from the issue; actions run when the macro is sent."
      action={
        canEdit && (
          <button type="button" className="button primary" onClick={() => setEditing({ macro: null })}>
            New macro
          </button>
        )
      }
    >
      <ResourceTable label="Macros" noun="macros" query={macros} columns={columns} rowKey={(m) => m.id} />
      {editing && <MacroDialog macro={editing.macro} teams={teams.data ?? []} onClose={() => setEditing(null)} />}
    </Section>
  );
}
