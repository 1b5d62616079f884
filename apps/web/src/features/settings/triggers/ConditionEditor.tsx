// The one editor of the condition language, for triggers and views alike: nested all/any groups,
// one row per condition — what to look at, how to compare, and the value, whose control follows
// the field (a team picker for Team, options for a select field, a number for hours or days).
import { type Choices, choicesFor, ValueInput } from "./ConditionValue";
import {
  blankValue,
  type ConditionContext,
  type FieldSpec,
  isListOp,
  needsValue,
  OP_LABEL,
  opsOf,
  specFor,
} from "./catalog";
import { type Condition, type ConditionNode, type ConditionOp, isLeaf, topLevel } from "./model";
import "./conditionEditor.css";

export type { Choices };

/** How the editor speaks of its conditions where they are used. */
export type EditorWording = { lead: string; empty: string };

const WORDING: Record<ConditionContext, EditorWording> = {
  event: { lead: "If ", empty: "No conditions: the trigger runs on every issue for its event." },
  issue: { lead: "Issues matching ", empty: "No conditions: every issue in the workspace." },
};

type Props = {
  context: ConditionContext;
  match: "all" | "any";
  items: ConditionNode[];
  catalog: FieldSpec[];
  choices: Choices;
  onChange: (match: "all" | "any", items: ConditionNode[]) => void;
  error?: string;
  /** Set for a nested group: its number ("2", "2.1") and how to remove it from its parent. */
  group?: { label: string; onRemove: () => void };
};

/** Groups nest this deep at most in the editor (the server accepts deeper ones, shown as they are). */
const MAX_GROUP_DEPTH = 2;

export function ConditionEditor({ context, match, items, catalog, choices, onChange, error, group }: Props) {
  const groups = [...new Set(catalog.map((s) => s.group))];
  const prefix = group ? `${group.label}.` : "";
  const depth = group ? group.label.split(".").length : 0;
  const setAt = (i: number, next: ConditionNode) =>
    onChange(
      match,
      items.map((c, j) => (j === i ? next : c)),
    );
  const removeAt = (i: number) =>
    onChange(
      match,
      items.filter((_, j) => j !== i),
    );
  const blank = (): Condition | undefined => {
    const first = catalog[0];
    if (!first) return undefined;
    const op = opsOf(first, context)[0] ?? "in";
    return { field: first.path, op, value: blankValue(first.kind, op) };
  };
  const add = (node: ConditionNode | undefined) => node && onChange(match, [...items, node]);
  const matchSelect = (
    <select
      aria-label={group ? `Group ${group.label} match` : "Match"}
      value={match}
      onChange={(e) => onChange(e.target.value === "any" ? "any" : "all", items)}
    >
      <option value="all">all</option>
      <option value="any">any</option>
    </select>
  );
  return (
    <fieldset className={group ? "rule-box nested-group" : "rule-box"}>
      <legend>
        {group ? `Group ${group.label}: ` : WORDING[context].lead}
        {matchSelect} of these conditions hold
        {group && (
          <button
            type="button"
            className="link-button small group-remove"
            aria-label={`Remove group ${group.label}`}
            onClick={group.onRemove}
          >
            Remove group
          </button>
        )}
      </legend>
      {items.length === 0 &&
        (group ? (
          <p className="muted">An empty group always holds.</p>
        ) : (
          <p className="muted">{WORDING[context].empty}</p>
        ))}
      {items.map((node, i) => {
        const n = `${prefix}${i + 1}`;
        if (isLeaf(node))
          return (
            <ConditionRow
              // biome-ignore lint/suspicious/noArrayIndexKey: conditions have no identity of their own
              key={i}
              label={n}
              context={context}
              condition={node}
              catalog={catalog}
              groups={groups}
              choices={choices}
              onChange={(next) => setAt(i, next)}
              onRemove={() => removeAt(i)}
            />
          );
        const inner = topLevel(node);
        return depth < MAX_GROUP_DEPTH ? (
          <ConditionEditor
            // biome-ignore lint/suspicious/noArrayIndexKey: as above
            key={i}
            context={context}
            match={inner.match}
            items={inner.items}
            catalog={catalog}
            choices={choices}
            onChange={(m, next) => setAt(i, m === "all" ? { all: next } : { any: next })}
            group={{ label: n, onRemove: () => removeAt(i) }}
          />
        ) : (
          // biome-ignore lint/suspicious/noArrayIndexKey: as above
          <div key={i} className="rule-row nested">
            <code>{JSON.stringify(node)}</code>
            <span className="muted small">A group nested deeper than the editor shows, kept as is.</span>
            <button
              type="button"
              className="icon-button"
              aria-label={`Remove condition ${n}`}
              onClick={() => removeAt(i)}
            >
              ×
            </button>
          </div>
        );
      })}
      <div className="rule-add">
        <button type="button" className="button small" onClick={() => add(blank())}>
          + Add condition
        </button>
        {depth < MAX_GROUP_DEPTH && (
          <button
            type="button"
            className="button small"
            onClick={() => {
              const first = blank();
              // A new group is "any of": an OR inside the trigger's AND is what groups are for.
              add({ any: first ? [first] : [] });
            }}
          >
            + Add group
          </button>
        )}
      </div>
      {error && <p className="inline-error">{error}</p>}
    </fieldset>
  );
}

