// The in-memory evaluator of the condition language, with a trace of every leaf it looked at.
// Triggers and their dry run use it; views select in SQL (queries/conditionSql.ts) and the tests
// hold the two to the same answers.
import type { Condition, ConditionNode, ConditionOp, ConditionValue } from "@switchboard/api";
import { factValue } from "./catalog";
import type { ConditionFacts, FactValue } from "./facts";
import { safeRegexTest } from "./patterns";
import { tokenize } from "./search";
import { tokenResolver } from "./tokens";

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

export interface EvaluationScope {
  /** Who looks (views): the token "me" stands for them. Without one, "me" matches nobody. */
  viewerId?: string;
}

/** Evaluates a condition tree. `{ all: [] }` matches everything (a catch-all trigger). */
export function evaluateConditions(
  node: ConditionNode,
  facts: ConditionFacts,
  scope: EvaluationScope = {},
): Evaluation {
  const trace: ConditionTrace[] = [];
  const matched = evalNode(node, facts, scope, trace);
  return { matched, trace };
}

function evalNode(node: ConditionNode, facts: ConditionFacts, scope: EvaluationScope, trace: ConditionTrace[]) {
  if ("all" in node) {
    for (const child of node.all) if (!evalNode(child, facts, scope, trace)) return false;
    return true;
  }
  if ("any" in node) {
    for (const child of node.any) if (evalNode(child, facts, scope, trace)) return true;
    return false;
  }
  const actual = factValue(facts, node.field);
  const matched = compare(node.op, actual, expectedValue(node, scope), facts.now);
  trace.push({ field: node.field, op: node.op, value: node.value, actual: summarise(actual), matched });
  return matched;
}

type Expected = ConditionValue | null | undefined | (string | number | boolean | null)[];

/** The leaf's value with the tokens "me" and "none" resolved for this evaluation. */
function expectedValue(leaf: Condition, scope: EvaluationScope): Expected {
  const resolve = tokenResolver(leaf.field, scope.viewerId);
  if (leaf.value === undefined) return undefined;
  return Array.isArray(leaf.value) ? leaf.value.map(resolve) : resolve(leaf.value);
}

/** Long message texts are cut in the trace: it is stored on every run. */
function summarise(v: FactValue): unknown {
  if (v instanceof Date) return v.toISOString();
  return typeof v === "string" && v.length > 200 ? `${v.slice(0, 197)}…` : v;
}

const norm = (v: unknown) => (typeof v === "string" ? v.trim().toLowerCase() : v);
const DAY_MS = 86_400_000;

function compare(op: ConditionOp, actual: FactValue, expected: Expected, now: Date): boolean {
  const isSet = actual !== null && actual !== undefined && actual !== "" && !(Array.isArray(actual) && !actual.length);
  switch (op) {
    case "is_set":
      return isSet;
    case "is_not_set":
      return !isSet;
    case "eq":
      return Array.isArray(actual) ? actual.some((a) => norm(a) === norm(expected)) : norm(actual) === norm(expected);
    case "neq":
      return !compare("eq", actual, expected, now);
    case "in": {
      const options = (Array.isArray(expected) ? expected : [expected]).map(norm);
      const values: unknown[] = Array.isArray(actual) ? actual : [actual];
      return values.some((a) => options.includes(norm(a)));
    }
    case "not_in":
      return !compare("in", actual, expected, now);
    case "contains":
      return textOf(actual).includes(String(norm(expected) ?? ""));
    case "not_contains":
      return !compare("contains", actual, expected, now);
    case "matches":
      return typeof expected === "string" && safeRegexTest(expected, textOf(actual));
    case "gt":
    case "gte":
    case "lt":
    case "lte":
      return compareNumbers(op, actual, expected);
    case "within_days":
    case "older_than_days":
      return compareAge(op, actual, expected, now);
    case "search":
      return typeof expected === "string" && searchMatches(expected, textOf(actual));
  }
}

function textOf(v: FactValue): string {
  if (v === null || v === undefined) return "";
  if (v instanceof Date) return v.toISOString();
  return (Array.isArray(v) ? v.join(" ") : String(v)).toLowerCase();
}

function compareNumbers(op: "gt" | "gte" | "lt" | "lte", actual: FactValue, expected: Expected) {
  const a = typeof actual === "number" ? actual : Number(actual);
  const b = typeof expected === "number" ? expected : Number(expected);
  if (actual === null || actual === undefined || Number.isNaN(a) || Number.isNaN(b)) return false;
  return op === "gt" ? a > b : op === "gte" ? a >= b : op === "lt" ? a < b : a <= b;
}

function compareAge(op: "within_days" | "older_than_days", actual: FactValue, expected: Expected, now: Date) {
  if (!(actual instanceof Date) || typeof expected !== "number") return false;
  const age = now.getTime() - actual.getTime();
  return op === "within_days" ? age <= expected * DAY_MS : age > expected * DAY_MS;
}

/** Every word of the query appears in the text. */
function searchMatches(query: string, text: string): boolean {
  const words = new Set(tokenize(text));
  return tokenize(query).every((w) => words.has(w));
}
