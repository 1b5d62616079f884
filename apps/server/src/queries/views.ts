// Saved views as SQL: compiles the filter language (domain/views.ts) to a WHERE clause,
// lists a view's issues in its sort order, and counts every view for the sidebar.
import { and, asc, desc, eq, isNull, not, or, type SQL, sql } from "drizzle-orm";
import type { Executor } from "../db/connect";
import { accounts, issues, views } from "../db/schema";
import { invalid, notFound } from "../domain/errors";
import type { Condition, ViewFilter } from "../domain/views";
import { listViews } from "./directory";
import { type IssueListRow, issueListQuery, textMatch } from "./issues";
import { type ReadScope, staffOf } from "./scope";
import { issueVisibility } from "./visibility";

const RANK = sql`CASE ${issues.priority} WHEN 'urgent' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 WHEN 'low' THEN 3 ELSE 4 END`;

/** Who looks at the view: "me" in a filter is the viewer; text search reads what the scope reads. */
interface Viewer {
  scope: ReadScope;
  viewerId: string;
}

export function viewFilterSql(filter: ViewFilter, viewer: Viewer): SQL | undefined {
  const parts = (filter.conditions ?? []).map((c) => conditionSql(c, viewer));
  if (parts.length === 0) return undefined;
  return filter.match === "any" ? or(...parts) : and(...parts);
}

function conditionSql(c: Condition, viewer: Viewer): SQL {
  const positive = positiveSql(c, viewer);
  const negated =
    ("op" in c && (c.op === "not_in" || c.op === "has_none")) || (c.field === "field" && c.op === "not_in");
  // NOT IN must keep rows where the column is null (unassigned is "not Alice").
  return negated ? sql`NOT coalesce(${positive}, false)` : positive;
}

function positiveSql(c: Condition, { scope, viewerId }: Viewer): SQL {
  switch (c.field) {
    case "state":
      return inValues(sql`${issues.state}`, c.values);
    case "priority":
      return inValues(sql`${issues.priority}`, c.values);
    case "channel":
      return inValues(sql`${issues.channel}`, c.values);
    case "account_type":
      return accountHas(inValues(sql`${accounts.type}`, c.values));
    case "account_tier":
      return accountHas(inValues(sql`${accounts.tier}`, c.values));
    case "team":
      return inIds(sql`${issues.teamId}`, c.values, viewerId);
    case "assignee":
      return inIds(sql`${issues.assigneeUserId}`, c.values, viewerId);
    case "account":
      return inIds(sql`${issues.accountId}`, c.values, viewerId);
    case "account_owner":
      return (
        or(
          accountHas(inIds(sql`${accounts.ownerUserId}`, c.values, viewerId)),
          c.values.includes("none") ? isNull(issues.accountId) : sql`false`,
        ) ?? sql`false`
      );
    case "tag":
      return sql`${issues.tags} && ${sql.param(c.values.map((t) => t.toLowerCase()))}::text[]`;
    case "field":
      return fieldSql(c);
    case "created":
    case "updated": {
      const column = c.field === "created" ? issues.createdAt : issues.updatedAt;
      const since = sql`now() - make_interval(days => ${c.days})`;
      return c.op === "within_days" ? sql`${column} >= ${since}` : sql`${column} < ${since}`;
    }
    case "text":
      return textMatch(scope, c.query);
  }
}

function inValues(column: SQL, values: readonly string[]): SQL {
  const real = values.filter((v) => v !== "none");
  const parts = [
    real.length
      ? sql`${column} IN (${sql.join(
          real.map((v) => sql`${v}`),
          sql`, `,
        )})`
      : undefined,
    values.includes("none") ? sql`${column} IS NULL` : undefined,
  ].filter((p): p is SQL => p !== undefined);
  return or(...parts) ?? sql`false`;
}

