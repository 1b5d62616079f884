// The one condition language's vocabulary, free of zod: its operators, the contexts that use it,
// and the field catalog (dotted name, value type, operators, contexts). Views, triggers and, next,
// SLA policies, broadcast audiences, analytics filters and AI scopes all speak it; the server
// binds each field to the facts it reads (apps/server/src/domain/conditions/).

/** The operators of a condition. */
export const CONDITION_OPS = [
  "eq",
  "neq",
  "in",
  "not_in",
  "contains",
  "not_contains",
  "matches",
  "is_set",
  "is_not_set",
  "gt",
  "gte",
  "lt",
  "lte",
  "within_days",
  "older_than_days",
  "search",
] as const;
export type ConditionOp = (typeof CONDITION_OPS)[number];

/**
 * Where a condition is evaluated. `event`: something just happened to an issue (triggers and
 * their dry run; AI scopes) — the message, the change and the clock are known. `issue`: stored
 * issues selected in SQL (views; analytics filters, SLA policies) — only what the issue row and
 * its account hold.
 */
export const CONDITION_CONTEXTS = ["event", "issue"] as const;
export type ConditionContext = (typeof CONDITION_CONTEXTS)[number];

export type ConditionValueType =
  | "enum"
  | "ref"
  | "text"
  | "number"
  | "tags"
  | "custom"
  | "date"
  | "search"
  /** Minutes from now until an SLA due time (negative once it passed); unset when nothing is due. */
  | "due";

export interface ConditionFieldDef {
  /** Dotted name; a name ending in `.*` takes a key (`issue.field.<key>`). */
  name: string;
  type: ConditionValueType;
  contexts: readonly ConditionContext[];
  /** Accepts the tokens "me" (the viewer) and "none" (unset) among its values. */
  tokens?: boolean;
}

const BOTH = ["event", "issue"] as const;
const EVENT = ["event"] as const;
const ISSUE = ["issue"] as const;

export const CONDITION_FIELDS: readonly ConditionFieldDef[] = [
  { name: "issue.state", type: "enum", contexts: BOTH },
  { name: "issue.priority", type: "enum", contexts: BOTH },
  { name: "issue.channel", type: "enum", contexts: BOTH },
  { name: "issue.title", type: "text", contexts: BOTH },
  { name: "issue.team", type: "ref", contexts: BOTH, tokens: true },
  { name: "issue.assignee", type: "ref", contexts: BOTH, tokens: true },
  { name: "issue.account", type: "ref", contexts: ISSUE, tokens: true },
  { name: "issue.tags", type: "tags", contexts: BOTH },
  /** The common topics (ids) the issue's customer questions are in. */
  { name: "issue.topic", type: "tags", contexts: ISSUE },
  { name: "issue.field.*", type: "custom", contexts: BOTH },
  { name: "issue.source.*", type: "text", contexts: EVENT },
  { name: "issue.created_at", type: "date", contexts: ISSUE },
  { name: "issue.updated_at", type: "date", contexts: ISSUE },
  /** Title and messages, as full-text search. */
  { name: "issue.text", type: "search", contexts: ISSUE },
  { name: "account.type", type: "text", contexts: BOTH, tokens: true },
  { name: "account.tier", type: "text", contexts: BOTH, tokens: true },
  { name: "account.name", type: "text", contexts: EVENT },
  { name: "account.owner", type: "ref", contexts: BOTH, tokens: true },
  { name: "account.field.*", type: "custom", contexts: EVENT },
  { name: "account.tags", type: "tags", contexts: EVENT },
  { name: "contact.email", type: "text", contexts: EVENT },
  { name: "contact.domain", type: "text", contexts: EVENT },
  { name: "contact.name", type: "text", contexts: EVENT },
  { name: "message.text", type: "text", contexts: EVENT },
  { name: "message.author", type: "enum", contexts: EVENT },
  { name: "change.field", type: "text", contexts: EVENT },
  { name: "change.to", type: "text", contexts: EVENT },
  { name: "time.hour", type: "number", contexts: EVENT },
  { name: "time.weekday", type: "number", contexts: EVENT },
  { name: "time.hours_since_customer_message", type: "number", contexts: EVENT },
  { name: "time.business_hours_since_customer_message", type: "number", contexts: EVENT },
  /** The issue's SLA as its read model holds it (the SLA module keeps it; SLA policies cannot read it). */
  { name: "sla.policy", type: "ref", contexts: BOTH },
  /** "breached" (a target was missed), "paused", "running"; unset when no target runs. */
  { name: "sla.state", type: "enum", contexts: BOTH },
  /** The targets missed: first_response, next_response, resolution. */
  { name: "sla.breached", type: "tags", contexts: BOTH },
  { name: "sla.due_in", type: "due", contexts: BOTH },
  { name: "sla.first_response_due_in", type: "due", contexts: BOTH },
  { name: "sla.next_response_due_in", type: "due", contexts: BOTH },
  { name: "sla.resolution_due_in", type: "due", contexts: BOTH },
];

