// The analytics read model: aggregates the metric facts (commands/analytics.ts keeps them from
// the event log) over a period and its previous period in one statement, with medians and p90s
// by percentile_cont. Filters are the one condition language over the issues' current values:
// those on the dimensions every fact carries (team, assignee, channel, priority, account and its
// type, tier and owner) read the facts' covering index alone; any other joins the issues.
// Agents only (viewers included); the same SQL runs on PGlite and PostgreSQL.
import type { AnalyticsGrouping, AnalyticsMetric, Condition, ConditionNode } from "@switchboard/api";
import { and, eq, inArray, type SQL, sql } from "drizzle-orm";
import { DateTime } from "luxon";
import type { Executor } from "../db/connect";
import { selectRows } from "../db/raw";
import {
  accounts,
  issues,
  metricDayCounts,
  metricDayHistograms,
  metricFacts,
  metricTotalHistograms,
  teams,
  users,
  workspaces,
} from "../db/schema";
import { METRICS, type MetricDefinition, type MetricFactKind } from "../domain/metrics";
import { type SummaryStat, summaryStats } from "./analyticsSummaries";
import { conditionSql } from "./conditionSql";
import { type ReadScope, seesWholeWorkspace, staffOf } from "./scope";
import { issueVisibility } from "./visibility";

export interface MetricParams {
  metric: AnalyticsMetric;
  from: Date;
  to: Date;
  groupBy: AnalyticsGrouping;
  filter: ConditionNode | null;
  /** The IANA zone day, week and month buckets follow: the workspace's unless given. */
  timeZone?: string;
}

export interface Stats {
  value: number | null;
  median: number | null;
  p90: number | null;
}

export interface MetricRow extends Stats {
  key: string | null;
  label: string | null;
  count: number;
  business: Stats | null;
}

export interface MetricResult {
  metric: AnalyticsMetric;
  unit: MetricDefinition["unit"];
  groupBy: AnalyticsGrouping;
  from: Date;
  to: Date;
  previousFrom: Date;
  total: MetricRow;
  previous: MetricRow;
  rows: MetricRow[];
  filter: ConditionNode | null;
  timeZone: string;
}

const TIME_GROUPS = new Set<AnalyticsGrouping>(["day", "week", "month"]);
const ISSUE_GROUPS: Partial<Record<AnalyticsGrouping, SQL>> = {
  team: sql`${issues.teamId}::text`,
  assignee: sql`${issues.assigneeUserId}::text`,
  account: sql`${issues.accountId}::text`,
  channel: sql`${issues.channel}`,
  priority: sql`${issues.priority}`,
};

/** The metric over the period and the one before it, grouped as asked. */
export async function metricResult(db: Executor, scope: ReadScope, asked: MetricParams): Promise<MetricResult> {
  const params = await zoned(db, scope, asked);
  const definition = METRICS[params.metric];
  const previousFrom = new Date(params.from.getTime() - (params.to.getTime() - params.from.getTime()));
  const span = { ...params, previousFrom };
  const { total, previous, rows } =
    definition.measure === "backlog"
      ? await backlog(db, scope, span)
      : definition.measure === "count" && span.groupBy === "none" && dayCountsAnswer(scope, span)
        ? await countFromDays(db, scope, span, definition.fact)
        : definition.measure !== "count" && summariesAnswer(scope, span)
          ? await aggregateFromSummaries(db, scope, span, definition)
          : await aggregate(db, scope, span, definition);
  return {
    metric: params.metric,
    unit: definition.unit,
    groupBy: params.groupBy,
    from: params.from,
    to: params.to,
    previousFrom,
    total,
    previous,
    rows: await labelled(db, scope, params.groupBy, fillBuckets(params, rows)),
    filter: params.filter,
    timeZone: params.timeZone,
  };
}

/** The params with the zone their time buckets follow: the workspace's time zone unless given. */
async function zoned<P extends MetricParams>(db: Executor, scope: ReadScope, params: P) {
  if (params.timeZone) return { ...params, timeZone: params.timeZone };
  const [row] = await db
    .select({ timeZone: workspaces.timeZone })
    .from(workspaces)
    .where(eq(workspaces.id, staffOf(scope).workspaceId));
  return { ...params, timeZone: row?.timeZone ?? "UTC" };
}

