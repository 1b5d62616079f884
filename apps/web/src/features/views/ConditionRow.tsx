// One condition of a view's filter: field, operator and the value editor that fits the field.
import type { Condition } from "../../api/types";
import { useAccounts, useCustomFields, useTags, useTeams, useUsers } from "../directory/useDirectory";
import { CHANNEL_LABELS, ISSUE_STATES, PRIORITIES, PRIORITY_LABELS, STATE_LABELS } from "../issues/labels";
import {
  ACCOUNT_TYPES,
  blankCondition,
  type ConditionField,
  FIELD_LABELS,
  FIELDS,
  OP_LABELS,
  opsOf,
} from "./conditions";
import { MultiPick } from "./MultiPick";

type Props = { condition: Condition; onChange: (c: Condition) => void; onRemove: () => void; index: number };

export function ConditionRow({ condition, onChange, onRemove, index }: Props) {
  const n = index + 1;
  return (
    <div className="condition-row">
      <select
        aria-label={`Condition ${n} field`}
        value={condition.field}
        onChange={(e) => onChange(blankCondition(e.target.value as ConditionField))}
      >
        {FIELDS.map((f) => (
          <option key={f} value={f}>
            {FIELD_LABELS[f]}
          </option>
        ))}
      </select>
      {condition.field === "field" && <FieldKey condition={condition} onChange={onChange} n={n} />}
      <select
        aria-label={`Condition ${n} operator`}
        value={condition.op}
        onChange={(e) => onChange({ ...condition, op: e.target.value } as Condition)}
      >
        {opsOf(condition.field).map((op) => (
          <option key={op} value={op}>
            {OP_LABELS[op]}
          </option>
        ))}
      </select>
      <ValueEditor condition={condition} onChange={onChange} n={n} />
      <button type="button" className="icon-button" aria-label={`Remove condition ${n}`} onClick={onRemove}>
        ×
      </button>
    </div>
  );
}

type EditorProps = { condition: Condition; onChange: (c: Condition) => void; n: number };

function FieldKey({ condition, onChange, n }: EditorProps) {
  const fields = useCustomFields();
  if (condition.field !== "field") return null;
  return (
    <select
      aria-label={`Condition ${n} custom field`}
      value={condition.key}
      onChange={(e) => onChange({ ...condition, key: e.target.value, values: undefined })}
    >
      <option value="">Pick a field…</option>
      {fields.data
        ?.filter((f) => f.object === "issue")
        .map((f) => (
          <option key={f.id} value={f.key}>
            {f.label}
          </option>
        ))}
    </select>
  );
}

function ValueEditor({ condition: c, onChange, n }: EditorProps) {
  const users = useUsers();
  const teams = useTeams();
  const tags = useTags();
  const fields = useCustomFields();
  const accounts = useAccounts(c.field === "account");
  const label = `condition ${n} value`;
  const pick = (options: { value: string; label: string }[], values: string[], set: (v: string[]) => void) => (
    <MultiPick label={label} options={options} values={values} onChange={set} />
  );
  const special = [
    { value: "me", label: "Me" },
    { value: "none", label: "None" },
  ];
  switch (c.field) {
    case "state":
      return pick(
        ISSUE_STATES.map((s) => ({ value: s, label: STATE_LABELS[s] })),
        c.values,
        (v) => onChange({ ...c, values: v as typeof c.values }),
      );
    case "priority":
      return pick(
        PRIORITIES.map((p) => ({ value: p, label: PRIORITY_LABELS[p] })),
        c.values,
        (v) => onChange({ ...c, values: v as typeof c.values }),
      );
    case "channel":
      return pick(
        Object.entries(CHANNEL_LABELS).map(([value, l]) => ({ value, label: l })),
        c.values,
        (v) => onChange({ ...c, values: v as typeof c.values }),
      );
    case "account_type":
      return pick(
        ACCOUNT_TYPES.map((t) => ({ value: t, label: t })),
        c.values,
        (v) => onChange({ ...c, values: v }),
      );
    case "account_tier":
      return <ListInput label={label} values={c.values} onChange={(v) => onChange({ ...c, values: v })} />;
    case "team":
      return pick(
        [{ value: "none", label: "No team" }, ...(teams.data ?? []).map((t) => ({ value: t.id, label: t.name }))],
        c.values,
        (v) => onChange({ ...c, values: v }),
      );
    case "assignee":
    case "account_owner":
      return pick([...special, ...(users.data ?? []).map((u) => ({ value: u.id, label: u.name }))], c.values, (v) =>
        onChange({ ...c, values: v }),
      );
    case "account":
      return pick(
        (accounts.data ?? []).map((a) => ({ value: a.id, label: a.name })),
        c.values,
        (v) => onChange({ ...c, values: v }),
      );
    case "tag":
      return pick(
        (tags.data ?? []).map((t) => ({ value: t.name, label: t.name })),
        c.values,
        (v) => onChange({ ...c, values: v }),
      );
    case "field": {
      if (c.op === "is_set" || c.op === "not_set") return null;
      const def = fields.data?.find((f) => f.key === c.key);
      const values = (c.values ?? []).map(String);
      if (def?.options?.length) {
        return pick(
          def.options.map((o) => ({ value: o, label: o })),
          values,
          (v) => onChange({ ...c, values: v }),
        );
      }
      return <ListInput label={label} values={values} onChange={(v) => onChange({ ...c, values: v })} />;
    }
    case "created":
    case "updated":
      return (
        <input
          type="number"
          min={0}
          max={3650}
          className="days-input"
          aria-label={label}
          value={c.days}
          onChange={(e) => onChange({ ...c, days: Math.max(0, Math.round(Number(e.target.value) || 0)) })}
        />
      );
    case "text":
      return (
        <input
          aria-label={label}
          placeholder="words in title or messages"
          value={c.query}
          onChange={(e) => onChange({ ...c, query: e.target.value })}
        />
      );
  }
}

/** Free values, comma-separated (tiers, text custom fields). */
function ListInput({ label, values, onChange }: { label: string; values: string[]; onChange: (v: string[]) => void }) {
  return (
    <input
      aria-label={label}
      placeholder="comma, separated"
      defaultValue={values.join(", ")}
      onBlur={(e) =>
        onChange(
          e.target.value
            .split(",")
            .map((v) => v.trim())
            .filter(Boolean),
        )
      }
    />
  );
}
