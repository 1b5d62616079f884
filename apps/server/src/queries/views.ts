// Saved views as SQL: lists the views a person sees, selects a view's issues (its filter compiled
// by conditionSql.ts) in its sort order, and counts every view for the sidebar.
import { type Condition, type ConditionNode, toConditionNode } from "@switchboard/api";
import { and, asc, eq, isNull, not, or, type SQL, sql } from "drizzle-orm";
import type { Executor } from "../db/connect";
import { selectRows } from "../db/raw";
import { accounts, issueFieldValues, issueOpenCounts, issues, views } from "../db/schema";
import { invalid, notFound } from "../domain/errors";
import { type ConditionScope, conditionSql, indexedFieldLeaf, textIn } from "./conditionSql";
import { issueRowsByIds } from "./issues";
import { NEWEST_FIRST, OLDEST_FIRST } from "./pagination";
import { type ReadScope, seesWholeWorkspace, staffOf } from "./scope";
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

/**
 * A filter's first top-level `issue.field.K eq|in "text"…` leaf that issue_field_value answers,
 * and the conditions besides it: the view is exactly the issues with a row of K and one of those
 * values that meet the others (the leaf itself is not compared again).
 */
interface FieldDriver {
  key: string;
  values: string[];
  others: SQL;
  alone: boolean;
}

function fieldDriver(filter: unknown, scope: ConditionScope): FieldDriver | undefined {
  const node = toConditionNode(filter);
  if (!node) return undefined;
  const leaves = "all" in node ? node.all : [node];
  const fields = leaves.map((leaf) => indexedFieldLeaf(leaf, scope));
  const at = fields.findIndex((field) => field !== undefined);
  const field = fields[at];
  if (!field) return undefined;
  const others = leaves.filter((_, i) => i !== at);
  return { ...field, others: conditionSql({ all: others }, scope), alone: others.length === 0 };
}

const F = issueFieldValues;
/** The field's rows joined to their issues, in issue_field_value's order: the issues' priority order. */
const FIELD_FROM = sql`${F} JOIN ${issues} ON ${issues.id} = ${F.issueId}`;
const FIELD_KEYS = [
  { expr: sql`${F.rank}`, dir: sql`ASC` },
  { expr: sql`${F.createdAt}`, dir: sql`ASC` },
  { expr: sql`${F.issueId}`, dir: sql`ASC` },
];

function fieldRows(workspaceId: string, key: string, values: string[]): SQL {
  return sql`${F.workspaceId} = ${workspaceId} AND ${F.key} = ${key} AND ${F.value} ${textIn(values)}`;
}

/** A field's open issues from its rows alone; an issue with two of the values counts under the first. */
function fieldOpenRows(workspaceId: string, field: FieldDriver): SQL {
  const rows = sql`${fieldRows(workspaceId, field.key, field.values)} AND ${F.open}`;
  if (field.values.length === 1) return rows;
  return sql`${rows} AND NOT EXISTS (SELECT 1 FROM ${F} AS earlier WHERE earlier.issue_id = ${F.issueId}
    AND earlier.key = ${F.key} AND earlier.value = ANY(${sql.param(field.values)}::text[]) AND earlier.value < ${F.value})`;
}

/** A sort's keys, each an expression and a direction (an index's columns, in its order). */
function viewKeys(sort: string): { expr: SQL; dir: SQL }[] {
  const ASC = sql`ASC`;
  const DESC = sql`DESC`;
  const at = sql`${issues.createdAt}`;
  const id = sql`${issues.id}`;
  switch (sort) {
    // The NULLS clauses let issue_ws_created_idx serve both (see NEWEST_FIRST in pagination.ts).
    case "newest":
      return [
        { expr: at, dir: NEWEST_FIRST },
        { expr: id, dir: NEWEST_FIRST },
      ];
    case "oldest":
      return [
        { expr: at, dir: OLDEST_FIRST },
        { expr: id, dir: OLDEST_FIRST },
      ];
    case "updated":
      return [
        { expr: sql`${issues.updatedAt}`, dir: DESC },
        { expr: id, dir: DESC },
      ];
    case "sla_due":
      return [
        { expr: sql`${issues.slaDueAt}`, dir: sql`ASC NULLS LAST` },
        { expr: at, dir: ASC },
        { expr: id, dir: ASC },
      ];
    default:
      return [
        { expr: RANK, dir: ASC },
        { expr: at, dir: ASC },
        { expr: id, dir: ASC },
      ];
  }
}

/**
 * A page of the view's issues. Views sort by computed keys, so the cursor is an offset. The page's
 * ids come first, from a statement that reads only what the priority index carries (an
 * index-only walk for the usual filters); then the rows of those ids. A view of several states
 * (`state in [new, on_you]`) is walked one state at a time, each in index order, and merged: one
 * walk of all of them would have to sort every match. A view in priority order whose filter has a
 * top-level custom-field text leaf walks that field's values in issue_field_value instead (one
 * walk per value), testing the rest of the filter on each issue it finds: the priority index
 * cannot tell which issues hold the value (at 1M issues it read 600,000 entries for one page).
 */
