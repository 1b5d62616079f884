// Compiles a condition tree of the one condition language (issue context) to a WHERE clause over
// issues. It mirrors the in-memory evaluator (domain/conditions/evaluate.ts) — text compared
// trimmed and case-insensitively, "none" as unset, "me" as the viewer, a negation the exact
// complement — and apps/server/test/views.test.ts holds the two to the same answers.
import type { Condition, ConditionNode } from "@switchboard/api";
import { and, or, type SQL, sql } from "drizzle-orm";
import { accounts, issueFieldValues, issues, topicQuestions } from "../db/schema";
import { tokenResolver } from "../domain/conditions/tokens";
import { textMatch } from "./issues";
import type { ReadScope } from "./scope";

/** Who looks: "me" is the viewer; text search reads only what the viewer's read scope may read. */
export interface ConditionScope {
  scope: ReadScope;
  viewerId: string;
  /** What scalar fields read instead of the issue's columns (analytics: its facts' copies of them). */
  columns?: Readonly<Record<string, SQL>>;
}

export function conditionSql(node: ConditionNode, scope: ConditionScope): SQL {
  if ("all" in node) return and(...node.all.map((n) => conditionSql(n, scope))) ?? sql`true`;
  if ("any" in node) return or(...node.any.map((n) => conditionSql(n, scope))) ?? sql`false`;
  return leafSql(node, scope);
}

/** A column as the evaluator sees it: canonical values (ids, enums) need no normalising. */
type Column =
  | {
      kind: "scalar";
      expr: SQL;
      canonical: boolean;
      /** A uuid column compared as itself (its indexes serve), not as text. */
      uuid?: SQL;
      /** An account's column: equality selects the issue's account among matching accounts. */
      account?: SQL;
    }
  | { kind: "tags"; expr: SQL }
  /** A custom field (`issue.field.<key>`): its JSON, and its text values in issue_field_value. */
  | { kind: "json"; expr: SQL; key: string }
  | { kind: "date"; expr: SQL }
  /** An SLA due time, compared as minutes from now. */
  | { kind: "due"; expr: SQL }
  | { kind: "search" };

/** `sla.state` as `slaStateOf` (domain/conditions/facts.ts) reads the same columns. */
const slaState = sql`(CASE WHEN cardinality(${issues.slaBreached}) > 0 THEN 'breached' WHEN ${issues.slaPaused} THEN 'paused' WHEN ${issues.slaDueAt} IS NOT NULL THEN 'running' END)`;

const accountColumn = (column: SQL) => ({
  kind: "scalar" as const,
  expr: sql`(SELECT ${column} FROM ${accounts} WHERE ${accounts.id} = ${issues.accountId})`,
  account: column,
});

