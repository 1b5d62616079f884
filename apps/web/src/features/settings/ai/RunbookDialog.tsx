// Create, edit or delete a runbook: which team it sends issues to, the instructions in plain
// language, and example messages (blank-line separated) the local model learns from.
import { useState } from "react";
import type { TeamDetail } from "../api";
import { CheckField, SelectField, TextAreaField, TextField } from "../Fields";
import { FormDialog } from "../FormDialog";
import { type FieldErrors, useFormErrors } from "../formErrors";
import { useSettingsMutation } from "../useSettings";
import { createRunbook, deleteRunbook, type Runbook, type RunbookInput, updateRunbook } from "./model";

type Props = { agentId: string; runbook: Runbook | null; teams: TeamDetail[]; onClose: () => void };

const splitExamples = (text: string) =>
  text
    .split(/\n\s*\n/)
    .map((e) => e.trim())
    .filter(Boolean);

export function RunbookDialog({ agentId, runbook, teams, onClose }: Props) {
  const [name, setName] = useState(runbook?.name ?? "");
  const [teamId, setTeamId] = useState(runbook?.targetTeamId ?? "");
  const [instructions, setInstructions] = useState(runbook?.instructions ?? "");
  const [examples, setExamples] = useState((runbook?.examples ?? []).join("\n\n"));
  const [enabled, setEnabled] = useState(runbook?.enabled ?? true);
  const save = useSettingsMutation((input: RunbookInput) =>
    runbook ? updateRunbook(agentId, runbook.id, input) : createRunbook(agentId, input),
  );
  const remove = useSettingsMutation((id: string) => deleteRunbook(agentId, id));
  const list = splitExamples(examples);
  const errors = useFormErrors(() => {
    const problems: FieldErrors = {};
    if (!name.trim()) problems.name = "Name the runbook.";
    if (!teamId) problems.targetTeamId = "Pick the team it sends issues to.";
    if (!instructions.trim()) problems.instructions = "Describe which issues belong to that team.";
    return problems;
  }, save.error ?? remove.error);

  const submit = () => {
    if (!errors.passes()) return save.reset();
    save.mutate(
      { name: name.trim(), targetTeamId: teamId, instructions: instructions.trim(), examples: list, enabled },
      { onSuccess: onClose },
    );
  };
  const destroy = () => {
    if (!runbook || !window.confirm(`Delete the runbook “${runbook.name}”?`)) return;
    remove.mutate(runbook.id, { onSuccess: onClose });
  };

  return (
    <FormDialog
      title={runbook ? `Edit runbook: ${runbook.name}` : "New runbook"}
      onClose={onClose}
      onSubmit={submit}
      submitLabel={runbook ? "Save runbook" : "Create runbook"}
      pending={save.isPending}
      error={errors.general}
      wide
      extra={
        runbook && (
          <button type="button" className="button danger" onClick={destroy} disabled={remove.isPending}>
            Delete runbook
          </button>
        )
      }
    >
      <div className="form-grid-2">
        <TextField label="Name" value={name} onChange={setName} maxLength={200} error={errors.fields.name} autoFocus />
        <SelectField
          label="Sends issues to"
          value={teamId}
          onChange={setTeamId}
          options={[{ value: "", label: "Pick a team…" }, ...teams.map((t) => ({ value: t.id, label: t.name }))]}
          error={errors.fields.targetTeamId}
        />
      </div>
      <TextAreaField
        label="Instructions"
        value={instructions}
        onChange={setInstructions}
        rows={5}
        maxLength={10_000}
        placeholder="e.g. Questions about invoices, refunds, plan changes and payment failures go to Billing."
        error={errors.fields.instructions}
      />
      <TextAreaField
        label="Example messages"
        value={examples}
        onChange={setExamples}
        rows={6}
        error={errors.fields.examples}
        hint={`Separate examples with a blank line. ${list.length} example${list.length === 1 ? "" : "s"}.`}
      />
      <CheckField label="Enabled" checked={enabled} onChange={setEnabled} />
    </FormDialog>
  );
}
