// The dashboard's reads: one metric (with the previous period), the issues behind a number.
import type { MetricIssues, MetricResult } from "@switchboard/api";
import { request } from "../../api/client";
import { type MetricParams, metricQuery } from "./model";

export const fetchMetric = (params: MetricParams, signal?: AbortSignal) =>
  request<MetricResult>(`/analytics/metrics?${metricQuery(params)}`, { signal });

export const fetchMetricIssues = (params: MetricParams, signal?: AbortSignal) =>
  request<MetricIssues>(`/analytics/issues?${metricQuery(params)}&limit=200`, { signal });

/** A plain link: the browser downloads the file with the session cookie. */
export const exportUrl = (params: MetricParams) => `/api/v1/analytics/export.csv?${metricQuery(params)}`;