type Span = MetricParams & { previousFrom: Date };
type Aggregated = { total: MetricRow; previous: MetricRow; rows: MetricRow[] };

/** The issue dimensions every fact carries (migration 0030), as the groupings read them. */
const FACT_GROUPS: Partial<Record<AnalyticsGrouping, SQL>> = {
  team: sql`${metricFacts.teamId}::text`,
  assignee: sql`${metricFacts.assigneeUserId}::text`,
  account: sql`${metricFacts.accountId}::text`,
  channel: sql`${metricFacts.channel}`,
  priority: sql`${metricFacts.priority}`,
};

const factAccount = (column: SQL) =>
  sql`(SELECT ${column} FROM ${accounts} WHERE ${accounts.id} = ${metricFacts.accountId})`;

/** The filter fields a fact answers by itself, and what each reads. */
const FACT_FIELDS: Readonly<Record<string, SQL>> = {
  "issue.team": sql`${metricFacts.teamId}::text`,
  "issue.assignee": sql`${metricFacts.assigneeUserId}::text`,
  "issue.account": sql`${metricFacts.accountId}::text`,
  "issue.channel": sql`${metricFacts.channel}`,
  "issue.priority": sql`${metricFacts.priority}`,
  "account.type": factAccount(sql`${accounts.type}`),
  "account.tier": factAccount(sql`${accounts.tier}`),
  "account.owner": factAccount(sql`${accounts.ownerUserId}::text`),
};

function leavesOf(node: ConditionNode): Condition[] {
  if ("all" in node) return node.all.flatMap(leavesOf);
  if ("any" in node) return node.any.flatMap(leavesOf);
  return [node];
}

/** Whether the facts alone answer the filter (else they are joined to their issues). */
export function factsAnswer(filter: ConditionNode | null): boolean {
  return filter === null || leavesOf(filter).every((leaf) => Object.hasOwn(FACT_FIELDS, leaf.field));
}

/**
 * What narrows the facts to the filter: their own dimensions when they answer it (no join), else
 * a join to their issues, which also applies the scope's visibility.
 */
function issueJoin(scope: ReadScope, params: MetricParams): { join: SQL; where: SQL } {
  const { userId } = staffOf(scope);
  if (factsAnswer(params.filter) && seesWholeWorkspace(scope)) {
    const where = params.filter
      ? conditionSql(params.filter, { scope, viewerId: userId, columns: FACT_FIELDS })
      : sql`true`;
    return { join: sql``, where };
  }
  return {
    join: sql`JOIN ${issues} ON ${issues.id} = ${metricFacts.issueId}`,
    where: and(
      issueVisibility(scope),
      params.filter ? conditionSql(params.filter, { scope, viewerId: userId }) : undefined,
    ) as SQL,
  };
}

function groupKey(params: MetricParams, at: SQL): SQL {
  if (TIME_GROUPS.has(params.groupBy)) {
    // The bucket's start in the workspace's zone (its local midnight, DST included), spelled in UTC.
    const zone = params.timeZone ?? "UTC";
    return sql`to_char((date_trunc(${params.groupBy}, ${at} AT TIME ZONE ${zone}) AT TIME ZONE ${zone}) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`;
  }
  if (params.groupBy === "sla_target") return sql`${metricFacts.target}`;
  return FACT_GROUPS[params.groupBy] ?? sql`NULL::text`;
}

/** The fact's measured column (s) and its business-seconds twin (b), by the metric's measure. */
function measuredColumns(definition: MetricDefinition): SQL {
  switch (definition.measure) {
    case "duration":
      return sql`${metricFacts.seconds}::float8 AS s, ${metricFacts.businessSeconds}::float8 AS b`;
    case "value":
    case "share":
      return sql`${metricFacts.value} AS s, NULL::float8 AS b`;
    default:
      return sql`NULL::float8 AS s, NULL::float8 AS b`;
  }
}