const COLUMNS: Record<string, Column> = {
  "issue.state": { kind: "scalar", expr: sql`${issues.state}`, canonical: true },
  "issue.priority": { kind: "scalar", expr: sql`${issues.priority}`, canonical: true },
  "issue.channel": { kind: "scalar", expr: sql`${issues.channel}`, canonical: true },
  "issue.title": { kind: "scalar", expr: sql`${issues.title}`, canonical: false },
  "issue.team": { kind: "scalar", expr: sql`${issues.teamId}::text`, canonical: true, uuid: sql`${issues.teamId}` },
  "issue.assignee": {
    kind: "scalar",
    expr: sql`${issues.assigneeUserId}::text`,
    canonical: true,
    uuid: sql`${issues.assigneeUserId}`,
  },
  "issue.account": {
    kind: "scalar",
    expr: sql`${issues.accountId}::text`,
    canonical: true,
    uuid: sql`${issues.accountId}`,
  },
  "issue.tags": { kind: "tags", expr: sql`${issues.tags}` },
  "issue.topic": {
    kind: "tags",
    expr: sql`ARRAY(SELECT ${topicQuestions.topicId}::text FROM ${topicQuestions}
      WHERE ${topicQuestions.issueId} = ${issues.id} AND ${topicQuestions.topicId} IS NOT NULL)`,
  },
  "issue.created_at": { kind: "date", expr: sql`${issues.createdAt}` },
  "issue.updated_at": { kind: "date", expr: sql`${issues.updatedAt}` },
  "issue.text": { kind: "search" },
  "account.type": { ...accountColumn(sql`${accounts.type}`), canonical: false },
  "account.tier": { ...accountColumn(sql`${accounts.tier}`), canonical: false },
  "account.owner": { ...accountColumn(sql`${accounts.ownerUserId}::text`), canonical: true },
  "sla.policy": {
    kind: "scalar",
    expr: sql`${issues.slaPolicyId}::text`,
    canonical: true,
    uuid: sql`${issues.slaPolicyId}`,
  },
  "sla.state": { kind: "scalar", expr: slaState, canonical: true },
  "sla.breached": { kind: "tags", expr: sql`${issues.slaBreached}` },
  "sla.due_in": { kind: "due", expr: sql`${issues.slaDueAt}` },
  "sla.first_response_due_in": { kind: "due", expr: sql`${issues.slaFirstResponseDueAt}` },
  "sla.next_response_due_in": { kind: "due", expr: sql`${issues.slaNextResponseDueAt}` },
  "sla.resolution_due_in": { kind: "due", expr: sql`${issues.slaResolutionDueAt}` },
};

function columnOf(field: string, scope: ConditionScope): Column | undefined {
  const column = COLUMNS[field];
  const instead = scope.columns?.[field];
  if (instead && column?.kind === "scalar") return { kind: "scalar", expr: instead, canonical: column.canonical };
  if (field.startsWith("issue.field.")) {
    const key = field.slice("issue.field.".length);
    return { kind: "json", expr: sql`${issues.customFields} -> ${key}`, key };
  }
  return column;
}

type Option = string | number | boolean | null;

function leafSql(leaf: Condition, scope: ConditionScope): SQL {
  const column = columnOf(leaf.field, scope);
  // The API refuses such leaves; one stored by hand selects nothing rather than everything.
  if (!column) return sql`false`;
  const options = optionsOf(leaf, scope);
  switch (leaf.op) {
    case "neq":
    case "not_in":
    case "not_contains":
    case "is_not_set":
      return sql`NOT coalesce(${positiveSql(column, positiveOf(leaf.op), options, scope)}, false)`;
    default:
      return positiveSql(column, leaf.op, options, scope);
  }
}

const POSITIVE = { neq: "eq", not_in: "in", not_contains: "contains", is_not_set: "is_set" } as const;
type NegatedOp = keyof typeof POSITIVE;
type PositiveOp = Exclude<Condition["op"], NegatedOp>;
const positiveOf = (op: NegatedOp): PositiveOp => POSITIVE[op];

/** The leaf's values, with the tokens "me" and "none" resolved for fields that take them. */
function optionsOf(leaf: Condition, scope: ConditionScope): Option[] {
  const values = leaf.value === undefined ? [] : Array.isArray(leaf.value) ? leaf.value : [leaf.value];
  return values.map(tokenResolver(leaf.field, scope.viewerId));
}

function positiveSql(column: Column, op: PositiveOp, options: Option[], scope: ConditionScope): SQL {
  if (column.kind === "search") {
    const [query] = options;
    return op === "search" && typeof query === "string" ? textMatch(scope.scope, query) : sql`false`;
  }
  if (column.kind === "date") return dateSql(column.expr, op, options[0]);
  if (column.kind === "due") return dueSql(column.expr, op, options[0]);
  if (op === "is_set") return isSetSql(column);
  if ((op === "eq" || op === "in") && column.kind === "json") return fieldEqualsSql(column, options);
  if (op === "eq" || op === "in") return anyOf(options.map((o) => equalsSql(column, o, scope)));
  if (op === "contains" && column.kind === "scalar") {
    const needle = typeof options[0] === "string" ? options[0].trim().toLowerCase() : String(options[0] ?? "");
    return sql`strpos(lower(coalesce(${column.expr}, '')), ${needle}) > 0`;
  }
  return sql`false`;
}

