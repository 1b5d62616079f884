// Triggers: admin-defined "when <event>, if <conditions>, then <actions>" rules. Pure: the
// routing pipeline gathers the facts, asks `evaluateTrigger`, and runs the actions as commands.
import {
  CONDITION_OPS,
  ConditionNode,
  type ConditionOp,
  TRIGGER_EVENTS,
  TriggerAction,
  TriggerCondition,
  type TriggerEvent,
} from "@switchboard/api";

// The schemas live in the shared API package; the domain re-exports them under their old names.
export {
  CONDITION_OPS,
  ConditionNode,
  type ConditionOp,
  TRIGGER_EVENTS,
  TriggerAction,
  TriggerCondition,
  type TriggerEvent,
};

export interface TriggerRule {
  id: string;
  name: string;
  event: TriggerEvent;
  enabled: boolean;
  conditions: ConditionNode;
  actions: TriggerAction[];
  /** no_reply triggers: business hours without an answer after the customer's last message. */
  noReplyHours?: number | null;
}

/** Plain data about the issue at the moment of the event; every lookup was done by the caller. */
export interface TriggerFacts {
  issue: {
    title: string;
    channel: string;
    state: string;
    priority: string;
    teamId: string | null;
    assigneeUserId: string | null;
    assigneeAgentId: string | null;
    tags: string[];
    customFields: Record<string, unknown>;
    source: Record<string, string>;
  };
  account: {
    name: string;
    type: string;
    tier: string | null;
    ownerUserId: string | null;
    customFields: Record<string, unknown>;
  } | null;
  contact: { name: string; email: string | null } | null;
  message: { text: string; authorType: string } | null;
  change?: { field: string; from: unknown; to: unknown } | null;
  now: Date;
  lastCustomerMessageAt?: Date | null;
}

type Value = string | number | boolean | string[] | null | undefined;

/** Reads a condition field out of the facts; undefined when the path names nothing. */
export function factValue(facts: TriggerFacts, field: string): Value {
  const [root, name, ...rest] = field.split(".");
  const key = rest.join(".");
  switch (root) {
    case "issue":
      return issueValue(facts.issue, name ?? "", key);
    case "account":
      if (!facts.account) return null;
      if (name === "field") return asValue(facts.account.customFields[key]);
      return (
        {
          type: facts.account.type,
          tier: facts.account.tier,
          owner: facts.account.ownerUserId,
          name: facts.account.name,
        }[name ?? ""] ?? undefined
      );
    case "contact":
      if (!facts.contact) return null;
      if (name === "email") return facts.contact.email;
      if (name === "domain") return facts.contact.email?.split("@")[1]?.toLowerCase() ?? null;
      if (name === "name") return facts.contact.name;
      return undefined;
    case "message":
      if (!facts.message) return null;
      return name === "text" ? facts.message.text : name === "author" ? facts.message.authorType : undefined;
    case "change":
      if (!facts.change) return null;
      return name === "field" ? facts.change.field : name === "to" ? asValue(facts.change.to) : undefined;
    case "time":
      return timeValue(facts, name ?? "");
    default:
      return undefined;
  }
}

function issueValue(issue: TriggerFacts["issue"], name: string, key: string): Value {
  switch (name) {
    case "title":
      return issue.title;
    case "channel":
      return issue.channel;
    case "state":
      return issue.state;
    case "priority":
      return issue.priority;
    case "team":
      return issue.teamId;
    case "assignee":
      return issue.assigneeUserId;
    case "tags":
      return issue.tags;
    case "field":
      return asValue(issue.customFields[key]);
    case "source":
      return issue.source[key] ?? null;
    default:
      return undefined;
  }
}

function timeValue(facts: TriggerFacts, name: string): Value {
  if (name === "hour") return facts.now.getUTCHours();
  if (name === "weekday") return facts.now.getUTCDay();
  if (!facts.lastCustomerMessageAt) return name.endsWith("since_customer_message") ? null : undefined;
  if (name === "hours_since_customer_message") {
    return (facts.now.getTime() - facts.lastCustomerMessageAt.getTime()) / 3_600_000;
  }
  if (name === "business_hours_since_customer_message") {
    return businessHoursBetween(facts.lastCustomerMessageAt, facts.now);
  }
  return undefined;
}

/** Working hours, Monday to Friday, in UTC (no per-workspace calendar yet). */
export const BUSINESS_HOURS = { days: [1, 2, 3, 4, 5], startHour: 9, endHour: 17 } as const;
const DAY_MS = 86_400_000;