const STATS = sql`avg(s) AS v, percentile_cont(0.5) WITHIN GROUP (ORDER BY s) AS m,
  percentile_cont(0.9) WITHIN GROUP (ORDER BY s) AS p, avg(b) AS bv,
  percentile_cont(0.5) WITHIN GROUP (ORDER BY b) AS bm, percentile_cont(0.9) WITHIN GROUP (ORDER BY b) AS bp`;

/** A period's (or a breakdown row's) statistics, as the facts and the day histograms both give them. */
type StatRow = SummaryStat;

/**
 * One statement, a part per period, each reading its own range of the index: the period's
 * total (and, grouped, its rows by GROUPING SETS), and the previous period's total. No part
 * sorts the facts by period first: each percentile sorts only the values it summarises.
 */
async function aggregate(db: Executor, scope: ReadScope, span: Span, definition: MetricDefinition) {
  const { workspaceId } = staffOf(scope);
  const { join, where } = issueJoin(scope, span);
  const key = groupKey(span, sql`${metricFacts.at}`);
  const target =
    definition.fact === "sla" && span.groupBy !== "sla_target" ? sql`AND ${metricFacts.target} = 'overall'` : sql``;
  const facts = (from: Date, to: Date, keyed: boolean) =>
    sql`(SELECT ${keyed ? key : sql`NULL::text`} AS key, ${measuredColumns(definition)}
         FROM ${metricFacts} ${join}
         WHERE ${metricFacts.workspaceId} = ${workspaceId} AND ${metricFacts.kind} = ${definition.fact}
           AND ${metricFacts.at} >= ${from} AND ${metricFacts.at} < ${to} ${target} AND ${where}) AS f`;
  const grouped = span.groupBy !== "none";
  const found = await selectRows<StatRow>(
    db,
    sql`SELECT true AS current, ${grouped ? sql`key, GROUPING(key)` : sql`NULL::text AS key, 1`} AS grouped,
          count(*)::int AS n, ${STATS}
        FROM ${facts(span.from, span.to, grouped)} ${grouped ? sql`GROUP BY GROUPING SETS ((key), ())` : sql``}
        UNION ALL
        SELECT false, NULL::text, 1, count(*)::int, ${STATS} FROM ${facts(span.previousFrom, span.from, false)}`,
  );
  const row = (r: StatRow | undefined, k: string | null): MetricRow => statRow(r, k, definition);
  const totals = found.filter((r) => Number(r.grouped) === 1);
  return {
    total: row(
      totals.find((r) => r.current),
      null,
    ),
    previous: row(
      totals.find((r) => r.current === false),
      null,
    ),
    rows: found.filter((r) => Number(r.grouped) === 0).map((r) => row(r, r.key)),
  };
}

function statRow(r: StatRow | undefined, key: string | null, definition: MetricDefinition): MetricRow {
  const count = r ? Number(r.n) : 0;
  const num = (v: number | string | null | undefined) => (v === null || v === undefined ? null : Number(v));
  const stats = { value: num(r?.v), median: num(r?.m), p90: num(r?.p) };
  if (definition.measure === "count")
    return { key, label: null, count, value: count, median: null, p90: null, business: null };
  return {
    key,
    label: null,
    count,
    ...stats,
    business: definition.measure === "duration" ? { value: num(r?.bv), median: num(r?.bm), p90: num(r?.bp) } : null,
  };
}

/**
 * Backlog at a moment, from the nearer end of the history: forward, the changes before it
 * (created and reopened +1, closed −1); or backward, the issues open now minus the changes
 * since. Either way only the facts on that side are read: few for a recent or an early period.
 */
