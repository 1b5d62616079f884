// Create or edit an AI agent: its name, the team whose issues it routes, what that team keeps
// (in words), and the confidence below which it leaves an issue where it is.
import { useState } from "react";
import type { TeamDetail } from "../api";
import { CheckField, SelectField, TextAreaField, TextField } from "../Fields";
import { FormDialog } from "../FormDialog";
import { type FieldErrors, useFormErrors } from "../formErrors";
import { useSettingsMutation } from "../useSettings";
import { type Agent, type AgentInput, createAgent, updateAgent } from "./model";

type Props = { agent: Agent | null; teams: TeamDetail[]; onClose: () => void };

export function AgentDialog({ agent, teams, onClose }: Props) {
  const [name, setName] = useState(agent?.name ?? "Router");
  const [teamId, setTeamId] = useState(agent?.teamId ?? "");
  const [home, setHome] = useState(agent?.homeInstructions ?? "");
  const [threshold, setThreshold] = useState(String(Math.round((agent?.threshold ?? 0.45) * 100)));
  const [enabled, setEnabled] = useState(agent?.enabled ?? true);
  const save = useSettingsMutation((input: AgentInput) => (agent ? updateAgent(agent.id, input) : createAgent(input)));
  const errors = useFormErrors(() => {
    const problems: FieldErrors = {};
    if (!name.trim()) problems.name = "Name the agent.";
    const t = Number(threshold);
    if (!Number.isFinite(t) || t < 0 || t > 100) problems.threshold = "A percentage from 0 to 100.";
    return problems;
  }, save.error);

  const submit = () => {
    if (!errors.passes()) return save.reset();
    save.mutate(
      {
        name: name.trim(),
        teamId: teamId || null,
        homeInstructions: home,
        threshold: Number(threshold) / 100,
        enabled,
      },
      { onSuccess: onClose },
    );
  };

  return (
    <FormDialog
      title={agent ? `Edit agent: ${agent.name}` : "New AI agent"}
      onClose={onClose}
      onSubmit={submit}
      submitLabel={agent ? "Save agent" : "Create agent"}
      pending={save.isPending}
      error={errors.general}
      wide
    >
      <div className="form-grid-3">
        <TextField label="Name" value={name} onChange={setName} maxLength={200} error={errors.fields.name} autoFocus />
        <SelectField
          label="Routes new issues of"
          value={teamId}
          onChange={setTeamId}
          options={[{ value: "", label: "No team" }, ...teams.map((t) => ({ value: t.id, label: t.name }))]}
          error={errors.fields.teamId}
        />
        <TextField
          label="Confidence needed (%)"
          value={threshold}
          onChange={setThreshold}
          error={errors.fields.threshold}
          hint="Below this it leaves the issue with its team."
        />
      </div>
      <TextAreaField
        label="What stays with this team"
        value={home}
        onChange={setHome}
        rows={4}
        maxLength={10_000}
        placeholder="e.g. How-to questions, bugs and outages stay with Support."
        error={errors.fields.homeInstructions}
      />
      <CheckField label="Enabled" checked={enabled} onChange={setEnabled} />
    </FormDialog>
  );
}