/** Hours of `from`–`to` that fall inside business hours. */
export function businessHoursBetween(from: Date, to: Date, calendar = BUSINESS_HOURS): number {
  if (to <= from) return 0;
  let ms = 0;
  // Past a year the exact figure no longer matters to an hour-based rule.
  const start = Math.max(from.getTime(), to.getTime() - 366 * DAY_MS);
  for (let day = Math.floor(start / DAY_MS) * DAY_MS; day < to.getTime(); day += DAY_MS) {
    if (!(calendar.days as readonly number[]).includes(new Date(day).getUTCDay())) continue;
    const open = Math.max(day + calendar.startHour * 3_600_000, start);
    const close = Math.min(day + calendar.endHour * 3_600_000, to.getTime());
    if (close > open) ms += close - open;
  }
  return ms / 3_600_000;
}

function asValue(v: unknown): Value {
  if (v === null || v === undefined) return null;
  if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") return v;
  if (Array.isArray(v)) return v.map(String);
  return JSON.stringify(v);
}

export interface ConditionTrace {
  field: string;
  op: ConditionOp;
  value?: unknown;
  actual: unknown;
  matched: boolean;
}

export interface Evaluation {
  matched: boolean;
  /** Every leaf condition that was evaluated, in order, with what it saw. */
  trace: ConditionTrace[];
}

/** Evaluates a condition tree. `{ all: [] }` matches everything (a catch-all trigger). */
export function evaluateConditions(node: ConditionNode, facts: TriggerFacts): Evaluation {
  const trace: ConditionTrace[] = [];
  const matched = evalNode(node, facts, trace);
  return { matched, trace };
}

function evalNode(node: ConditionNode, facts: TriggerFacts, trace: ConditionTrace[]): boolean {
  if ("all" in node) {
    for (const child of node.all) if (!evalNode(child, facts, trace)) return false;
    return true;
  }
  if ("any" in node) {
    for (const child of node.any) if (evalNode(child, facts, trace)) return true;
    return false;
  }
  const actual = factValue(facts, node.field);
  const matched = compare(node.op, actual, node.value);
  trace.push({ field: node.field, op: node.op, value: node.value, actual: summarise(actual), matched });
  return matched;
}

/** Long message texts are cut in the trace: it is stored on every run. */
function summarise(v: Value): unknown {
  return typeof v === "string" && v.length > 200 ? `${v.slice(0, 197)}…` : v;
}

const norm = (v: unknown) => (typeof v === "string" ? v.trim().toLowerCase() : v);

function compare(op: ConditionOp, actual: Value, expected: TriggerCondition["value"]): boolean {
  const isSet = actual !== null && actual !== undefined && actual !== "" && !(Array.isArray(actual) && !actual.length);
  switch (op) {
    case "is_set":
      return isSet;
    case "is_not_set":
      return !isSet;
    case "eq":
      return Array.isArray(actual) ? actual.some((a) => norm(a) === norm(expected)) : norm(actual) === norm(expected);
    case "neq":
      return !compare("eq", actual, expected);
    case "in": {
      const options = (Array.isArray(expected) ? expected : [expected]).map(norm);
      const values = Array.isArray(actual) ? actual : [actual];
      return values.some((a) => options.includes(norm(a)));
    }
    case "not_in":
      return !compare("in", actual, expected);
    case "contains":
      return textOf(actual).includes(String(norm(expected) ?? ""));
    case "not_contains":
      return !compare("contains", actual, expected);
    case "matches":
      return typeof expected === "string" && safeRegexTest(expected, textOf(actual));
    case "gt":
    case "gte":
    case "lt":
    case "lte":
      return compareNumbers(op, actual, expected);
  }
}

function textOf(v: Value): string {
  if (v === null || v === undefined) return "";
  return (Array.isArray(v) ? v.join(" ") : String(v)).toLowerCase();
}

function compareNumbers(op: "gt" | "gte" | "lt" | "lte", actual: Value, expected: TriggerCondition["value"]) {
  const a = typeof actual === "number" ? actual : Number(actual);
  const b = typeof expected === "number" ? expected : Number(expected);
  if (actual === null || actual === undefined || Number.isNaN(a) || Number.isNaN(b)) return false;
  return op === "gt" ? a > b : op === "gte" ? a >= b : op === "lt" ? a < b : a <= b;
}

export const MAX_PATTERN_CHARS = 200;
/** Message text beyond this is not searched: bounds the work any pattern can do. */
export const MAX_MATCH_INPUT_CHARS = 20_000;

/**
 * Why a regular expression is refused, or null when it is acceptable. JavaScript regexes
 * backtrack, so admin-written patterns are kept short and without nested quantifiers such as
 * `(a+)+` or back-references, the shapes that make matching exponential.
 */
export function unsafePatternReason(pattern: string): string | null {
  if (pattern.length > MAX_PATTERN_CHARS) return `Patterns may have at most ${MAX_PATTERN_CHARS} characters.`;
  if (/\\[1-9]|\\k</.test(pattern)) return "Back-references are not allowed.";
  if (/\((?:[^()\\]|\\.)*[+*}](?:[^()\\]|\\.)*\)\s*[+*{?]/.test(pattern)) return "Nested quantifiers are not allowed.";
  try {
    new RegExp(pattern, "iu");
  } catch (error) {
    return `Invalid pattern: ${error instanceof Error ? error.message : String(error)}`;
  }
  return null;
}