async function backlog(db: Executor, scope: ReadScope, span: Span): Promise<Aggregated> {
  if (dayCountsAnswer(scope, span)) return backlogFromDays(db, scope, span);
  const { workspaceId } = staffOf(scope);
  const { join, where } = issueJoin(scope, span);
  const forward = await fromTheStart(db, workspaceId, span);
  const key = TIME_GROUPS.has(span.groupBy) ? sql`NULL::text` : groupKey(span, sql`${metricFacts.at}`);
  const bucket = TIME_GROUPS.has(span.groupBy) ? groupKey(span, sql`${metricFacts.at}`) : sql`NULL::text`;
  const at = sql`${metricFacts.at}`;
  // side: −1 before the period, 0 in it, 1 after it.
  const deltas = await selectRows<{ key: string | null; bucket: string | null; side: number; delta: number }>(
    db,
    sql`SELECT ${key} AS key, CASE WHEN ${at} >= ${span.from} AND ${at} < ${span.to} THEN ${bucket} END AS bucket,
          CASE WHEN ${at} < ${span.from} THEN -1 WHEN ${at} < ${span.to} THEN 0 ELSE 1 END AS side,
          sum(CASE ${metricFacts.kind} WHEN 'closed' THEN -1 ELSE 1 END)::int AS delta
        FROM ${metricFacts} ${join}
        WHERE ${metricFacts.workspaceId} = ${workspaceId} AND ${metricFacts.kind} IN ('created', 'closed', 'reopened')
          AND ${forward ? sql`${at} < ${span.to}` : sql`${at} >= ${span.from}`} AND ${where}
        GROUP BY 1, 2, 3`,
  );
  const add = (m: Map<string | null, number>, k: string | null, n: number) => m.set(k, (m.get(k) ?? 0) + n);
  const atTo = new Map<string | null, number>();
  const atFrom = new Map<string | null, number>();
  if (forward) {
    for (const d of deltas) if (Number(d.side) < 0) add(atFrom, d.key, Number(d.delta));
    for (const [k, n] of atFrom) atTo.set(k, n);
    for (const d of deltas) if (Number(d.side) === 0) add(atTo, d.key, Number(d.delta));
  } else {
    const issueKey = ISSUE_GROUPS[span.groupBy] ?? sql`NULL::text`;
    const open = await selectRows<{ key: string | null; n: number }>(
      db,
      sql`SELECT ${issueKey} AS key, count(*)::int AS n FROM ${issues}
          WHERE ${issueVisibility(scope)} AND ${issues.state} <> 'closed'
            ${span.filter ? sql`AND ${conditionSql(span.filter, { scope, viewerId: staffOf(scope).userId })}` : sql``}
          GROUP BY 1`,
    );
    for (const { key: k, n } of open) add(atTo, k, Number(n));
    for (const d of deltas) if (Number(d.side) > 0) add(atTo, d.key, -Number(d.delta));
    for (const [k, n] of atTo) atFrom.set(k, n);
    for (const d of deltas) if (Number(d.side) === 0) add(atFrom, d.key, -Number(d.delta));
  }
  const sum = (m: Map<string | null, number>) => [...m.values()].reduce((a, b) => a + b, 0);
  const total = countRow(null, sum(atTo));
  const previous = countRow(null, sum(atFrom));
  if (span.groupBy === "none") return { total, previous, rows: [total] };
  if (!TIME_GROUPS.has(span.groupBy)) {
    const rows = [...atTo].filter(([, n]) => n !== 0).map(([k, n]) => countRow(k, n));
    return { total, previous, rows };
  }
  const byBucket = new Map<string, number>();
  for (const d of deltas)
    if (Number(d.side) === 0 && d.bucket) byBucket.set(d.bucket, (byBucket.get(d.bucket) ?? 0) + Number(d.delta));
  return { total, previous, rows: bucketLevels(span, total.count, byBucket) };
}

function countRow(key: string | null, n: number): MetricRow {
  return { key, label: null, count: n, value: n, median: null, p90: null, business: null };
}

/** A bucket's backlog is the backlog at its end: walk back from `to` through the later buckets. */
function bucketLevels(span: Span, atTo: number, byBucket: ReadonlyMap<string, number>): MetricRow[] {
  const buckets = bucketStarts(span);
  let level = atTo;
  const rows: MetricRow[] = [];
  for (let i = buckets.length - 1; i >= 0; i--) {
    const start = buckets[i] ?? "";
    rows.unshift(countRow(start, level));
    level -= byBucket.get(start) ?? 0;
  }
  return rows;
}

