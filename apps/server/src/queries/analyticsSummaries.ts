// A duration or value metric over periods from the per-day histograms (migration 0046): the
// whole UTC days of each period from metric_day_histogram, its partial first and last days from
// the facts themselves, bucketed by the same SQL function, all in one statement. Means and counts
// are exact; medians and p90s are within the buckets' 5 % (domain/histogram.ts).
import { type SQL, sql } from "drizzle-orm";
import type { Executor } from "../db/connect";
import { selectRows } from "../db/raw";
import { metricDayHistograms, metricFacts, metricTotalHistograms } from "../db/schema";
import { type Bucket, histogramMean, histogramQuantile } from "../domain/histogram";
import type { MetricFactKind } from "../domain/metrics";

export type Measure = "s" | "b" | "v";

export interface SummaryPeriod {
  current: boolean;
  from: Date;
  to: Date;
  /** Whether its rows are broken down by `key` (else only its total is asked). */
  keyed: boolean;
}

export interface SummaryQuery {
  workspaceId: string;
  kind: MetricFactKind;
  /** The first measure is the metric's own (s or v), the second its business twin. */
  measures: readonly Measure[];
  periods: readonly SummaryPeriod[];
  /** What narrows the day rows, and the facts, to the filter. */
  where: { days: SQL; facts: SQL };
  /** The breakdown's key, as the day rows, the facts and (with `totals`) the team-less day rows spell it. */
  key: { days: SQL; facts: SQL; totals?: SQL } | null;
  /**
   * Unfiltered and not by team: whole days come from the team-less histograms (migration 0054),
   * whole ISO weeks as one row per bucket when the period is not broken down.
   */
  totals: boolean;
}

export type SummaryStat = {
  current: boolean;
  /** 1 for a period's total, 0 for a row of its breakdown. */
  grouped: number;
  key: string | null;
  n: number;
  v: number | null;
  m: number | null;
  p: number | null;
  bv: number | null;
  bm: number | null;
  bp: number | null;
};

type BucketRow = Omit<Bucket, "bucket"> & {
  current: boolean;
  key: string | null;
  measure: Measure;
  /** Null: the facts without a value of the measure. */
  bucket: number | null;
};

const DAY_MS = 86_400_000;
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Whole days `first`–`end` (ms at UTC midnights) as [span, first, end) ranges: days, ISO weeks, days. */
function weeksAndDays(first: number, end: number): [1 | 7, string, string][] {
  // 1970-01-01 was a Thursday: a Monday is 4 days after a multiple of 7 days.
  const monday = (ms: number) => ms - ((ms / DAY_MS + 3) % 7) * DAY_MS;
  const weeksFrom = first === monday(first) ? first : monday(first) + 7 * DAY_MS;
  const weeksEnd = monday(end);
  if (weeksEnd <= weeksFrom) return [[1, dayOf(first), dayOf(end)]];
  const ranges: [1 | 7, string, string][] = [[7, dayOf(weeksFrom), dayOf(weeksEnd)]];
  if (first < weeksFrom) ranges.push([1, dayOf(first), dayOf(weeksFrom)]);
  if (weeksEnd < end) ranges.push([1, dayOf(weeksEnd), dayOf(end)]);
  return ranges;
}

/** A period's whole UTC days (as a day range) and the moments before and after them. */
function split(from: Date, to: Date) {
  const first = Math.ceil(from.getTime() / DAY_MS) * DAY_MS;
  const end = Math.floor(to.getTime() / DAY_MS) * DAY_MS;
  if (first >= end) return { days: null, edges: [[from, to]] as const };
  return {
    days: { first: dayOf(first), end: dayOf(end), firstMs: first, endMs: end },
    edges: [
      [from, new Date(first)],
      [new Date(end), to],
    ].filter(([a, b]) => (a as Date) < (b as Date)) as [Date, Date][],
  };
}