function isSetSql(column: Exclude<Column, { kind: "search" | "date" | "due" }>): SQL {
  const { expr } = column;
  if (column.kind === "tags") return sql`cardinality(${expr}) > 0`;
  if (column.kind === "json")
    return sql`(${expr} IS NOT NULL AND ${expr} NOT IN ('null'::jsonb, '""'::jsonb, '[]'::jsonb))`;
  return sql`(${expr} IS NOT NULL AND ${expr} <> '')`;
}

const norm = (s: string) => s.trim().toLowerCase();

const CANONICAL_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * The column equals one option, as the evaluator's `norm(actual) === norm(option)`. A uuid column
 * is compared as a uuid: its text form is canonical, so only a canonical option can equal it. An
 * account's column selects the issue's account among the workspace's matching accounts (NULL and
 * false differ only where a negation reads them, and negations coalesce NULL to false).
 */
function equalsSql(
  column: Exclude<Column, { kind: "search" | "date" | "due" }>,
  option: Option,
  scope: ConditionScope,
): SQL {
  const { expr } = column;
  if (column.kind === "scalar" && typeof option === "string") {
    const wanted = norm(option);
    if (column.uuid) return CANONICAL_UUID.test(wanted) ? sql`${column.uuid} = ${wanted}::uuid` : sql`false`;
    if (column.account) {
      const same = column.canonical
        ? sql`${column.account} = ${wanted}`
        : sql`lower(btrim(${column.account})) = ${wanted}`;
      // An array computed once, not `IN (SELECT …)`: as a semi-join the planner drove from the
      // accounts, fetched all their issues and sorted them (3,000 rows, 11 ms for one view at 1M)
      // where a walk of the view's order stops after its page (0.1-5 ms).
      return sql`${issues.accountId} = ANY(ARRAY(SELECT ${accounts.id} FROM ${accounts}
        WHERE ${accounts.workspaceId} = ${scope.scope.workspaceId} AND ${same}))`;
    }
  }
  if (column.kind === "tags") {
    // Tags are stored trimmed and lower-case, so overlap finds them through the index.
    return typeof option === "string" ? sql`${expr} && ${sql.param([norm(option)])}::text[]` : sql`false`;
  }
  if (column.kind === "json") return fieldEqualsSql(column, [option]);
  if (option === null) return sql`${expr} IS NULL`;
  if (typeof option !== "string") return sql`false`;
  return column.canonical ? sql`${expr} = ${norm(option)}` : sql`lower(btrim(${expr})) = ${norm(option)}`;
}

/** The longest value issue_field_value keeps (migration 0056): a longer one is compared as JSON. */
const FIELD_VALUE_MAX = 256;

/** An option issue_field_value answers: a string short enough to be kept, normalised as kept. */
const indexedValue = (option: Option): string | undefined =>
  typeof option === "string" && norm(option).length <= FIELD_VALUE_MAX ? norm(option) : undefined;

/** The distinct values of these options that issue_field_value answers. */
const indexedValues = (options: Option[]): string[] => [...new Set(options.flatMap((o) => indexedValue(o) ?? []))];

/** `= value`, or `= ANY(values)` for several: a text column's test against a list. */
export function textIn(values: string[]): SQL {
  return values.length === 1 ? sql`= ${values[0]}` : sql`= ANY(${sql.param(values)}::text[])`;
}

/**
 * A custom field equals one of the options: text options through issue_field_value (its rows are
 * the field's values normalised as jsonEqualsSql compares them, so the two agree; JS string length
 * counts at least the characters PostgreSQL's char_length does, so every possible match is kept),
 * numbers and yes/no through the JSON.
 */
