// The dashboard's pure parts: the period, the filter as a condition tree, the query strings, and
// how numbers read (durations, shares, the change against the previous period).
import type { AnalyticsGrouping, AnalyticsMetric, ConditionNode, MetricRow } from "@switchboard/api";

export const PERIODS = [7, 30, 90] as const;
export type PeriodDays = (typeof PERIODS)[number];

/**
 * The last `days` whole days of the workspace's time zone, today included: the server's day
 * buckets start at the same midnights (daylight-saving days are 23 or 25 hours long).
 */
export function periodOf(days: number, now = new Date(), timeZone = "UTC"): { from: Date; to: Date } {
  const [y = 1970, m = 1, d = 1] = wallClock(now, timeZone);
  return { from: zoneMidnight(y, m, d + 1 - days, timeZone), to: zoneMidnight(y, m, d + 1, timeZone) };
}

/** The wall-clock fields (year, month 1–12, day, hour, minute, second) of an instant in a zone. */
function wallClock(at: Date, timeZone: string): number[] {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "numeric",
    day: "numeric",
    hour: "numeric",
    minute: "numeric",
    second: "numeric",
  }).formatToParts(at);
  const field = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return [field("year"), field("month"), field("day"), field("hour"), field("minute"), field("second")];
}

/** The instant of midnight starting day `d` (may overflow the month) of `y`-`m` in the zone. */
function zoneMidnight(y: number, m: number, d: number, timeZone: string): Date {
  const local = Date.UTC(y, m - 1, d);
  const offsetAt = (t: number) => {
    const [yy = 0, mm = 1, dd = 1, h = 0, mi = 0, s = 0] = wallClock(new Date(t), timeZone);
    return Date.UTC(yy, mm - 1, dd, h, mi, s) - t;
  };
  // The zone's offset near that midnight, checked once more at the guess (a change that day).
  const guess = local - offsetAt(local);
  return new Date(local - offsetAt(guess));
}

export function trendGrouping(days: number): AnalyticsGrouping {
  return days > 90 ? "month" : days > 31 ? "week" : "day";
}

/** The filter bar's choices; empty means "any". */
export interface Filters {
  team: string;
  assignee: string;
  channel: string;
  account: string;
  accountType: string;
  accountTier: string;
  priority: string;
  tag: string;
  fieldKey: string;
  fieldValue: string;
}

export const NO_FILTERS: Filters = {
  team: "",
  assignee: "",
  channel: "",
  account: "",
  accountType: "",
  accountTier: "",
  priority: "",
  tag: "",
  fieldKey: "",
  fieldValue: "",
};

/** The filter bar (and "me" for the personal dashboard) in the one condition language. */
export function filterTree(filters: Filters, mine: boolean): ConditionNode | null {
  const leaves: ConditionNode[] = [];
  const pick = (field: string, value: string) => {
    if (value) leaves.push({ field, op: "in", value: [value] });
  };
  pick("issue.team", filters.team);
  pick("issue.assignee", mine ? "me" : filters.assignee);
  pick("issue.channel", filters.channel);
  pick("issue.account", filters.account);
  pick("account.type", filters.accountType);
  pick("account.tier", filters.accountTier.trim());
  pick("issue.priority", filters.priority);
  pick("issue.tags", filters.tag);
  if (filters.fieldKey && filters.fieldValue.trim()) {
    leaves.push({ field: `issue.field.${filters.fieldKey}`, op: "eq", value: filters.fieldValue.trim() });
  }
  if (leaves.length === 0) return null;
  return leaves.length === 1 ? (leaves[0] ?? null) : { all: leaves };
}

export interface MetricParams {
  metric?: AnalyticsMetric;
  from: Date;
  to: Date;
  groupBy?: AnalyticsGrouping;
  filter: ConditionNode | null;
  key?: string | null;
}

export function metricQuery(params: MetricParams): string {
  const search = new URLSearchParams();
  if (params.metric) search.set("metric", params.metric);
  search.set("from", params.from.toISOString());
  search.set("to", params.to.toISOString());
  if (params.groupBy && params.groupBy !== "none") search.set("group_by", params.groupBy);
  if (params.filter) search.set("filter", JSON.stringify(params.filter));
  // A row without a group ("No team") is asked for with an empty key.
  if (params.key !== undefined) search.set("key", params.key ?? "");
  return search.toString();
}

export interface MetricInfo {
  key: AnalyticsMetric;
  label: string;
  /** What the number is over, for the tile's small print. */
  of: string;
  /** Lower is better (times, backlog, reopens): the change is coloured accordingly. */
  lowerIsBetter: boolean;
}

export const METRIC_INFO: readonly MetricInfo[] = [
  { key: "first_response_time", label: "First response time", of: "first responses", lowerIsBetter: true },
  { key: "time_to_response", label: "Time to response", of: "responses", lowerIsBetter: true },
  { key: "resolution_time", label: "Time to resolution", of: "resolved issues", lowerIsBetter: true },
  { key: "csat", label: "CSAT", of: "responses", lowerIsBetter: false },
  { key: "touches", label: "Touches", of: "resolved issues", lowerIsBetter: true },
  { key: "sla_attainment", label: "SLA attainment", of: "issues with an SLA", lowerIsBetter: false },
  { key: "created", label: "Created", of: "issues", lowerIsBetter: true },
  { key: "resolved", label: "Resolved", of: "issues", lowerIsBetter: false },
  { key: "backlog", label: "Backlog", of: "open at the end", lowerIsBetter: true },
  { key: "reopens", label: "Reopens", of: "reopens", lowerIsBetter: true },
  { key: "csat_response_rate", label: "CSAT response rate", of: "surveys sent", lowerIsBetter: false },
];

export const DURATIONS: ReadonlySet<AnalyticsMetric> = new Set([
  "first_response_time",
  "time_to_response",
  "resolution_time",
]);

/** "45s", "12m", "3h 20m", "2d 4h". */
export function formatDuration(seconds: number): string {
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  const m = Math.round(s / 60);
  if (m < 60) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 24) return m % 60 ? `${h}h ${m % 60}m` : `${h}h`;
  const d = Math.floor(h / 24);
  return h % 24 ? `${d}d ${h % 24}h` : `${d}d`;
}

export function formatValue(metric: AnalyticsMetric, value: number | null): string {
  if (value === null) return "—";
  if (DURATIONS.has(metric)) return formatDuration(value);
  if (metric === "sla_attainment" || metric === "csat_response_rate") return `${Math.round(value * 1000) / 10}%`;
  if (metric === "touches" || metric === "csat") return (Math.round(value * 10) / 10).toString();
  return Math.round(value).toLocaleString("en");
}

/** The stats a tile shows: calendar or business time for durations. */
export function statsOf(
  row: MetricRow,
  business: boolean,
): { value: number | null; median: number | null; p90: number | null } {
  return business && row.business ? row.business : row;
}

/** The change from the previous period, and whether it is good news; null when nothing compares. */
export function changeOf(
  current: number | null,
  previous: number | null,
  lowerIsBetter: boolean,
): { text: string; good: boolean } | null {
  if (current === null || previous === null) return null;
  if (previous === 0) return current === 0 ? { text: "no change", good: true } : null;
  const pct = Math.round(((current - previous) / Math.abs(previous)) * 100);
  if (pct === 0) return { text: "no change", good: true };
  return { text: `${pct > 0 ? "▲" : "▼"} ${Math.abs(pct)}%`, good: pct < 0 === lowerIsBetter };
}