type RowProps = {
  /** The row's number: "2", or "2.1" inside group 2. */
  label: string;
  context: ConditionContext;
  condition: Condition;
  catalog: FieldSpec[];
  groups: string[];
  choices: Choices;
  onChange: (c: Condition) => void;
  onRemove: () => void;
};

function ConditionRow({ label: n, context, condition, catalog, groups, choices, onChange, onRemove }: RowProps) {
  const spec = specFor(catalog, condition.field);
  const ops = opsOf(spec, context);
  const changeField = (path: string) => {
    const next = specFor(catalog, path);
    const nextOps = opsOf(next, context);
    const op = nextOps.includes(condition.op) ? condition.op : (nextOps[0] ?? "eq");
    onChange({ field: path, op, value: blankValue(next.kind, op) });
  };
  const changeOp = (op: ConditionOp) => {
    const keep = isListOp(op) === isListOp(condition.op) && needsValue(op) && needsValue(condition.op);
    onChange({ field: condition.field, op, value: keep ? condition.value : blankValue(spec.kind, op) });
  };
  return (
    <div className="rule-row">
      <select aria-label={`Condition ${n} field`} value={condition.field} onChange={(e) => changeField(e.target.value)}>
        {!catalog.some((s) => s.path === condition.field) && <option value={condition.field}>{condition.field}</option>}
        {groups.map((g) => (
          <optgroup key={g} label={g}>
            {catalog
              .filter((s) => s.group === g)
              .map((s) => (
                <option key={s.path} value={s.path}>
                  {s.label}
                </option>
              ))}
          </optgroup>
        ))}
      </select>
      <select
        aria-label={`Condition ${n} comparison`}
        value={condition.op}
        onChange={(e) => changeOp(e.target.value as ConditionOp)}
      >
        {ops.map((op) => (
          <option key={op} value={op}>
            {OP_LABEL[op]}
          </option>
        ))}
      </select>
      {needsValue(condition.op) && (
        <ValueInput
          label={`Condition ${n} value`}
          spec={spec}
          condition={condition}
          choices={choicesFor(context, choices)}
          onChange={onChange}
        />
      )}
      <button type="button" className="icon-button" aria-label={`Remove condition ${n}`} onClick={onRemove}>
        ×
      </button>
    </div>
  );
}

/** Why a condition list cannot be saved yet, or null. */
export function conditionProblem(items: ConditionNode[], prefix = ""): string | null {
  for (const [i, node] of items.entries()) {
    const n = `${prefix}${i + 1}`;
    if (!isLeaf(node)) {
      const inner = conditionProblem(topLevel(node).items, `${n}.`);
      if (inner) return inner;
      continue;
    }
    if (!needsValue(node.op)) continue;
    const v = node.value;
    const empty = v === undefined || v === "" || (Array.isArray(v) && v.filter(Boolean).length === 0);
    if (empty) return `Condition ${n} needs a value.`;
    if (node.op === "matches" && typeof v === "string") {
      try {
        new RegExp(v, "iu");
      } catch {
        // The message of a SyntaxError is engine-specific; ours says which row.
        return `Condition ${n}: not a valid pattern.`;
      }
    }
  }
  return null;
}
