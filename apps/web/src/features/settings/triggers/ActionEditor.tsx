// The "then" list of a trigger: each action picks its type, then the one thing it needs.
import type { IssueState, Priority } from "../../../api/types";
import { ISSUE_STATES, PRIORITIES, PRIORITY_LABELS, STATE_LABELS } from "../../issueDisplay/labels";
import { MultiPick } from "../../views/MultiPick";
import type { FieldDetail } from "../api";
import type { Option } from "../Fields";
import type { Choices } from "./ConditionEditor";
import { type ActionType, ASSIGN_STRATEGIES, type TriggerAction } from "./model";

export type ActionChoices = Choices & { agents: Option[]; macros: Option[]; fields: FieldDetail[] };

const TYPE_LABEL: Record<ActionType, string> = {
  set_team: "Move to team",
  assign_user: "Assign to person",
  assign_agent: "Assign to AI agent",
  assign_in_team: "Assign within the team",
  set_priority: "Set priority",
  add_tags: "Add tags",
  remove_tags: "Remove tags",
  set_field: "Set field",
  set_state: "Set state",
  macro_reply: "Reply with macro",
  internal_note: "Add internal note",
};

const STRATEGY_LABEL: Record<(typeof ASSIGN_STRATEGIES)[number], string> = {
  team_rules: "Team's own rules",
  round_robin: "Round robin",
  least_loaded: "Least loaded",
};

export function blankAction(type: ActionType, c: ActionChoices): TriggerAction {
  const first = (list: Option[]) => list[0]?.value ?? "";
  switch (type) {
    case "set_team":
      return { type, teamId: first(c.teams) };
    case "assign_user":
      return { type, userId: first(c.users) };
    case "assign_agent":
      return { type, agentId: first(c.agents) };
    case "assign_in_team":
      return { type, strategy: "team_rules" };
    case "set_priority":
      return { type, priority: "high" };
    case "add_tags":
    case "remove_tags":
      return { type, tags: [] };
    case "set_field":
      return { type, key: c.fields[0]?.key ?? "", value: null };
    case "set_state":
      return { type, state: "on_you" };
    case "macro_reply":
      return { type, macroId: first(c.macros) };
    case "internal_note":
      return { type, body: "" };
  }
}

type Props = {
  actions: TriggerAction[];
  choices: ActionChoices;
  onChange: (a: TriggerAction[]) => void;
  error?: string;
};

