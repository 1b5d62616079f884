// AI agents (the Router) and their runbooks: which team an agent serves, how sure it must be
// before moving an issue, the runbooks it routes by, and how often it gets that right.
import { useState } from "react";
import { useCanEdit } from "../access";
import { PATHS, type TeamDetail } from "../api";
import { type Column, ResourceTable } from "../ResourceTable";
import { Section } from "../Section";
import { useSettingsList } from "../useSettings";
import { AgentDetail } from "./AgentDetail";
import { AgentDialog } from "./AgentDialog";
import type { Agent } from "./model";

export function AiAgentsSection() {
  const canEdit = useCanEdit();
  const agents = useSettingsList<Agent>(PATHS.agents);
  const teams = useSettingsList<TeamDetail>(PATHS.teams);
  const [selected, setSelected] = useState<string | null>(null);
  const [editing, setEditing] = useState<{ agent: Agent | null } | null>(null);
  const teamName = (id: string | null) => teams.data?.find((t) => t.id === id)?.name ?? "No team";
  const current = agents.data?.find((a) => a.id === selected) ?? agents.data?.[0] ?? null;

  const columns: Column<Agent>[] = [
    {
      header: "Agent",
      cell: (a) => (
        <button
          type="button"
          className="link-button strong"
          aria-pressed={a.id === current?.id}
          onClick={() => setSelected(a.id)}
        >
          {a.name}
        </button>
      ),
    },
    { header: "Routes issues of", cell: (a) => teamName(a.teamId) },
    { header: "Moves when confidence ≥", cell: (a) => `${Math.round(a.threshold * 100)}%` },
    {
      header: "Status",
      cell: (a) => (
        <span className={`badge ${a.enabled ? "status-on" : "status-off"}`}>{a.enabled ? "On" : "Off"}</span>
      ),
    },
  ];
  if (canEdit)
    columns.push({
      header: "Edit",
      className: "actions",
      cell: (a) => (
        <button
          type="button"
          className="button small"
          aria-label={`Edit ${a.name}`}
          onClick={() => setEditing({ agent: a })}
        >
          Edit
        </button>
      ),
    });

  return (
    <Section
      title="AI agents & runbooks"
      description="An AI agent takes new issues of its team, reads them against its runbooks and moves each to the team whose runbook fits — or leaves it with its own team. Every decision is stored with its reason."
      action={
        canEdit && (
          <button type="button" className="button primary" onClick={() => setEditing({ agent: null })}>
            New agent
          </button>
        )
      }
    >
      <ResourceTable
        label="AI agents"
        noun="AI agents"
        query={agents}
        columns={columns}
        rowKey={(a) => a.id}
        empty="No AI agents yet. Create a Router for your front-line team."
      />
      {current && <AgentDetail key={current.id} agent={current} teams={teams.data ?? []} />}
      {editing && <AgentDialog agent={editing.agent} teams={teams.data ?? []} onClose={() => setEditing(null)} />}
    </Section>
  );
}
