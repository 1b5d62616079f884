// /analytics: the metrics of a period (compared with the period before), grouped by time or by
// team, assignee, channel, account, priority; the issues behind a number; a CSV export.
// Definitions: apps/server/src/domain/metrics.ts.
import { z } from "zod";
import { ConditionNode, conditionsFor } from "./conditions";
import { Timestamp, type Wire } from "./responses";
import { analyticsGroupings, analyticsMetrics, analyticsUnits } from "./vocabulary";

export const AnalyticsMetric = z.enum(analyticsMetrics);
export type AnalyticsMetric = z.infer<typeof AnalyticsMetric>;
export const AnalyticsGrouping = z.enum(analyticsGroupings);
export type AnalyticsGrouping = z.infer<typeof AnalyticsGrouping>;

const DAY_MS = 86_400_000;

/** `filter` travels as JSON in the query string: a condition tree of the issue context. */
const FilterParam = z
  .string()
  .max(20_000)
  .transform((raw, ctx): unknown => {
    try {
      return JSON.parse(raw);
    } catch {
      ctx.addIssue({ code: "custom", message: "filter must be a JSON condition tree." });
      return z.NEVER;
    }
  })
  .pipe(conditionsFor("issue"));

const periodFields = {
  /** Start of the period (inclusive); default: 30 days before `to`. */
  from: z.iso.datetime({ offset: true }).optional(),
  /** End of the period (exclusive); default: now. */
  to: z.iso.datetime({ offset: true }).optional(),
  group_by: AnalyticsGrouping.default("none"),
  filter: FilterParam.optional(),
};

function periodProblems(
  q: { from?: string; to?: string; group_by: string; metric?: string },
  ctx: z.RefinementCtx,
): void {
  const to = q.to ? Date.parse(q.to) : Date.now();
  const from = q.from ? Date.parse(q.from) : to - 30 * DAY_MS;
  if (from >= to) ctx.addIssue({ code: "custom", path: ["from"], message: "from must be before to." });
  if (to - from > 3 * 366 * DAY_MS)
    ctx.addIssue({ code: "custom", path: ["from"], message: "A period spans at most three years." });
  if (q.group_by === "day" && to - from > 366 * DAY_MS)
    ctx.addIssue({
      code: "custom",
      path: ["group_by"],
      message: "Group a period longer than a year by week or month.",
    });
  if (q.group_by === "sla_target" && q.metric !== undefined && q.metric !== "sla_attainment")
    ctx.addIssue({ code: "custom", path: ["group_by"], message: "Only sla_attainment is grouped by SLA target." });
}

export const MetricQuery = z
  .strictObject({ metric: AnalyticsMetric.default("created"), ...periodFields })
  .superRefine(periodProblems);
export type MetricQuery = z.input<typeof MetricQuery>;

/** The issues behind a number: the metric's query, and the group's key when a row was picked. */
export const MetricIssuesQuery = z
  .strictObject({
    metric: AnalyticsMetric.default("created"),
    ...periodFields,
    key: z.string().max(200).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .superRefine(periodProblems);
export type MetricIssuesQuery = z.input<typeof MetricIssuesQuery>;

/** Without `metric`, every metric's totals of the period. */
export const MetricExportQuery = z
  .strictObject({ metric: AnalyticsMetric.optional(), ...periodFields })
  .superRefine(periodProblems);
export type MetricExportQuery = z.input<typeof MetricExportQuery>;

const Stats = z.strictObject({
  /** Mean (share for SLA attainment); null without data. */
  value: z.number().nullable(),
  median: z.number().nullable(),
  p90: z.number().nullable(),
});

export const MetricRow = z.strictObject({
  /** The group: an id, an enum value, or a bucket's start (ISO); null for "none" (no team …). */
  key: z.string().nullable(),
  label: z.string().nullable(),
  /** How many facts the value is over (responses, issues …). */
  count: z.number().int(),
  ...Stats.shape,
  /** The same in business seconds (durations only). */
  business: Stats.nullable(),
});
export type MetricRow = Wire<typeof MetricRow>;

export const MetricResult = z.strictObject({
  metric: AnalyticsMetric,
  unit: z.enum(analyticsUnits),
  groupBy: AnalyticsGrouping,
  from: Timestamp,
  to: Timestamp,
  /** The period of the same length just before. */
  previousFrom: Timestamp,
  total: MetricRow,
  previous: MetricRow,
  rows: z.array(MetricRow),
  filter: ConditionNode.nullable(),
  /** The workspace's IANA time zone: day, week and month rows start at its midnights. */
  timeZone: z.string(),
});
export type MetricResult = Wire<typeof MetricResult>;

export const MetricIssue = z.strictObject({
  number: z.number().int(),
  title: z.string(),
  state: z.string(),
  /** When the fact happened (the response, the resolution …; creation for the backlog). */
  at: Timestamp,
  /** The issue's measure: seconds, touches, 1/0 for SLA; null for counts. */
  value: z.number().nullable(),
  businessValue: z.number().nullable(),
});
export type MetricIssue = Wire<typeof MetricIssue>;

export const MetricIssues = z.strictObject({ items: z.array(MetricIssue) });
export type MetricIssues = Wire<typeof MetricIssues>;

export const MetricCsv = {
  description: "The metric rows as CSV (one row per metric and group).",
  content: { "text/csv": { schema: z.string() } },
};