export async function listViewIssues(
  db: Executor,
  scope: ReadScope,
  view: { filter: Record<string, unknown>; sort: string },
  options: { limit: number; cursor?: string; state?: string; closedSince?: string },
) {
  const { workspaceId, userId: viewerId } = staffOf(scope);
  const offset = offsetCursor(options.cursor);
  const sorted = viewKeys(view.sort);
  // A field's rows carry the priority order's keys, no other order's.
  const field = sorted[0]?.expr === RANK ? fieldDriver(view.filter, { scope, viewerId }) : undefined;
  const where = and(
    issueVisibility(scope),
    isNull(issues.mergedIntoIssueId),
    field ? field.others : viewFilterSql(view.filter, { scope, viewerId }),
    options.state ? sql`${issues.state} = ${options.state}` : undefined,
    options.closedSince
      ? sql`${issues.state} = 'closed' AND ${issues.resolvedAt} >= ${new Date(options.closedSince)}`
      : undefined,
  );
  const states = options.state || field ? [] : stateBranches(view.filter);
  const branches = field
    ? field.values.map((value) => ({ from: FIELD_FROM, where: and(fieldRows(workspaceId, field.key, [value]), where) }))
    : states.length < 2
      ? [{ from: sql`${issues}`, where }]
      : states.map((state) => ({ from: sql`${issues}`, where: and(where, sql`${issues.state} = ${state}`) }));
  const query = pageQuery(branches, field ? FIELD_KEYS : sorted, offset, options.limit + 1, field !== undefined);
  const ids = (await selectRows<{ id: string }>(db, query)).map((r) => r.id);
  const items = await issueRowsByIds(db, scope, ids.slice(0, options.limit));
  return { items, nextCursor: ids.length > options.limit ? String(offset + options.limit) : null };
}

/**
 * The ids of a page of the union of `branches`: one walk, or one per branch, each in index order
 * and at most as far as the page's end, merged. Branches may `overlap` (a multiselect holding two
 * of a field leaf's values): UNION then drops the second copy, whose keys are the same.
 */
function pageQuery(
  branches: { from: SQL; where: SQL | undefined }[],
  keys: { expr: SQL; dir: SQL }[],
  offset: number,
  take: number,
  overlap: boolean,
): SQL {
  const orderBy = (alias: (i: number) => SQL | undefined) =>
    sql.join(
      keys.map((k, i) => sql`${alias(i) ?? k.expr} ${k.dir}`),
      sql`, `,
    );
  const [only] = branches;
  if (only && branches.length === 1) {
    return sql`SELECT ${issues.id} AS id FROM ${only.from} WHERE ${only.where}
      ORDER BY ${orderBy(() => undefined)} LIMIT ${take} OFFSET ${offset}`;
  }
  const columns = sql.join(
    keys.map((k, i) => sql`${k.expr} AS ${sql.identifier(`k${i}`)}`),
    sql`, `,
  );
  const walks = branches.map(
    (b) => sql`(SELECT ${issues.id} AS id, ${columns} FROM ${b.from} WHERE ${b.where}
      ORDER BY ${orderBy(() => undefined)} LIMIT ${offset + take})`,
  );
  return sql`SELECT id FROM (${sql.join(walks, overlap ? sql` UNION ` : sql` UNION ALL `)}) AS branch
    ORDER BY ${orderBy((i) => sql`${sql.identifier(`k${i}`)}`)} LIMIT ${take} OFFSET ${offset}`;
}

/**
 * The states a view's top-level `issue.state in [...]` condition names, when its filter is that
 * condition AND others: then the view is exactly the union of one walk per state.
 */
function stateBranches(filter: unknown): string[] {
  const node = toConditionNode(filter);
  if (!node) return [];
  const leaves = "all" in node ? node.all : [node];
  for (const leaf of leaves) {
    if ("all" in leaf || "any" in leaf) continue;
    if (leaf.field !== "issue.state" || (leaf.op !== "in" && leaf.op !== "eq")) continue;
    const values = Array.isArray(leaf.value) ? leaf.value : [leaf.value];
    if (!values.every((v): v is string => typeof v === "string")) return [];
    return [...new Set(values.map((v) => v.trim().toLowerCase()))];
  }
  return [];
}

/** The offset cursor this module hands out: a tampered one is a 400, not silently page one. */
function offsetCursor(cursor: string | undefined): number {
  if (cursor === undefined || cursor === "") return 0;
  if (!/^\d{1,9}$/.test(cursor)) throw invalid("The cursor is not valid.");
  return Number(cursor);
}

/** A sidebar badge counts a view's open issues up to this many, then says "1000+". */
export const VIEW_COUNT_CAP = 1000;

