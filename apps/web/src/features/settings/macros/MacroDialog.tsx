// Create, edit or delete a macro. Unknown {{variables}} are caught here before the server
// refuses them; buttons insert the known ones at the cursor.
import { useRef, useState } from "react";
import type { IssueState, Macro, Priority, Tag } from "../../../api/types";
import { showToast } from "../../../ui/toasts";
import { ISSUE_STATES, PRIORITIES, PRIORITY_LABELS, STATE_LABELS } from "../../issueDisplay/labels";
import { MultiPick } from "../../views/MultiPick";
import { createMacro, deleteMacro, type MacroInput, PATHS, type TeamDetail, updateMacro } from "../api";
import { CheckField, SelectField, TextField } from "../Fields";
import { FormDialog } from "../FormDialog";
import { type FieldErrors, useFormErrors } from "../formErrors";
import { useSettingsList, useSettingsMutation } from "../useSettings";

// Mirrors MACRO_VARIABLES in apps/server/src/domain/macros.ts (the server re-checks on save).
export const MACRO_VARIABLES = [
  "contact.name",
  "contact.first_name",
  "contact.email",
  "account.name",
  "agent.name",
  "agent.first_name",
  "issue.number",
  "issue.title",
] as const;

export function unknownVariables(template: string): string[] {
  const known: readonly string[] = MACRO_VARIABLES;
  const found = [...template.matchAll(/\{\{\s*([a-z_.]+)\s*\}\}/g)].map((m) => m[1] ?? "");
  return [...new Set(found.filter((name) => !known.includes(name)))];
}

type Props = { macro: Macro | null; teams: TeamDetail[]; onClose: () => void };

export function MacroDialog({ macro, teams, onClose }: Props) {
  const tags = useSettingsList<Tag>(PATHS.tags);
  const bodyRef = useRef<HTMLTextAreaElement>(null);
  const [name, setName] = useState(macro?.name ?? "");
  const [body, setBody] = useState(macro?.body ?? "");
  const [internal, setInternal] = useState(macro?.internal ?? false);
  const [teamId, setTeamId] = useState(macro?.teamId ?? "");
  const [state, setState] = useState<string>(macro?.actions?.state ?? "");
  const [priority, setPriority] = useState<string>(macro?.actions?.priority ?? "");
  const [addTags, setAddTags] = useState<string[]>(macro?.actions?.addTags ?? []);
  const [moveTo, setMoveTo] = useState(macro?.actions?.teamId ?? "");
  const save = useSettingsMutation((input: MacroInput) => (macro ? updateMacro(macro.id, input) : createMacro(input)));
  const remove = useSettingsMutation((id: string) => deleteMacro(id));
  const errors = useFormErrors(() => {
    const problems: FieldErrors = {};
    if (!name.trim()) problems.name = "Give the macro a name.";
    const unknown = unknownVariables(body);
    if (unknown.length) problems.body = `Unknown variables: ${unknown.join(", ")}`;
    return problems;
  }, save.error ?? remove.error);
  const teamOptions = teams.map((t) => ({ value: t.id, label: t.name }));

  const insert = (variable: string) => {
    const el = bodyRef.current;
    const token = `{{${variable}}}`;
    const at = el?.selectionStart ?? body.length;
    const end = el?.selectionEnd ?? at;
    setBody(body.slice(0, at) + token + body.slice(end));
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(at + token.length, at + token.length);
    });
  };

  const submit = () => {
    if (!errors.passes()) return save.reset();
    const actions: MacroInput["actions"] = {
      ...(state ? { state: state as IssueState } : {}),
      ...(priority ? { priority: priority as Priority } : {}),
      ...(addTags.length ? { addTags } : {}),
      ...(moveTo ? { teamId: moveTo } : {}),
    };
    save.mutate({ name: name.trim(), body, internal, teamId: teamId || null, actions }, { onSuccess: onClose });
  };

  const destroy = () => {
    if (!macro || !window.confirm(`Delete the macro “${macro.name}”?`)) return;
    remove.mutate(macro.id, {
      onSuccess: () => {
        showToast(`Deleted “${macro.name}”.`);
        onClose();
      },
    });
  };

  return (
    <FormDialog
      title={macro ? `Edit macro: ${macro.name}` : "New macro"}
      onClose={onClose}
      onSubmit={submit}
      submitLabel={macro ? "Save macro" : "Create macro"}
      pending={save.isPending}
      error={errors.general}
      wide
      extra={
        macro && (
          <button type="button" className="button danger" onClick={destroy} disabled={remove.isPending}>
            Delete macro
          </button>
        )
      }
    >
      <div className="form-grid-2">
        <TextField label="Name" value={name} onChange={setName} maxLength={200} error={errors.fields.name} autoFocus />
        <SelectField
          label="Available to"
          value={teamId}
          onChange={setTeamId}
          options={[{ value: "", label: "All teams" }, ...teamOptions]}
          error={errors.fields.teamId}
        />
      </div>
      <label className="field">
        <span>Template</span>
        <textarea
          ref={bodyRef}
          rows={6}
          value={body}
          maxLength={20_000}
          aria-invalid={errors.fields.body ? true : undefined}
          aria-describedby="macro-body-help"
          onChange={(e) => setBody(e.target.value)}
        />
        <span id="macro-body-help" className={errors.fields.body ? "inline-error" : "field-hint"}>
          {errors.fields.body ?? "Markdown. Insert a variable:"}
        </span>
      </label>
      <fieldset className="variable-bar">
        <legend className="visually-hidden">Insert variable</legend>
        {MACRO_VARIABLES.map((v) => (
          <button key={v} type="button" className="chip variable" onClick={() => insert(v)}>
            {`{{${v}}}`}
          </button>
        ))}
      </fieldset>
      <CheckField
        label="Post as an internal note instead of a reply"
        checked={internal}
        onChange={setInternal}
        error={errors.fields.internal}
      />
      <fieldset className="macro-actions">
        <legend>When applied, also…</legend>
        <div className="form-grid-3">
          <SelectField
            label="Set state"
            value={state}
            onChange={setState}
            options={[
              { value: "", label: "Don't change" },
              ...ISSUE_STATES.map((s) => ({ value: s, label: STATE_LABELS[s] })),
            ]}
          />
          <SelectField
            label="Set priority"
            value={priority}
            onChange={setPriority}
            options={[
              { value: "", label: "Don't change" },
              ...PRIORITIES.map((p) => ({ value: p, label: PRIORITY_LABELS[p] })),
            ]}
          />
          <SelectField
            label="Move to team"
            value={moveTo}
            onChange={setMoveTo}
            options={[{ value: "", label: "Don't move" }, ...teamOptions]}
          />
        </div>
        <div className="field">
          <span>Add tags</span>
          <MultiPick
            label="tag"
            options={(tags.data ?? []).map((t) => ({ value: t.name, label: t.name }))}
            values={addTags}
            onChange={setAddTags}
          />
        </div>
        {errors.fields.actions && <p className="inline-error">{errors.fields.actions}</p>}
      </fieldset>
    </FormDialog>
  );
}