function inIds(column: SQL, values: readonly string[], viewerId: string): SQL {
  return inValues(
    column,
    values.map((v) => (v === "me" ? viewerId : v)),
  );
}

function accountHas(condition: SQL): SQL {
  return sql`EXISTS (SELECT 1 FROM ${accounts} WHERE ${accounts.id} = ${issues.accountId} AND ${condition})`;
}

function fieldSql(c: Extract<Condition, { field: "field" }>): SQL {
  const value = sql`${issues.customFields} -> ${c.key}`;
  const isSet = sql`(${value} IS NOT NULL AND ${value} NOT IN ('null'::jsonb, '""'::jsonb, '[]'::jsonb))`;
  if (c.op === "is_set") return isSet;
  if (c.op === "not_set") return sql`NOT ${isSet}`;
  // A value matches when it equals, or (multiselect) contains, one of the listed values.
  const tests = (c.values ?? []).map(
    (v) => sql`(${value} = ${JSON.stringify(v)}::jsonb OR ${value} @> ${JSON.stringify([v])}::jsonb)`,
  );
  return or(...tests) ?? sql`false`;
}

export function viewOrder(sort: string) {
  switch (sort) {
    case "newest":
      return [desc(issues.createdAt), desc(issues.id)];
    case "oldest":
      return [asc(issues.createdAt), asc(issues.id)];
    case "updated":
      return [desc(issues.updatedAt), desc(issues.id)];
    default:
      return [asc(RANK), asc(issues.createdAt), asc(issues.id)];
  }
}

/** Views are agents' own: a customer scope is refused. */
export async function getView(db: Executor, scope: ReadScope, viewId: string) {
  const { workspaceId, userId: viewerId } = staffOf(scope);
  const [view] = await db
    .select()
    .from(views)
    .where(and(eq(views.workspaceId, workspaceId), eq(views.id, viewId)));
  if (!view || (view.ownerType === "user" && view.ownerUserId !== viewerId)) throw notFound("View");
  return view;
}

/** A page of the view's issues. Views sort by computed keys, so the cursor is an offset. */
export async function listViewIssues(
  db: Executor,
  scope: ReadScope,
  view: { filter: Record<string, unknown>; sort: string },
  options: { limit: number; cursor?: string; state?: string },
) {
  const { userId: viewerId } = staffOf(scope);
  const offset = offsetCursor(options.cursor);
  const rows = (await issueListQuery(db)
    .where(
      and(
        issueVisibility(scope),
        isNull(issues.mergedIntoIssueId),
        viewFilterSql(view.filter as ViewFilter, { scope, viewerId }),
        options.state ? sql`${issues.state} = ${options.state}` : undefined,
      ),
    )
    .orderBy(...viewOrder(view.sort))
    .limit(options.limit + 1)
    .offset(offset)) as IssueListRow[];
  const items = rows.slice(0, options.limit);
  return { items, nextCursor: rows.length > options.limit ? String(offset + options.limit) : null };
}

/** The offset cursor this module hands out: a tampered one is a 400, not silently page one. */
function offsetCursor(cursor: string | undefined): number {
  if (cursor === undefined || cursor === "") return 0;
  if (!/^\d{1,9}$/.test(cursor)) throw invalid("The cursor is not valid.");
  return Number(cursor);
}

/** Open-issue counts of every view the viewer can see (the sidebar badges). */
export async function countViews(db: Executor, scope: ReadScope) {
  const { workspaceId, userId: viewerId } = staffOf(scope);
  const visible = await listViews(db, workspaceId, viewerId);
  const counts: Record<string, number> = {};
  for (const view of visible) {
    const [row] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(issues)
      .where(
        and(
          issueVisibility(scope),
          isNull(issues.mergedIntoIssueId),
          not(eq(issues.state, "closed")),
          viewFilterSql(view.filter as ViewFilter, { scope, viewerId }),
        ),
      );
    counts[view.id] = row?.n ?? 0;
  }
  return counts;
}