/** What the open-issue counter rows (migration 0053) answer, read as conditionSql reads issues. */
const COUNTED_FIELDS: Readonly<Record<string, SQL>> = {
  "issue.state": sql`${issueOpenCounts.state}`,
  "issue.priority": sql`${issueOpenCounts.priority}`,
  "issue.channel": sql`${issueOpenCounts.channel}`,
  "issue.team": sql`${issueOpenCounts.teamId}::text`,
  "issue.assignee": sql`${issueOpenCounts.assigneeUserId}::text`,
  "issue.account": sql`${issueOpenCounts.accountId}::text`,
  "account.type": sql`${accounts.type}`,
  "account.tier": sql`${accounts.tier}`,
  "account.owner": sql`${accounts.ownerUserId}::text`,
};

/** Delta rows a workspace may pile up before a count folds them into totals. */
const COMPACT_AFTER = 1000;

/** Whether the counter rows answer a filter: every condition reads one of their fields. */
function countedByRows(filter: unknown): boolean {
  const node = toConditionNode(filter);
  if (!node) return false;
  const leaves = (n: ConditionNode): Condition[] =>
    "all" in n ? n.all.flatMap(leaves) : "any" in n ? n.any.flatMap(leaves) : [n];
  return leaves(node).every((leaf) => Object.hasOwn(COUNTED_FIELDS, leaf.field));
}

/**
 * Open-issue counts of every view the viewer can see (the sidebar badges). A view that filters on
 * team, assignee, account (its owner, tier, type), state, priority or channel is counted exactly by
 * summing the counter rows (one scan of a few thousand rows for all such views); any other view
 * counts its issues in one statement, each view's count stopping after VIEW_COUNT_CAP + 1 rows.
 * Counts above the cap are reported as the cap, their views listed in `more`.
 */
export async function countViews(db: Executor, scope: ReadScope) {
  const { workspaceId, userId: viewerId } = staffOf(scope);
  const visible = await listViews(db, workspaceId, viewerId);
  const counts: Record<string, number> = {};
  const more: string[] = [];
  const record = (id: string, n: number) => {
    counts[id] = Math.min(n, VIEW_COUNT_CAP);
    if (n > VIEW_COUNT_CAP) more.push(id);
  };
  const whole = seesWholeWorkspace(scope);
  const fromRows = visible.filter((view) => whole && countedByRows(view.filter));
  const fromIssues = visible.filter((view) => !fromRows.includes(view));
  if (fromRows.length > 0) {
    const sums = fromRows.map((view, i) => {
      const where = viewFilterSql(view.filter, { scope, viewerId, columns: COUNTED_FIELDS }) ?? sql`true`;
      return sql`coalesce(sum(${issueOpenCounts.n}) FILTER (WHERE ${where}), 0)::int AS ${sql.identifier(`v${i}`)}`;
    });
    const [row] = await selectRows(
      db,
      sql`SELECT ${sql.join(sums, sql`, `)},
        (SELECT count(*)::int FROM (SELECT 1 FROM ${issueOpenCounts} d WHERE d.workspace_id = ${workspaceId} AND d.delta
          LIMIT ${COMPACT_AFTER + 1}) p) AS pending
      FROM ${issueOpenCounts} LEFT JOIN ${accounts} ON ${accounts.id} = ${issueOpenCounts.accountId}
      WHERE ${issueOpenCounts.workspaceId} = ${workspaceId}`,
    );
    fromRows.forEach((view, i) => {
      record(view.id, Number(row?.[`v${i}`] ?? 0));
    });
    if (Number(row?.pending ?? 0) > COMPACT_AFTER) {
      await db.execute(sql`SELECT issue_open_count_compact(${workspaceId}::uuid)`);
    }
  }
  if (fromIssues.length > 0) {
    const columns = fromIssues.map((view, i) => {
      const counted = (from: SQL, where: SQL | undefined) =>
        sql`(SELECT count(*)::int FROM (SELECT 1 FROM ${from} WHERE ${where} LIMIT ${VIEW_COUNT_CAP + 1}) s) AS ${sql.identifier(`v${i}`)}`;
      const field = fieldDriver(view.filter, { scope, viewerId });
      // A view of a field's values, seen whole: its open rows are the count (no issue is read).
      if (field?.alone && whole) return counted(sql`${F}`, fieldOpenRows(workspaceId, field));
      const open = and(issueVisibility(scope), isNull(issues.mergedIntoIssueId), not(eq(issues.state, "closed")));
      if (field?.values.length === 1) {
        return counted(
          FIELD_FROM,
          and(fieldRows(workspaceId, field.key, field.values), sql`${F.open}`, open, field.others),
        );
      }
      return counted(sql`${issues}`, and(open, viewFilterSql(view.filter, { scope, viewerId })));
    });
    const [row] = await selectRows(db, sql`SELECT ${sql.join(columns, sql`, `)}`);
    fromIssues.forEach((view, i) => {
      record(view.id, Number(row?.[`v${i}`] ?? 0));
    });
  }
  return { counts, cap: VIEW_COUNT_CAP, more };
}
