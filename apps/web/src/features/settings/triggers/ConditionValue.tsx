// The value control of one condition: it follows the field — a picker of teams, people, accounts
// or options, a number for hours or days, yes/no, or text.
import { MultiPick } from "../../views/MultiPick";
import type { Option } from "../Fields";
import { type ConditionContext, type FieldSpec, isListOp } from "./catalog";
import type { Condition } from "./model";

export type Choices = { teams: Option[]; users: Option[]; tags: Option[]; accounts?: Option[] };

/** Views offer "me" (whoever opens the view) and "none" (unset) beside the real people and teams. */
export function choicesFor(context: ConditionContext, choices: Choices): Choices {
  if (context !== "issue") return choices;
  return {
    teams: [{ value: "none", label: "No team" }, ...choices.teams],
    users: [{ value: "me", label: "Me" }, { value: "none", label: "Nobody" }, ...choices.users],
    tags: choices.tags,
    accounts: [{ value: "none", label: "No account" }, ...(choices.accounts ?? [])],
  };
}

function optionsFor(spec: FieldSpec, choices: Choices): Option[] | null {
  if (spec.kind === "team") return choices.teams;
  if (spec.kind === "user") return choices.users;
  if (spec.kind === "account") return choices.accounts ?? [];
  if (spec.kind === "tags") return choices.tags;
  if (spec.kind === "enum") return spec.options ?? [];
  return null;
}

type ValueProps = {
  label: string;
  spec: FieldSpec;
  condition: Condition;
  choices: Choices;
  onChange: (c: Condition) => void;
};

export function ValueInput({ label, spec, condition, choices, onChange }: ValueProps) {
  const set = (value: Condition["value"]) => onChange({ ...condition, value });
  const options = optionsFor(spec, choices);
  if (isListOp(condition.op)) {
    const values = Array.isArray(condition.value) ? condition.value.map(String) : [];
    if (options) return <MultiPick label={label} options={options} values={values} onChange={set} />;
    return (
      <input
        aria-label={`${label} (comma-separated)`}
        value={values.join(", ")}
        onChange={(e) => set(e.target.value.split(",").map((v) => v.trim()))}
      />
    );
  }
  if (spec.kind === "boolean")
    return (
      <select
        aria-label={label}
        value={String(condition.value !== false)}
        onChange={(e) => set(e.target.value === "true")}
      >
        <option value="true">Yes</option>
        <option value="false">No</option>
      </select>
    );
  if (spec.kind === "number" || spec.kind === "days" || spec.kind === "minutes")
    return (
      <input
        aria-label={label}
        type="number"
        className="number-input"
        value={typeof condition.value === "number" ? condition.value : ""}
        onChange={(e) => set(e.target.value === "" ? "" : Number(e.target.value))}
      />
    );
  if (options)
    return (
      <select aria-label={label} value={String(condition.value ?? "")} onChange={(e) => set(e.target.value)}>
        <option value="">Pick…</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    );
  return (
    <input
      aria-label={label}
      className="grow"
      value={typeof condition.value === "string" ? condition.value : ""}
      placeholder={
        condition.op === "matches"
          ? "regular expression, e.g. refund|chargeback"
          : condition.op === "search"
            ? "words in the title or messages"
            : "text"
      }
      onChange={(e) => set(e.target.value)}
    />
  );
}