/** The periods' bucket rows: day rows and edge facts, summed by period, key, measure and bucket. */
async function bucketRows(db: Executor, q: SummaryQuery): Promise<BucketRow[]> {
  const h = metricDayHistograms;
  const parts: SQL[] = [];
  for (const period of q.periods) {
    const { days, edges } = split(period.from, period.to);
    const daysKey = period.keyed && q.key ? q.key.days : sql`NULL::text`;
    const factsKey = period.keyed && q.key ? q.key.facts : sql`NULL::text`;
    const flag = sql.raw(String(period.current));
    const t = metricTotalHistograms;
    if (days && q.totals) {
      const keyed = period.keyed && q.key;
      const ranges: [1 | 7, string, string][] = keyed
        ? [[1, days.first, days.end]]
        : weeksAndDays(days.firstMs, days.endMs);
      for (const [span, first, end] of ranges)
        parts.push(sql`SELECT ${flag} AS current, ${keyed ? (q.key?.totals ?? sql`NULL::text`) : sql`NULL::text`} AS key,
            ${t.measure} AS measure, ${t.bucket} AS bucket, ${t.n} AS n, ${t.total} AS total
          FROM ${t}
          WHERE ${t.workspaceId} = ${q.workspaceId} AND ${t.kind} = ${q.kind} AND ${t.measure} IN ${q.measures}
            AND ${t.span} = ${span} AND ${t.start} >= ${first}::date AND ${t.start} < ${end}::date`);
    } else if (days)
      parts.push(sql`SELECT ${flag} AS current, ${daysKey} AS key, ${h.measure} AS measure, ${h.bucket} AS bucket,
          ${h.n} AS n, ${h.total} AS total
        FROM ${h}
        WHERE ${h.workspaceId} = ${q.workspaceId} AND ${h.kind} = ${q.kind} AND ${h.measure} IN ${q.measures}
          AND ${h.day} >= ${days.first}::date AND ${h.day} < ${days.end}::date AND ${q.where.days}`);
    for (const [from, to] of edges)
      parts.push(sql`SELECT ${flag} AS current, ${factsKey} AS key, m.measure, metric_bucket(m.v) AS bucket,
          1 AS n, coalesce(m.v, 0) AS total
        FROM ${metricFacts}
          CROSS JOIN LATERAL metric_fact_measures(${metricFacts.kind}, ${metricFacts.target}, ${metricFacts.seconds},
            ${metricFacts.businessSeconds}, ${metricFacts.value}) AS m
        WHERE ${metricFacts.workspaceId} = ${q.workspaceId} AND ${metricFacts.kind} = ${q.kind}
          AND m.measure IN ${q.measures} AND ${metricFacts.at} >= ${from} AND ${metricFacts.at} < ${to} AND ${q.where.facts}`);
  }
  const rows = await selectRows<Record<string, unknown>>(
    db,
    sql`SELECT current, key, measure, bucket, sum(n)::int AS n, sum(total)::float8 AS total
        FROM (${sql.join(parts, sql` UNION ALL `)}) AS r
        GROUP BY 1, 2, 3, 4 HAVING sum(n) <> 0`,
  );
  return rows.map((r) => ({
    current: r.current === true || r.current === "t",
    key: r.key === null ? null : String(r.key),
    measure: String(r.measure) as Measure,
    bucket: r.bucket === null ? null : Number(r.bucket),
    n: Number(r.n),
    total: Number(r.total),
  }));
}

/** Each period's total and each current row of the breakdown, as percentile_cont would give them. */
export async function summaryStats(db: Executor, q: SummaryQuery): Promise<SummaryStat[]> {
  const rows = await bucketRows(db, q);
  const [own, business] = q.measures;
  const stat = (current: boolean, grouped: number, key: string | null, of: BucketRow[]): SummaryStat => {
    const measured = (measure: Measure | undefined) =>
      of.flatMap((r) => (r.measure === measure && r.bucket !== null ? [{ ...r, bucket: r.bucket }] : []));
    const stats = (measure: Measure | undefined) => {
      const buckets = measured(measure);
      return [histogramMean(buckets), histogramQuantile(buckets, 0.5), histogramQuantile(buckets, 0.9)] as const;
    };
    const [v, m, p] = stats(own);
    const [bv, bm, bp] = business ? stats(business) : [null, null, null];
    const n = of.filter((r) => r.measure === own).reduce((sum, r) => sum + r.n, 0);
    return { current, grouped, key, n, v, m, p, bv, bm, bp };
  };
  const out = q.periods.map((period) =>
    stat(
      period.current,
      1,
      null,
      rows.filter((r) => r.current === period.current),
    ),
  );
  const keyed = q.periods.find((period) => period.keyed);
  if (keyed && q.key) {
    const keys = new Set(rows.filter((r) => r.current === keyed.current).map((r) => r.key));
    for (const key of keys)
      out.push(
        stat(
          keyed.current,
          0,
          key,
          rows.filter((r) => r.current === keyed.current && r.key === key),
        ),
      );
  }
  return out;
}
