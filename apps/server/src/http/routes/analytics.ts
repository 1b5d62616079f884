// /analytics: metrics of a period with the previous one, the issues behind a number, CSV export.
// Every agent reads them (viewers included); customers cannot.
import {
  type AnalyticsMetric,
  MetricCsv,
  MetricExportQuery,
  MetricIssues,
  MetricIssuesQuery,
  MetricQuery,
  MetricResult,
  replies,
} from "@switchboard/api";
import { analyticsMetrics } from "@switchboard/api/vocabulary";
import { recordExport } from "../../commands/audit";
import { type MetricParams, metricIssues, metricResult, metricsCsv } from "../../queries/analytics";
import { requirePrincipal, scopeOf } from "../auth";
import type { RouteDeps } from "../context";
import { LIST_ERRORS } from "../replies";
import type { ZodApp } from "./types";

const DAY_MS = 86_400_000;

/** The period and filter of a query as the read model takes them (defaults: the last 30 days). */
function paramsOf(query: {
  from?: string;
  to?: string;
  group_by: MetricParams["groupBy"];
  filter?: MetricParams["filter"];
}): Omit<MetricParams, "metric"> {
  const to = query.to ? new Date(query.to) : new Date();
  const from = query.from ? new Date(query.from) : new Date(to.getTime() - 30 * DAY_MS);
  return { from, to, groupBy: query.group_by, filter: query.filter ?? null };
}

export function analyticsRoutes(app: ZodApp, { services, command }: RouteDeps) {
  const db = () => services.database.db;
  const opts = { preHandler: requirePrincipal };
  const tags = ["analytics"];

  app.get(
    "/analytics/metrics",
    { ...opts, schema: { querystring: MetricQuery, tags, response: replies({ 200: MetricResult }, ...LIST_ERRORS) } },
    async (request) =>
      metricResult(db(), scopeOf(request), { metric: request.query.metric, ...paramsOf(request.query) }),
  );
  app.get(
    "/analytics/issues",
    {
      ...opts,
      schema: { querystring: MetricIssuesQuery, tags, response: replies({ 200: MetricIssues }, ...LIST_ERRORS) },
    },
    async (request) => {
      const { metric, key, limit } = request.query;
      const items = await metricIssues(db(), scopeOf(request), { metric, key, limit, ...paramsOf(request.query) });
      return { items };
    },
  );
  app.get(
    "/analytics/export.csv",
    {
      ...opts,
      schema: { querystring: MetricExportQuery, tags, response: { 200: MetricCsv, ...replies({}, ...LIST_ERRORS) } },
    },
    async (request, reply) => {
      const scope = scopeOf(request);
      const params = paramsOf(request.query);
      const metrics: readonly AnalyticsMetric[] = request.query.metric ? [request.query.metric] : analyticsMetrics;
      const results = [];
      for (const metric of metrics) {
        // Grouped by SLA target only where that means something; the other metrics give totals.
        const groupBy = params.groupBy === "sla_target" && metric !== "sla_attainment" ? "none" : params.groupBy;
        results.push(await metricResult(db(), scope, { ...params, groupBy, metric }));
      }
      // Exports are audited: who took which numbers out, with which filters.
      await command(request, (ctx) => recordExport(ctx, { kind: "analytics", filters: { ...request.query } }));
      const day = (d: Date) => d.toISOString().slice(0, 10);
      return reply
        .header("content-type", "text/csv; charset=utf-8")
        .header(
          "content-disposition",
          `attachment; filename="switchboard-${request.query.metric ?? "metrics"}-${day(params.from)}-${day(params.to)}.csv"`,
        )
        .send(metricsCsv(results));
    },
  );
}
