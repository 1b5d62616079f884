// The view filter language: what a saved view selects. Pure — the SQL compiler in
// queries/views.ts and the in-memory matcher here implement the same semantics, and the
// tests check them against each other.
import { type IssueState, PRIORITY_RANK, type Priority } from "./lifecycle";

export const VIEW_FIELDS = [
  "state",
  "priority",
  "team",
  "assignee",
  "account",
  "account_owner",
  "account_type",
  "account_tier",
  "channel",
  "tag",
  "field",
  "created",
  "updated",
  "text",
] as const;
export type ViewField = (typeof VIEW_FIELDS)[number];

export type Condition =
  | { field: "state" | "priority" | "channel" | "account_type" | "account_tier"; op: "in" | "not_in"; values: string[] }
  /** Ids, or the tokens "me" (the viewer) and "none" (unset). */
  | { field: "team" | "assignee" | "account" | "account_owner"; op: "in" | "not_in"; values: string[] }
  | { field: "tag"; op: "has_any" | "has_none"; values: string[] }
  | { field: "field"; key: string; op: "in" | "not_in" | "is_set" | "not_set"; values?: unknown[] }
  | { field: "created" | "updated"; op: "within_days" | "older_than_days"; days: number }
  | { field: "text"; op: "matches"; query: string };

export interface ViewFilter {
  match?: "all" | "any";
  conditions?: Condition[];
}

/** The facts about an issue that views can test. */
export interface IssueFacts {
  state: IssueState;
  priority: Priority;
  teamId: string | null;
  assigneeUserId: string | null;
  accountId: string | null;
  accountOwnerId: string | null;
  accountType: string | null;
  accountTier: string | null;
  channel: string;
  tags: readonly string[];
  customFields: Readonly<Record<string, unknown>>;
  createdAt: Date;
  updatedAt: Date;
  /** Title and message text, for in-memory matching only. */
  text?: string;
}

/** Replaces "me" by the viewer's id so a shared view means "mine" for whoever opens it. */
export function resolveTokens(values: readonly string[], viewerId: string): (string | null)[] {
  return values.map((v) => (v === "me" ? viewerId : v === "none" ? null : v));
}

export function matchesView(filter: ViewFilter, issue: IssueFacts, viewerId: string, now: Date): boolean {
  const conditions = filter.conditions ?? [];
  if (conditions.length === 0) return true;
  const test = (c: Condition) => matchesCondition(c, issue, viewerId, now);
  return filter.match === "any" ? conditions.some(test) : conditions.every(test);
}

const DAY_MS = 86_400_000;

function matchesCondition(c: Condition, issue: IssueFacts, viewerId: string, now: Date): boolean {
  switch (c.field) {
    case "state":
    case "priority":
    case "channel":
    case "account_type":
    case "account_tier":
      return inList(
        c.op,
        scalarFact(c.field, issue),
        c.values.map((v) => (v === "none" ? null : v)),
      );
    case "team":
    case "assignee":
    case "account":
    case "account_owner":
      return inList(c.op, idFact(c.field, issue), resolveTokens(c.values, viewerId));
    case "tag": {
      const hit = c.values.some((t) => issue.tags.includes(t.toLowerCase()));
      return c.op === "has_any" ? hit : !hit;
    }
    case "field":
      return matchesField(c, issue.customFields[c.key]);
    case "created":
    case "updated": {
      const at = c.field === "created" ? issue.createdAt : issue.updatedAt;
      const age = now.getTime() - at.getTime();
      return c.op === "within_days" ? age <= c.days * DAY_MS : age > c.days * DAY_MS;
    }
    case "text":
      return tokenize(c.query).every((word) => tokenize(issue.text ?? "").includes(word));
  }
}

function inList(op: "in" | "not_in", value: string | null, list: readonly (string | null)[]): boolean {
  const hit = list.includes(value);
  return op === "in" ? hit : !hit;
}

function scalarFact(field: "state" | "priority" | "channel" | "account_type" | "account_tier", issue: IssueFacts) {
  const facts = {
    state: issue.state,
    priority: issue.priority,
    channel: issue.channel,
    account_type: issue.accountType,
    account_tier: issue.accountTier,
  };
  return facts[field];
}

function idFact(field: "team" | "assignee" | "account" | "account_owner", issue: IssueFacts) {
  const facts = {
    team: issue.teamId,
    assignee: issue.assigneeUserId,
    account: issue.accountId,
    account_owner: issue.accountOwnerId,
  };
  return facts[field];
}

function matchesField(c: Extract<Condition, { field: "field" }>, value: unknown): boolean {
  const set = value !== undefined && value !== null && value !== "" && !(Array.isArray(value) && value.length === 0);
  if (c.op === "is_set") return set;
  if (c.op === "not_set") return !set;
  const values = Array.isArray(value) ? value : [value];
  const hit = values.some((v) => (c.values ?? []).includes(v));
  return c.op === "in" ? hit : !hit;
}

/** Same tokenisation as PostgreSQL's 'simple' configuration, near enough for matching words. */
export function tokenize(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0);
}

export const KANBAN_COLUMNS: readonly IssueState[] = ["new", "on_you", "on_customer", "on_hold", "closed"];

/** Kanban and "priority" sort: urgent first, then the oldest (waiting longest) first. */
export function compareByPriorityThenAge(
  a: { priority: Priority; createdAt: Date },
  b: { priority: Priority; createdAt: Date },
): number {
  return PRIORITY_RANK[a.priority] - PRIORITY_RANK[b.priority] || a.createdAt.getTime() - b.createdAt.getTime();
}
