// Saved views as SQL: lists the views a person sees, selects a view's issues (its filter compiled
// by conditionSql.ts) in its sort order, and counts every view for the sidebar.
import { toConditionNode } from "@switchboard/api";
import { and, asc, desc, eq, isNull, not, or, type SQL, sql } from "drizzle-orm";
import type { Executor } from "../db/connect";
import { selectRows } from "../db/raw";
import { issues, views } from "../db/schema";
import { invalid, notFound } from "../domain/errors";
import { type ConditionScope, conditionSql } from "./conditionSql";
import { type IssueListRow, issueListQuery } from "./issues";
import { type ReadScope, staffOf } from "./scope";
import { issueVisibility } from "./visibility";

const RANK = sql`CASE ${issues.priority} WHEN 'urgent' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 WHEN 'low' THEN 3 ELSE 4 END`;

/**
 * A stored filter as a WHERE clause. Rows are in the one condition language since migration
 * 0010; an older row (written during a rolling upgrade) is read through the same rewrite.
 */
export function viewFilterSql(filter: unknown, scope: ConditionScope): SQL | undefined {
  const node = toConditionNode(filter);
  if (!node) throw invalid("The view's filter is not in a known condition language.");
  return conditionSql(node, scope);
}

export function viewOrder(sort: string) {
  switch (sort) {
    case "newest":
      return [desc(issues.createdAt), desc(issues.id)];
    case "oldest":
      return [asc(issues.createdAt), asc(issues.id)];
    case "updated":
      return [desc(issues.updatedAt), desc(issues.id)];
    case "sla_due":
      // The nearest SLA due time first (missed ones lead); issues without a running target last.
      return [sql`${issues.slaDueAt} ASC NULLS LAST`, asc(issues.createdAt), asc(issues.id)];
    default:
      return [asc(RANK), asc(issues.createdAt), asc(issues.id)];
  }
}

/** Views the user can see: their own, their workspace's, and every team view. */
export const listViews = (db: Executor, workspaceId: string, userId: string) =>
  db
    .select()
    .from(views)
    .where(
      and(eq(views.workspaceId, workspaceId), or(sql`${views.ownerType} <> 'user'`, eq(views.ownerUserId, userId))),
    )
    .orderBy(asc(views.position), asc(views.name));

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
  options: { limit: number; cursor?: string; state?: string; closedSince?: string },
) {
  const { userId: viewerId } = staffOf(scope);
  const offset = offsetCursor(options.cursor);
  const rows = (await issueListQuery(db)
    .where(
      and(
        issueVisibility(scope),
        isNull(issues.mergedIntoIssueId),
        viewFilterSql(view.filter, { scope, viewerId }),
        options.state ? sql`${issues.state} = ${options.state}` : undefined,
        options.closedSince
          ? sql`${issues.state} = 'closed' AND ${issues.resolvedAt} >= ${new Date(options.closedSince)}`
          : undefined,
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

/** A sidebar badge counts a view's open issues up to this many, then says "1000+". */
export const VIEW_COUNT_CAP = 1000;

/**
 * Open-issue counts of every view the viewer can see (the sidebar badges), in one statement: each
 * view's count stops after VIEW_COUNT_CAP + 1 rows, so a view of 300,000 open issues costs a
 * thousand index entries, not 300,000. Views with more are listed in `more`.
 */
export async function countViews(db: Executor, scope: ReadScope) {
  const { workspaceId, userId: viewerId } = staffOf(scope);
  const visible = await listViews(db, workspaceId, viewerId);
  const counts: Record<string, number> = {};
  const more: string[] = [];
  if (visible.length === 0) return { counts, cap: VIEW_COUNT_CAP, more };
  const columns = visible.map((view, i) => {
    const open = and(
      issueVisibility(scope),
      isNull(issues.mergedIntoIssueId),
      not(eq(issues.state, "closed")),
      viewFilterSql(view.filter, { scope, viewerId }),
    );
    return sql`(SELECT count(*)::int FROM (SELECT 1 FROM ${issues} WHERE ${open} LIMIT ${VIEW_COUNT_CAP + 1}) s) AS ${sql.identifier(`v${i}`)}`;
  });
  const [row] = await selectRows(db, sql`SELECT ${sql.join(columns, sql`, `)}`);
  visible.forEach((view, i) => {
    const n = Number(row?.[`v${i}`] ?? 0);
    counts[view.id] = Math.min(n, VIEW_COUNT_CAP);
    if (n > VIEW_COUNT_CAP) more.push(view.id);
  });
  return { counts, cap: VIEW_COUNT_CAP, more };
}