function fieldEqualsSql(column: { expr: SQL; key: string }, options: Option[]): SQL {
  const values = indexedValues(options);
  const rest = options.filter((o) => indexedValue(o) === undefined).map((o) => jsonEqualsSql(column.expr, o));
  const f = issueFieldValues;
  const indexed = sql`EXISTS (SELECT 1 FROM ${f} WHERE ${f.issueId} = ${issues.id}
    AND ${f.workspaceId} = ${issues.workspaceId} AND ${f.key} = ${column.key} AND ${f.value} ${textIn(values)})`;
  return anyOf(values.length > 0 ? [indexed, ...rest] : rest);
}

/** How many values a field leaf may name and still be read one walk per value (queries/views.ts). */
const FIELD_WALKS_MAX = 10;

/**
 * The text values a leaf `issue.field.<key> eq|in "text"…` asks for, when issue_field_value holds
 * every one: a view's page then walks that table's index in priority order, once per value.
 */
export function indexedFieldLeaf(
  leaf: ConditionNode,
  scope: ConditionScope,
): { key: string; values: string[] } | undefined {
  if ("all" in leaf || "any" in leaf) return undefined;
  if (!leaf.field.startsWith("issue.field.") || (leaf.op !== "eq" && leaf.op !== "in")) return undefined;
  const options = optionsOf(leaf, scope);
  const values = indexedValues(options);
  const held = options.length > 0 && options.every((o) => indexedValue(o) !== undefined);
  return held && values.length <= FIELD_WALKS_MAX
    ? { key: leaf.field.slice("issue.field.".length), values }
    : undefined;
}

/**
 * A custom field's JSON equals an option: a string equals a string (or, multiselect, one of its
 * elements as text); a number or yes/no equals a scalar of the same type.
 */
function jsonEqualsSql(expr: SQL, option: Option): SQL {
  if (typeof option === "string") {
    return sql`(CASE jsonb_typeof(${expr})
      WHEN 'string' THEN lower(btrim(${expr} #>> '{}')) = ${norm(option)}
      WHEN 'array' THEN EXISTS (SELECT 1 FROM jsonb_array_elements_text(${expr}) AS e(v) WHERE lower(btrim(e.v)) = ${norm(option)})
      ELSE false END)`;
  }
  if (typeof option === "number") {
    return sql`(jsonb_typeof(${expr}) = 'number' AND (${expr} #>> '{}')::numeric = ${String(option)}::numeric)`;
  }
  if (typeof option === "boolean") return sql`${expr} = ${JSON.stringify(option)}::jsonb`;
  return sql`false`;
}

function dateSql(expr: SQL, op: PositiveOp, days: Option | undefined): SQL {
  if (typeof days !== "number") return sql`false`;
  const since = sql`now() - make_interval(days => ${days})`;
  if (op === "within_days") return sql`${expr} >= ${since}`;
  if (op === "older_than_days") return sql`${expr} < ${since}`;
  return sql`false`;
}

/** A due time against "minutes from now": `due_in <= n` is `due_at <= now + n minutes`. */
function dueSql(expr: SQL, op: PositiveOp, minutes: Option | undefined): SQL {
  if (op === "is_set") return sql`(${expr} IS NOT NULL)`;
  if (typeof minutes !== "number" || !Number.isInteger(minutes)) return sql`false`;
  const at = sql`now() + make_interval(mins => ${minutes})`;
  const compare = { gt: sql`>`, gte: sql`>=`, lt: sql`<`, lte: sql`<=` } as const;
  if (op === "gt" || op === "gte" || op === "lt" || op === "lte")
    return sql`coalesce(${expr} ${compare[op]} ${at}, false)`;
  return sql`false`;
}

const anyOf = (parts: SQL[]): SQL => or(...parts) ?? sql`false`;