export function ActionEditor({ actions, choices, onChange, error }: Props) {
  const setAt = (i: number, next: TriggerAction) => onChange(actions.map((a, j) => (j === i ? next : a)));
  return (
    <fieldset className="rule-box">
      <legend>Then</legend>
      {actions.length === 0 && <p className="muted">Add at least one action.</p>}
      {actions.map((action, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: actions have no identity of their own
        <div key={i} className="rule-row">
          <select
            aria-label={`Action ${i + 1}`}
            value={action.type}
            onChange={(e) => setAt(i, blankAction(e.target.value as ActionType, choices))}
          >
            {Object.entries(TYPE_LABEL).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
          <ActionParams label={`Action ${i + 1}`} action={action} choices={choices} onChange={(a) => setAt(i, a)} />
          <button
            type="button"
            className="icon-button"
            aria-label={`Remove action ${i + 1}`}
            onClick={() => onChange(actions.filter((_, j) => j !== i))}
          >
            ×
          </button>
        </div>
      ))}
      <button
        type="button"
        className="button small"
        onClick={() => onChange([...actions, blankAction("set_team", choices)])}
      >
        + Add action
      </button>
      {error && <p className="inline-error">{error}</p>}
    </fieldset>
  );
}

function Pick({
  label,
  value,
  options,
  onChange,
}: {
  label: string;
  value: string;
  options: Option[];
  onChange: (v: string) => void;
}) {
  return (
    <select aria-label={label} value={value} onChange={(e) => onChange(e.target.value)}>
      {!options.some((o) => o.value === value) && (
        <option value={value}>{value ? "Unknown (deleted?)" : "Pick…"}</option>
      )}
      {options.map((o) => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
    </select>
  );
}

type ParamProps = {
  label: string;
  action: TriggerAction;
  choices: ActionChoices;
  onChange: (a: TriggerAction) => void;
};

function ActionParams({ label, action, choices, onChange }: ParamProps) {
  const l = `${label} value`;
  switch (action.type) {
    case "set_team":
      return (
        <Pick
          label={l}
          value={action.teamId}
          options={choices.teams}
          onChange={(teamId) => onChange({ ...action, teamId })}
        />
      );
    case "assign_user":
      return (
        <Pick
          label={l}
          value={action.userId}
          options={choices.users}
          onChange={(userId) => onChange({ ...action, userId })}
        />
      );
    case "assign_agent":
      return (
        <Pick
          label={l}
          value={action.agentId}
          options={choices.agents}
          onChange={(agentId) => onChange({ ...action, agentId })}
        />
      );
    case "macro_reply":
      return (
        <Pick
          label={l}
          value={action.macroId}
          options={choices.macros}
          onChange={(macroId) => onChange({ ...action, macroId })}
        />
      );
    case "assign_in_team":
      return (
        <Pick
          label={l}
          value={action.strategy}
          options={ASSIGN_STRATEGIES.map((s) => ({ value: s, label: STRATEGY_LABEL[s] }))}
          onChange={(s) => onChange({ ...action, strategy: s as (typeof ASSIGN_STRATEGIES)[number] })}
        />
      );
    case "set_priority":
      return (
        <Pick
          label={l}
          value={action.priority}
          options={PRIORITIES.map((p) => ({ value: p, label: PRIORITY_LABELS[p] }))}
          onChange={(p) => onChange({ ...action, priority: p as Priority })}
        />
      );
    case "set_state":
      return (
        <Pick
          label={l}
          value={action.state}
          options={ISSUE_STATES.map((s) => ({ value: s, label: STATE_LABELS[s] }))}
          onChange={(s) => onChange({ ...action, state: s as IssueState })}
        />
      );
    case "add_tags":
    case "remove_tags":
      return (
        <MultiPick
          label={l}
          options={choices.tags}
          values={action.tags}
          onChange={(tags) => onChange({ ...action, tags })}
        />
      );
    case "internal_note":
      return (
        <textarea
          aria-label={l}
          className="grow"
          rows={2}
          value={action.body}
          onChange={(e) => onChange({ ...action, body: e.target.value })}
        />
      );
    case "set_field":
      return <SetField label={l} action={action} fields={choices.fields} onChange={onChange} />;
  }
}

function SetField({
  label,
  action,
  fields,
  onChange,
}: {
  label: string;
  action: Extract<TriggerAction, { type: "set_field" }>;
  fields: FieldDetail[];
  onChange: (a: TriggerAction) => void;
}) {
  const field = fields.find((f) => f.key === action.key);
  const keyOptions = fields.map((f) => ({ value: f.key, label: f.label }));
  const value = action.value;
  return (
    <>
      <Pick
        label={`${label} field`}
        value={action.key}
        options={keyOptions}
        onChange={(key) => onChange({ ...action, key, value: null })}
      />
      {field?.type === "boolean" ? (
        <select
          aria-label={label}
          value={String(value === true)}
          onChange={(e) => onChange({ ...action, value: e.target.value === "true" })}
        >
          <option value="true">Yes</option>
          <option value="false">No</option>
        </select>
      ) : field?.type === "multiselect" ? (
        <MultiPick
          label={label}
          options={(field.options ?? []).map((o) => ({ value: o, label: o }))}
          values={Array.isArray(value) ? value : []}
          onChange={(v) => onChange({ ...action, value: v })}
        />
      ) : field?.type === "select" ? (
        <Pick
          label={label}
          value={typeof value === "string" ? value : ""}
          options={(field.options ?? []).map((o) => ({ value: o, label: o }))}
          onChange={(v) => onChange({ ...action, value: v })}
        />
      ) : (
        <input
          aria-label={label}
          type={field?.type === "number" ? "number" : "text"}
          value={value === null || Array.isArray(value) ? "" : String(value)}
          onChange={(e) =>
            onChange({ ...action, value: field?.type === "number" ? Number(e.target.value) : e.target.value })
          }
        />
      )}
    </>
  );
}

/** Why the actions cannot be saved yet, or null. */
export function actionProblem(actions: TriggerAction[]): string | null {
  if (actions.length === 0) return "Add at least one action.";
  for (const [i, a] of actions.entries()) {
    const n = i + 1;
    if ("teamId" in a && !a.teamId) return `Action ${n}: pick a team.`;
    if ("userId" in a && !a.userId) return `Action ${n}: pick a person.`;
    if ("agentId" in a && !a.agentId) return `Action ${n}: pick an AI agent.`;
    if ("macroId" in a && !a.macroId) return `Action ${n}: pick a macro.`;
    if ("tags" in a && a.tags.length === 0) return `Action ${n}: pick at least one tag.`;
    if (a.type === "internal_note" && !a.body.trim()) return `Action ${n}: write the note.`;
    if (a.type === "set_field" && !a.key) return `Action ${n}: pick a field.`;
  }
  return null;
}