/** The values of `sla.state`. */
export const SLA_CONDITION_STATES = ["running", "paused", "breached"] as const;

const SET = ["is_set", "is_not_set"] as const;
const EQUALITY = ["eq", "neq", "in", "not_in", ...SET] as const;
const NUMERIC = ["gt", "gte", "lt", "lte"] as const;

/** Which operators fit each value type. */
export const OPS_BY_TYPE: Record<ConditionValueType, readonly ConditionOp[]> = {
  enum: EQUALITY,
  ref: EQUALITY,
  tags: EQUALITY,
  text: [...EQUALITY, "contains", "not_contains", "matches"],
  number: [...EQUALITY, ...NUMERIC],
  custom: [...EQUALITY, "contains", "not_contains", "matches", ...NUMERIC],
  date: ["within_days", "older_than_days"],
  search: ["search"],
  due: [...NUMERIC, ...SET],
};

/**
 * The operators the SQL compiler (issue context) takes per type: no regular expressions
 * (JavaScript's and PostgreSQL's dialects differ), no number or text tests inside custom fields.
 */
export const ISSUE_OPS_BY_TYPE: Record<ConditionValueType, readonly ConditionOp[]> = {
  ...OPS_BY_TYPE,
  text: [...EQUALITY, "contains", "not_contains"],
  number: EQUALITY,
  custom: EQUALITY,
};

/** The operators a field takes in a context. */
export function opsFor(def: ConditionFieldDef, context: ConditionContext): readonly ConditionOp[] {
  return context === "issue" ? ISSUE_OPS_BY_TYPE[def.type] : OPS_BY_TYPE[def.type];
}

const KEY = /^[A-Za-z0-9_.:@-]{1,100}$/;

/** The catalog entry of a dotted name, or undefined when the language has no such field. */
export function conditionField(name: string): ConditionFieldDef | undefined {
  const exact = CONDITION_FIELDS.find((f) => f.name === name);
  if (exact) return exact;
  return CONDITION_FIELDS.find(
    (f) => f.name.endsWith(".*") && name.startsWith(f.name.slice(0, -1)) && KEY.test(name.slice(f.name.length - 1)),
  );
}

export const needsValue = (op: ConditionOp) => op !== "is_set" && op !== "is_not_set";
export const isListOp = (op: ConditionOp) => op === "in" || op === "not_in";

type Leaf = { field: string; op: ConditionOp; value?: unknown };

/** Why a leaf cannot be used in this context, or null. Pattern safety is checked by the server. */
export function leafProblem(leaf: Leaf, context: ConditionContext): string | null {
  const def = conditionField(leaf.field);
  if (!def) return `unknown condition field "${leaf.field}"`;
  if (!def.contexts.includes(context)) return `"${leaf.field}" cannot be used in ${context} conditions`;
  if (!opsFor(def, context).includes(leaf.op)) return `"${leaf.field}" cannot be compared with "${leaf.op}"`;
  return valueProblem(leaf);
}

/** A year: the widest "due in" a condition compares with. */
const MAX_DUE_MINUTES = 525_600;

function valueProblem({ field, op, value }: Leaf): string | null {
  if (!needsValue(op)) return null;
  if (value === undefined) return `"${field}" ${op} needs a value`;
  if (op === "within_days" || op === "older_than_days")
    return typeof value === "number" && Number.isInteger(value) && value >= 0 && value <= 3650
      ? null
      : `"${field}" ${op} needs a whole number of days (0 to 3650)`;
  if (conditionField(field)?.type === "due")
    return typeof value === "number" && Number.isInteger(value) && Math.abs(value) <= MAX_DUE_MINUTES
      ? null
      : `"${field}" ${op} needs a whole number of minutes (-${MAX_DUE_MINUTES} to ${MAX_DUE_MINUTES})`;
  if (op === "search" || op === "matches")
    return typeof value === "string" && value.trim() !== "" ? null : `"${field}" ${op} needs text`;
  if (isListOp(op) && Array.isArray(value) && value.length === 0) return `"${field}" ${op} needs at least one value`;
  return null;
}
