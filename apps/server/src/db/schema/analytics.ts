// Analytics facts: each issue's metric facts (domain/metrics.ts), kept up to date from its event
// log by the `analytics.refresh` job, and the log position each issue was last computed at.
import {
  bigint,
  date,
  doublePrecision,
  index,
  integer,
  pgTable,
  smallint,
  text,
  timestamp,
  unique,
  uuid,
} from "drizzle-orm/pg-core";
import type { MetricFactKind, SlaTarget } from "../../domain/metrics";
import { workspaceId } from "./columns";
import { issues } from "./issues";
import { workspaces } from "./tenancy";

export const metricFacts = pgTable(
  "metric_fact",
  {
    workspaceId: workspaceId().references(() => workspaces.id, { onDelete: "cascade" }),
    issueId: uuid("issue_id")
      .notNull()
      .references(() => issues.id, { onDelete: "cascade" }),
    kind: text("kind").$type<MetricFactKind>().notNull(),
    target: text("target").$type<SlaTarget | "overall">(),
    at: timestamp("at", { withTimezone: true, mode: "date" }).notNull(),
    seconds: integer("seconds"),
    businessSeconds: integer("business_seconds"),
    value: doublePrecision("value"),
    /**
     * The issue's dimensions, its CURRENT values (not those at the fact's time): filters and
     * breakdowns read them without joining the issues. Migration 0030's trigger on `issue`
     * moves them in the transaction that changes the issue; the refresh writes them too.
     */
    teamId: uuid("team_id"),
    assigneeUserId: uuid("assignee_user_id"),
    channel: text("channel"),
    priority: text("priority"),
    accountId: uuid("account_id"),
  },
  (t) => [
    // Migrations 0018 and 0030 make it covering (INCLUDE issue_id, target, seconds,
    // business_seconds, value and the dimensions): a dashboard's aggregate over a period, filtered
    // or broken down by a dimension, reads the index only.
    index("metric_fact_ws_kind_at_idx").on(t.workspaceId, t.kind, t.at),
    index("metric_fact_issue_idx").on(t.issueId),
  ],
);

export const issueMetricRefreshes = pgTable("issue_metric_refresh", {
  issueId: uuid("issue_id")
    .primaryKey()
    .references(() => issues.id, { onDelete: "cascade" }),
  workspaceId: workspaceId().references(() => workspaces.id, { onDelete: "cascade" }),
  /**
   * How many events the issue's log held when its facts were computed. A count, not the last seq:
   * seqs are taken before commit, so a later one can commit first and would hide the earlier.
   */
  eventCount: bigint("event_count", { mode: "number" }).notNull(),
  refreshedAt: timestamp("refreshed_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
});

/**
 * How many facts of the counted kinds (created, closed, reopened, resolution) each UTC day holds,
 * per team. Migration 0041's statement triggers on metric_fact keep it (the refresh's delete and
 * insert, team moves, cascaded deletes); a backlog or a count up to a moment sums the days before
 * it and reads only that day's facts.
 */
export const metricDayCounts = pgTable(
  "metric_day_count",
  {
    workspaceId: workspaceId().references(() => workspaces.id, { onDelete: "cascade" }),
    day: date("day", { mode: "string" }).notNull(),
    teamId: uuid("team_id"),
    kind: text("kind").$type<MetricFactKind>().notNull(),
    n: integer("n").notNull(),
  },
  (t) => [unique("metric_day_count_key").on(t.workspaceId, t.day, t.teamId, t.kind).nullsNotDistinct()],
);

/**
 * The measured values of each UTC day, team and fact kind as a log-scale histogram (bucket k holds
 * |values| in [1.05^(k−1), 1.05^k), domain/histogram.ts): a count and a sum per bucket, for
 * calendar seconds (`s`), business seconds (`b`) or the value (`v`); bucket NULL counts the facts
 * without one. Migration 0046's statement triggers on metric_fact keep it, as metric_day_count.
 */
export const metricDayHistograms = pgTable(
  "metric_day_histogram",
  {
    workspaceId: workspaceId().references(() => workspaces.id, { onDelete: "cascade" }),
    kind: text("kind").$type<MetricFactKind>().notNull(),
    measure: text("measure").$type<"s" | "b" | "v">().notNull(),
    day: date("day", { mode: "string" }).notNull(),
    teamId: uuid("team_id"),
    bucket: integer("bucket"),
    n: integer("n").notNull(),
    total: doublePrecision("total").notNull(),
  },
  (t) => [
    // Migration 0046 makes it covering (INCLUDE n, total): a period reads the index only.
    unique("metric_day_histogram_key")
      .on(t.workspaceId, t.kind, t.measure, t.day, t.teamId, t.bucket)
      .nullsNotDistinct(),
  ],
);

/**
 * The day histograms without the team (migration 0054): per UTC day (`span` 1) and per ISO week
 * (`span` 7, `start` its Monday). The unfiltered tiles read a period's whole weeks as week rows
 * and the days around them as day rows. Kept by statement triggers on metric_fact.
 */
export const metricTotalHistograms = pgTable(
  "metric_total_histogram",
  {
    workspaceId: workspaceId().references(() => workspaces.id, { onDelete: "cascade" }),
    kind: text("kind").$type<MetricFactKind>().notNull(),
    measure: text("measure").$type<"s" | "b" | "v">().notNull(),
    span: smallint("span").notNull(),
    start: date("start", { mode: "string" }).notNull(),
    bucket: integer("bucket"),
    n: integer("n").notNull(),
    total: doublePrecision("total").notNull(),
  },
  (t) => [
    // Covering (INCLUDE n, total) in the migration.
    unique("metric_total_histogram_key")
      .on(t.workspaceId, t.kind, t.measure, t.span, t.start, t.bucket)
      .nullsNotDistinct(),
  ],
);