function safeRegexTest(pattern: string, text: string): boolean {
  if (unsafePatternReason(pattern)) return false;
  return new RegExp(pattern, "iu").test(text.slice(0, MAX_MATCH_INPUT_CHARS));
}

export interface TriggerEvaluation extends Evaluation {
  /** Disabled, invalid or wrong-event triggers do not run; this says why. */
  skipped?: string;
}

export function evaluateTrigger(
  trigger: TriggerRule & { invalidReason?: string | null },
  event: TriggerEvent,
  facts: TriggerFacts,
): TriggerEvaluation {
  if (!trigger.enabled) return { matched: false, trace: [], skipped: "disabled" };
  if (trigger.event !== event) return { matched: false, trace: [], skipped: "other event" };
  if (trigger.invalidReason) return { matched: false, trace: [], skipped: trigger.invalidReason };
  if (event === "no_reply") {
    const hours = factValue(facts, "time.business_hours_since_customer_message");
    if (typeof hours !== "number" || hours < (trigger.noReplyHours ?? 24)) return { matched: false, trace: [] };
  }
  return evaluateConditions(trigger.conditions, facts);
}

/** What a trigger points at; the pipeline checks these still exist before running it. */
export interface TriggerReferences {
  teamIds: string[];
  userIds: string[];
  agentIds: string[];
  macroIds: string[];
  issueFieldKeys: string[];
  accountFieldKeys: string[];
}

export function triggerReferences(trigger: Pick<TriggerRule, "conditions" | "actions">): TriggerReferences {
  const refs: TriggerReferences = {
    teamIds: [],
    userIds: [],
    agentIds: [],
    macroIds: [],
    issueFieldKeys: [],
    accountFieldKeys: [],
  };
  for (const c of leaves(trigger.conditions)) {
    const [root, name, ...rest] = c.field.split(".");
    if (name === "field" && root === "issue") refs.issueFieldKeys.push(rest.join("."));
    if (name === "field" && root === "account") refs.accountFieldKeys.push(rest.join("."));
    if (root === "issue" && name === "team" && typeof c.value === "string") refs.teamIds.push(c.value);
  }
  for (const a of trigger.actions) {
    if (a.type === "set_team") refs.teamIds.push(a.teamId);
    if (a.type === "assign_user") refs.userIds.push(a.userId);
    if (a.type === "assign_agent") refs.agentIds.push(a.agentId);
    if (a.type === "macro_reply") refs.macroIds.push(a.macroId);
    if (a.type === "set_field") refs.issueFieldKeys.push(a.key);
  }
  return refs;
}

export function leaves(node: ConditionNode): TriggerCondition[] {
  if ("all" in node) return node.all.flatMap(leaves);
  if ("any" in node) return node.any.flatMap(leaves);
  return [node];
}

export interface WorkspaceCatalog {
  teamIds: ReadonlySet<string>;
  userIds: ReadonlySet<string>;
  agentIds: ReadonlySet<string>;
  macroIds: ReadonlySet<string>;
  issueFieldKeys: ReadonlySet<string>;
  accountFieldKeys: ReadonlySet<string>;
}

/** Why this trigger cannot run any more (a team, user, field… it names is gone), or null. */
export function invalidReasonFor(
  trigger: Pick<TriggerRule, "conditions" | "actions">,
  catalog: WorkspaceCatalog,
): string | null {
  const refs = triggerReferences(trigger);
  const missing = (ids: string[], known: ReadonlySet<string>) => ids.filter((id) => !known.has(id));
  const problems = [
    ...missing(refs.teamIds, catalog.teamIds).map((id) => `team ${id} no longer exists`),
    ...missing(refs.userIds, catalog.userIds).map((id) => `user ${id} no longer exists`),
    ...missing(refs.agentIds, catalog.agentIds).map((id) => `AI agent ${id} no longer exists`),
    ...missing(refs.macroIds, catalog.macroIds).map((id) => `macro ${id} no longer exists`),
    ...missing(refs.issueFieldKeys, catalog.issueFieldKeys).map((k) => `issue field "${k}" no longer exists`),
    ...missing(refs.accountFieldKeys, catalog.accountFieldKeys).map((k) => `account field "${k}" no longer exists`),
  ];
  for (const c of leaves(trigger.conditions)) {
    if (c.op === "matches") {
      const why = typeof c.value === "string" ? unsafePatternReason(c.value) : "A pattern must be text.";
      if (why) problems.push(`${c.field}: ${why}`);
    }
  }
  return problems.length > 0 ? problems.join("; ") : null;
}

/** Upper bound on trigger passes per event: trigger A undoing trigger B cannot run forever. */
export const MAX_TRIGGER_PASSES = 3;