/** The filter fields the day counts answer: they keep the team only. */
const DAY_FIELDS: Readonly<Record<string, SQL>> = { "issue.team": sql`${metricDayCounts.teamId}::text` };

/** Whether the day counts (migration 0041) answer: whole workspace, by time or not at all, team filters. */
function dayCountsAnswer(scope: ReadScope, span: Span): boolean {
  if (!seesWholeWorkspace(scope) || !(span.groupBy === "none" || TIME_GROUPS.has(span.groupBy))) return false;
  return span.filter === null || leavesOf(span.filter).every((leaf) => Object.hasOwn(DAY_FIELDS, leaf.field));
}

/**
 * Whether the per-day histograms (migration 0046) answer a duration or value metric: as the day
 * counts, and broken down by team too; by time only in UTC, whose days they are.
 */
function summariesAnswer(scope: ReadScope, span: Span): boolean {
  if (span.groupBy === "team") return dayCountsAnswer(scope, { ...span, groupBy: "none" });
  if (TIME_GROUPS.has(span.groupBy) && !UTC_ZONES.has(span.timeZone ?? "UTC")) return false;
  return dayCountsAnswer(scope, span);
}

const UTC_ZONES = new Set(["UTC", "Etc/UTC", "Etc/GMT", "GMT"]);

/** A duration or value metric from the per-day histograms: the same rows as `aggregate`. */
async function aggregateFromSummaries(
  db: Executor,
  scope: ReadScope,
  span: Span,
  definition: MetricDefinition,
): Promise<Aggregated> {
  const { workspaceId, userId } = staffOf(scope);
  const h = metricDayHistograms;
  const on = (columns: Readonly<Record<string, SQL>>) =>
    span.filter ? conditionSql(span.filter, { scope, viewerId: userId, columns }) : sql`true`;
  const grouped = span.groupBy !== "none";
  const key = !grouped
    ? null
    : span.groupBy === "team"
      ? { days: sql`${h.teamId}::text`, facts: groupKey(span, sql`${metricFacts.at}`) }
      : {
          days: sql`to_char(date_trunc(${span.groupBy}, ${h.day}::timestamp), 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`,
          facts: groupKey(span, sql`${metricFacts.at}`),
          totals: sql`to_char(date_trunc(${span.groupBy}, ${metricTotalHistograms.start}::timestamp), 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`,
        };
  const found = await summaryStats(db, {
    workspaceId,
    kind: definition.fact,
    measures: definition.measure === "duration" ? ["s", "b"] : ["v"],
    periods: [
      { current: true, from: span.from, to: span.to, keyed: grouped },
      { current: false, from: span.previousFrom, to: span.from, keyed: false },
    ],
    where: { days: on({ "issue.team": sql`${h.teamId}::text` }), facts: on(FACT_FIELDS) },
    key,
    totals: span.filter === null && span.groupBy !== "team",
  });
  const totals = found.filter((r) => r.grouped === 1);
  return {
    total: statRow(
      totals.find((r) => r.current),
      null,
      definition,
    ),
    previous: statRow(
      totals.find((r) => !r.current),
      null,
      definition,
    ),
    rows: found.filter((r) => r.grouped === 0).map((r) => statRow(r, r.key, definition)),
  };
}

/** Each counted kind's sign: +1 counts it, −1 takes it away (the backlog's closes). */
type Signs = Partial<Record<MetricFactKind, 1 | -1>>;
const BACKLOG_SIGNS: Signs = { created: 1, reopened: 1, closed: -1 };

/**
 * Σ sign(kind) over the facts before each moment, one column each: the UTC days before its day
 * from the day counts, its own day from the facts. A few hundred day rows and a day of facts
 * each, whatever the history's length.
 */
async function countsBefore(db: Executor, scope: ReadScope, span: Span, signs: Signs, moments: Date[]) {
  const { workspaceId, userId } = staffOf(scope);
  const on = (columns: Readonly<Record<string, SQL>>) =>
    span.filter ? conditionSql(span.filter, { scope, viewerId: userId, columns }) : sql`true`;
  const kinds = Object.keys(signs);
  const signOf = (kind: SQL) =>
    sql`CASE ${kind} ${sql.join(
      Object.entries(signs).map(([k, sign]) => sql`WHEN ${k} THEN ${sql.raw(String(sign))}`),
      sql` `,
    )} ELSE 0 END`;
  const before = (at: Date) => {
    const dayStart = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
    const day = dayStart.toISOString().slice(0, 10);
    return sql`(coalesce((SELECT sum(${signOf(sql`${metricDayCounts.kind}`)} * ${metricDayCounts.n}) FROM ${metricDayCounts}
        WHERE ${metricDayCounts.workspaceId} = ${workspaceId} AND ${metricDayCounts.kind} IN ${kinds}
          AND ${metricDayCounts.day} < ${day}::date AND ${on(DAY_FIELDS)}), 0)
      + coalesce((SELECT sum(${signOf(sql`${metricFacts.kind}`)}) FROM ${metricFacts}
        WHERE ${metricFacts.workspaceId} = ${workspaceId} AND ${metricFacts.kind} IN ${kinds} AND ${on(FACT_FIELDS)}
          AND ${metricFacts.at} >= ${dayStart} AND ${metricFacts.at} < ${at}), 0))::int`;
  };
  const [row] = await selectRows<Record<string, number>>(
    db,
    sql`SELECT ${sql.join(
      moments.map((at, i) => sql`${before(at)} AS ${sql.identifier(`m${i}`)}`),
      sql`, `,
    )}`,
  );
  return moments.map((_, i) => Number(row?.[`m${i}`] ?? 0));
}

/** A count metric's period and previous period from the day counts (ungrouped). */
async function countFromDays(db: Executor, scope: ReadScope, span: Span, kind: MetricFactKind): Promise<Aggregated> {
  const [atTo = 0, atFrom = 0, atPrevious = 0] = await countsBefore(db, scope, span, { [kind]: 1 }, [
    span.to,
    span.from,
    span.previousFrom,
  ]);
  const total = countRow(null, atTo - atFrom);
  return { total, previous: countRow(null, atFrom - atPrevious), rows: [total] };
}

/**
 * The backlog at `to` and at `from` from the day counts; the buckets of a time grouping from the
 * period's facts.
 */
async function backlogFromDays(db: Executor, scope: ReadScope, span: Span): Promise<Aggregated> {
  const [atTo = 0, atFrom = 0] = await countsBefore(db, scope, span, BACKLOG_SIGNS, [span.to, span.from]);
  const total = countRow(null, atTo);
  const previous = countRow(null, atFrom);
  if (span.groupBy === "none") return { total, previous, rows: [total] };
  const { workspaceId, userId } = staffOf(scope);
  const where = span.filter ? conditionSql(span.filter, { scope, viewerId: userId, columns: FACT_FIELDS }) : sql`true`;
  const found = await selectRows<{ bucket: string; delta: number }>(
    db,
    sql`SELECT ${groupKey(span, sql`${metricFacts.at}`)} AS bucket,
          sum(CASE ${metricFacts.kind} WHEN 'closed' THEN -1 ELSE 1 END)::int AS delta
        FROM ${metricFacts}
        WHERE ${metricFacts.workspaceId} = ${workspaceId} AND ${metricFacts.kind} IN ('created', 'closed', 'reopened')
          AND ${where} AND ${metricFacts.at} >= ${span.from} AND ${metricFacts.at} < ${span.to}
        GROUP BY 1`,
  );
  const byBucket = new Map(found.map((r) => [r.bucket, Number(r.delta)]));
  return { total, previous, rows: bucketLevels(span, total.count, byBucket) };
}

/** Whether the period is nearer the workspace's first fact than now (so backlog walks forward). */
async function fromTheStart(db: Executor, workspaceId: string, span: Span): Promise<boolean> {
  const [row] = await selectRows<{ first: string | Date | null }>(
    db,
    sql`SELECT min(${metricFacts.at}) AS first FROM ${metricFacts}
        WHERE ${metricFacts.workspaceId} = ${workspaceId} AND ${metricFacts.kind} = 'created'`,
  );
  if (!row?.first) return true;
  return span.to.getTime() - new Date(row.first).getTime() < Date.now() - span.from.getTime();
}

/** Every bucket of a time grouping from `from` to `to` in the params' zone, as the SQL keys spell them. */
export function bucketStarts(params: Pick<MetricParams, "from" | "to" | "groupBy" | "timeZone">): string[] {
  const unit = params.groupBy;
  if (unit !== "day" && unit !== "week" && unit !== "month") return [];
  const zone = params.timeZone ?? "UTC";
  const end = DateTime.fromJSDate(params.to);
  const out: string[] = [];
  // Luxon's weeks start on Monday, as PostgreSQL's date_trunc('week') does.
  for (let d = DateTime.fromJSDate(params.from, { zone }).startOf(unit); d < end; d = d.plus({ [unit]: 1 })) {
    out.push(`${d.toUTC().toISO({ suppressMilliseconds: true, includeOffset: false })}Z`);
  }
  return out;
}

/** Time groupings list every bucket of the period, empty ones too (a trend chart has no gaps). */
function fillBuckets(params: MetricParams, rows: MetricRow[]): MetricRow[] {
  if (!TIME_GROUPS.has(params.groupBy)) return rows;
  const found = new Map(rows.map((r) => [r.key, r]));
  const duration = METRICS[params.metric].measure === "duration";
  return bucketStarts(params).map(
    (key) =>
      found.get(key) ?? {
        key,
        label: null,
        count: 0,
        value: METRICS[params.metric].measure === "count" ? 0 : null,
        median: null,
        p90: null,
        business: duration ? { value: null, median: null, p90: null } : null,
      },
  );
}

/** Names for the ids of team, assignee and account groups; rows sorted by count. */
async function labelled(
  db: Executor,
  scope: ReadScope,
  groupBy: AnalyticsGrouping,
  rows: MetricRow[],
): Promise<MetricRow[]> {
  if (TIME_GROUPS.has(groupBy)) return rows;
  const { workspaceId } = staffOf(scope);
  const ids = rows.flatMap((r) => (r.key ? [r.key] : []));
  const names = new Map<string, string>();
  const table = groupBy === "team" ? teams : groupBy === "assignee" ? users : groupBy === "account" ? accounts : null;
  if (table && ids.length > 0) {
    const found = await db
      .select({ id: table.id, name: table.name })
      .from(table)
      .where(and(sql`${table.workspaceId} = ${workspaceId}`, inArray(table.id, ids)));
    for (const { id, name } of found) names.set(id, name);
  }
  const none: Partial<Record<AnalyticsGrouping, string>> = {
    team: "No team",
    assignee: "Unassigned",
    account: "No account",
  };
  return rows
    .map((r) => ({ ...r, label: r.key === null ? (none[groupBy] ?? null) : (names.get(r.key) ?? r.key) }))
    .sort((a, b) => b.count - a.count || String(a.label).localeCompare(String(b.label)));
}

export interface MetricIssue {
  number: number;
  title: string;
  state: string;
  at: Date;
  value: number | null;
  businessValue: number | null;
}

/**
 * The issues behind a number of `metricResult` (same period, filter and grouping; `key` picks a
 * row): each fact's issue with its measure, the largest first. The backlog's are the issues open
 * at the end of the period, newest first.
 */
export async function metricIssues(
  db: Executor,
  scope: ReadScope,
  asked: MetricParams & { key?: string; limit: number },
): Promise<MetricIssue[]> {
  const params = await zoned(db, scope, asked);
  const { workspaceId, userId } = staffOf(scope);
  const definition = METRICS[params.metric];
  const filter = params.filter ? conditionSql(params.filter, { scope, viewerId: userId }) : sql`true`;
  const picked = (key: SQL) =>
    params.key === undefined ? sql`true` : params.key === "" ? sql`${key} IS NULL` : sql`${key} = ${params.key}`;
  if (definition.measure === "backlog") {
    const lastChange = sql`(SELECT ${metricFacts.kind} FROM ${metricFacts}
      WHERE ${metricFacts.issueId} = ${issues.id} AND ${metricFacts.kind} IN ('closed', 'reopened') AND ${metricFacts.at} < ${params.to}
      ORDER BY ${metricFacts.at} DESC LIMIT 1)`;
    const rows = await selectRows<{ number: number; title: string; state: string; at: string }>(
      db,
      sql`SELECT ${issues.number} AS number, ${issues.title} AS title, ${issues.state} AS state, ${issues.createdAt} AS at
          FROM ${issues}
          WHERE ${issueVisibility(scope)} AND ${issues.createdAt} < ${params.to}
            AND coalesce(${lastChange}, 'reopened') <> 'closed' AND ${filter}
            AND ${picked(ISSUE_GROUPS[params.groupBy] ?? sql`NULL::text`)}
          ORDER BY ${issues.createdAt} DESC LIMIT ${params.limit}`,
    );
    return rows.map((r) => ({ ...r, number: Number(r.number), at: new Date(r.at), value: null, businessValue: null }));
  }
  const target =
    definition.fact === "sla" && params.groupBy !== "sla_target" ? sql`AND ${metricFacts.target} = 'overall'` : sql``;
  const measured = measuredColumns(definition);
  const rows = await selectRows<{
    number: number;
    title: string;
    state: string;
    at: string;
    s: number | null;
    b: number | null;
  }>(
    db,
    sql`SELECT ${issues.number} AS number, ${issues.title} AS title, ${issues.state} AS state, ${metricFacts.at} AS at, ${measured}
        FROM ${metricFacts} JOIN ${issues} ON ${issues.id} = ${metricFacts.issueId}
        WHERE ${metricFacts.workspaceId} = ${workspaceId} AND ${issueVisibility(scope)}
          AND ${metricFacts.kind} = ${definition.fact} AND ${metricFacts.at} >= ${params.from} AND ${metricFacts.at} < ${params.to}
          ${target} AND ${filter} AND ${picked(groupKey(params, sql`${metricFacts.at}`))}
        ORDER BY s DESC NULLS LAST, ${metricFacts.at} DESC LIMIT ${params.limit}`,
  );
  const num = (v: number | string | null) => (v === null ? null : Number(v));
  return rows.map((r) => ({
    number: Number(r.number),
    title: r.title,
    state: r.state,
    at: new Date(r.at),
    value: num(r.s),
    businessValue: num(r.b),
  }));
}

const CSV_COLUMNS = [
  "metric",
  "unit",
  "from",
  "to",
  "group_by",
  "key",
  "label",
  "count",
  "value",
  "median",
  "p90",
  "business_value",
  "business_median",
  "business_p90",
  "previous_count",
  "previous_value",
] as const;

/** Metric results as CSV (RFC 4180): the period's total first, then its rows. */
export function metricsCsv(results: readonly MetricResult[]): string {
  const cell = (v: string | number | null | undefined) => {
    // A label starting like a formula is kept as text by spreadsheets (CSV injection).
    const text = v === null || v === undefined ? "" : typeof v === "string" && /^[=+\-@]/.test(v) ? `'${v}` : String(v);
    return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  };
  const lines = [CSV_COLUMNS.join(",")];
  for (const r of results) {
    const rows = r.groupBy === "none" ? [r.total] : [r.total, ...r.rows];
    for (const row of rows) {
      const isTotal = row === r.total;
      lines.push(
        [
          r.metric,
          r.unit,
          r.from.toISOString(),
          r.to.toISOString(),
          isTotal ? "none" : r.groupBy,
          isTotal ? "total" : row.key,
          isTotal ? "Total" : row.label,
          row.count,
          row.value,
          row.median,
          row.p90,
          row.business?.value,
          row.business?.median,
          row.business?.p90,
          isTotal ? r.previous.count : null,
          isTotal ? r.previous.value : null,
        ]
          .map(cell)
          .join(","),
      );
    }
  }
  return `${lines.join("\r\n")}\r\n`;
}
