// Analytics: the seed's daily and weekly review. Every metric of the period beside the previous
// one, a trend and a breakdown of the chosen metric, drill-down from any number to its issues,
// CSV export; "/analytics/me" is the personal dashboard (issues assigned to me).
import type { AnalyticsGrouping, AnalyticsMetric, MetricResult, MetricRow, WorkspaceSettings } from "@switchboard/api";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { Link, useRoute } from "wouter";
import { request } from "../../api/client";
import { ErrorNotice } from "../../ui/ErrorNotice";
import { exportUrl, fetchMetric } from "./api";
import { type Drill, DrillDown } from "./DrillDown";
import { FilterBar } from "./FilterBar";
import {
  changeOf,
  DURATIONS,
  type Filters,
  filterTree,
  formatValue,
  METRIC_INFO,
  type MetricInfo,
  type MetricParams,
  NO_FILTERS,
  PERIODS,
  type PeriodDays,
  periodOf,
  statsOf,
  trendGrouping,
} from "./model";
import { TrendChart } from "./TrendChart";
import "./analytics.css";

const BREAKDOWNS: [AnalyticsGrouping, string][] = [
  ["team", "Team"],
  ["assignee", "Assignee"],
  ["channel", "Channel"],
  ["account", "Account"],
  ["priority", "Priority"],
];

export function AnalyticsPage() {
  const [mine] = useRoute("/analytics/me");
  const [days, setDays] = useState<PeriodDays>(30);
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [business, setBusiness] = useState(false);
  const [selected, setSelected] = useState<AnalyticsMetric>("first_response_time");
  const [breakdown, setBreakdown] = useState<AnalyticsGrouping>("team");
  const [drill, setDrill] = useState<Drill | null>(null);
  const timeZone = useWorkspaceZone();
  const base = useMemo(
    () => ({ ...periodOf(days, new Date(), timeZone), filter: filterTree(filters, mine) }),
    [days, filters, mine, timeZone],
  );
  const info = METRIC_INFO.find((m) => m.key === selected) ?? (METRIC_INFO[0] as MetricInfo);
  const open = (params: MetricParams & { metric: AnalyticsMetric }, title: string) => setDrill({ params, title });

  return (
    <section className="analytics-page" aria-labelledby="analytics-title">
      <header className="page-head analytics-head">
        <h1 id="analytics-title">{mine ? "My dashboard" : "Analytics"}</h1>
        <nav className="segmented" aria-label="Dashboard">
          <Link href="/analytics" className={mine ? "" : "active"} aria-current={mine ? undefined : "page"}>
            Everyone
          </Link>
          <Link href="/analytics/me" className={mine ? "active" : ""} aria-current={mine ? "page" : undefined}>
            Me
          </Link>
        </nav>
        <div className="grow" />
        <label className="analytics-filter">
          <span>Period</span>
          <select value={days} onChange={(e) => setDays(Number(e.target.value) as PeriodDays)}>
            {PERIODS.map((d) => (
              <option key={d} value={d}>
                Last {d} days
              </option>
            ))}
          </select>
        </label>
        <label className="analytics-toggle">
          <input type="checkbox" checked={business} onChange={(e) => setBusiness(e.target.checked)} />
          Business hours
        </label>
        <a className="button" href={exportUrl(base)} download>
          Export CSV
        </a>
      </header>
      <p className="muted analytics-period">
        {dayIn(base.from, timeZone)} – {dayIn(new Date(base.to.getTime() - 1), timeZone)} ({timeZone}), compared with
        the {days} days before{mine ? "; issues assigned to me" : ""}.
      </p>
      <FilterBar filters={filters} onChange={setFilters} mine={mine} />
      <div className="metric-tiles">
        {METRIC_INFO.map((m) => (
          <MetricTile
            key={m.key}
            info={m}
            params={{ ...base, metric: m.key }}
            business={business}
            selected={m.key === selected}
            onSelect={() => setSelected(m.key)}
            onDrill={open}
          />
        ))}
      </div>
      <div className="analytics-panels">
        <Trend info={info} params={{ ...base, metric: selected, groupBy: trendGrouping(days) }} business={business} />
        <Breakdown
          info={info}
          params={{ ...base, metric: selected, groupBy: breakdown }}
          business={business}
          onGroup={setBreakdown}
          onDrill={open}
        />
      </div>
      {drill && <DrillDown drill={drill} business={business} onClose={() => setDrill(null)} />}
    </section>
  );
}

/** The calendar date of an instant in the zone, as YYYY-MM-DD. */
const dayIn = (at: Date, timeZone: string) => new Intl.DateTimeFormat("en-CA", { timeZone }).format(at);

/** The workspace's time zone: the period's days and the trend's buckets follow it. */
function useWorkspaceZone(): string {
  const workspace = useQuery({
    queryKey: ["directory", "settings", "/workspace"],
    queryFn: ({ signal }) => request<WorkspaceSettings>("/workspace", { signal }),
    staleTime: 300_000,
  });
  return workspace.data?.timeZone ?? "UTC";
}

function useMetric(params: MetricParams & { metric: AnalyticsMetric }) {
  return useQuery({
    queryKey: ["analytics", "metric", params],
    queryFn: ({ signal }) => fetchMetric(params, signal),
    placeholderData: keepPreviousData,
    staleTime: 60_000,
  });
}

function MetricTile({
  info,
  params,
  business,
  selected,
  onSelect,
  onDrill,
}: {
  info: MetricInfo;
  params: MetricParams & { metric: AnalyticsMetric };
  business: boolean;
  selected: boolean;
  onSelect: () => void;
  onDrill: (params: MetricParams & { metric: AnalyticsMetric }, title: string) => void;
}) {
  const result = useMetric(params);
  const total = result.data?.total;
  const stats = total && statsOf(total, business);
  const previous = result.data && statsOf(result.data.previous, business);
  const change = stats && previous ? changeOf(stats.value, previous.value, info.lowerIsBetter) : null;
  const duration = DURATIONS.has(info.key);
  return (
    <article className={selected ? "metric-tile selected" : "metric-tile"} aria-label={info.label}>
      <button type="button" className="metric-tile-head" onClick={onSelect} aria-pressed={selected}>
        {info.label}
      </button>
      {result.isError ? (
        <p className="inline-error small">Did not load.</p>
      ) : !stats ? (
        <p className="metric-value muted">…</p>
      ) : (
        <>
          <p className="metric-value">
            {formatValue(info.key, stats.value)}
            {duration && stats.value !== null && <span className="metric-unit"> mean</span>}
          </p>
          {duration && stats.value !== null && (
            <p className="metric-dist">
              median {formatValue(info.key, stats.median)} · p90 {formatValue(info.key, stats.p90)}
            </p>
          )}
          <p className="metric-foot">
            <button
              type="button"
              className="link-button"
              onClick={() => onDrill(params, `${info.label}: the issues behind it`)}
              disabled={total?.count === 0}
            >
              {total?.count === 0 && info.key === "csat"
                ? "no responses yet"
                : `${total?.count.toLocaleString("en")} ${info.of}`}
            </button>
            {change && <span className={change.good ? "change good" : "change bad"}>{change.text}</span>}
          </p>
        </>
      )}
    </article>
  );
}

function Trend({
  info,
  params,
  business,
}: {
  info: MetricInfo;
  params: MetricParams & { metric: AnalyticsMetric };
  business: boolean;
}) {
  const result = useMetric(params);
  return (
    <section className="analytics-panel" aria-labelledby="trend-title">
      <h2 id="trend-title">
        {info.label} by {params.groupBy}
        {DURATIONS.has(info.key) && (
          <span className="muted small"> ({business ? "business hours" : "calendar time"})</span>
        )}
      </h2>
      {result.isError && <ErrorNotice error={result.error} onRetry={() => result.refetch()} />}
      {result.data &&
        (isEmpty(result.data) ? (
          <Empty info={info} />
        ) : (
          <TrendChart result={result.data} business={business} title={info.label} />
        ))}
    </section>
  );
}

function isEmpty(result: MetricResult): boolean {
  return result.metric === "backlog" ? result.rows.every((r) => r.count === 0) : result.total.count === 0;
}

function Empty({ info }: { info: MetricInfo }) {
  return (
    <p className="state-line empty">
      {info.key === "csat"
        ? "No CSAT responses yet: scores appear here once customers answer surveys."
        : info.key === "sla_attainment"
          ? "No issue in this period had an SLA policy."
          : `No ${info.of} in this period with these filters.`}
    </p>
  );
}

function Breakdown({
  info,
  params,
  business,
  onGroup,
  onDrill,
}: {
  info: MetricInfo;
  params: MetricParams & { metric: AnalyticsMetric; groupBy: AnalyticsGrouping };
  business: boolean;
  onGroup: (group: AnalyticsGrouping) => void;
  onDrill: (params: MetricParams & { metric: AnalyticsMetric }, title: string) => void;
}) {
  const result = useMetric(params);
  const duration = DURATIONS.has(info.key);
  const rows = result.data?.rows ?? [];
  return (
    <section className="analytics-panel" aria-labelledby="breakdown-title">
      <header className="panel-head">
        <h2 id="breakdown-title">{info.label} by</h2>
        <select
          aria-label="Break down by"
          value={params.groupBy}
          onChange={(e) => onGroup(e.target.value as AnalyticsGrouping)}
        >
          {BREAKDOWNS.map(([g, label]) => (
            <option key={g} value={g}>
              {label}
            </option>
          ))}
        </select>
        <a className="link-button small" href={exportUrl(params)} download>
          CSV
        </a>
      </header>
      {result.isError && <ErrorNotice error={result.error} onRetry={() => result.refetch()} />}
      {result.data && rows.length === 0 && <Empty info={info} />}
      {rows.length > 0 && (
        <table className="breakdown-table">
          <thead>
            <tr>
              <th>{BREAKDOWNS.find(([g]) => g === params.groupBy)?.[1]}</th>
              <th className="num">Count</th>
              <th className="num">{duration ? "Mean" : "Value"}</th>
              {duration && <th className="num">Median</th>}
              {duration && <th className="num">p90</th>}
            </tr>
          </thead>
          <tbody>
            {rows.map((row: MetricRow) => {
              const stats = statsOf(row, business);
              const name = row.label ?? row.key ?? "—";
              return (
                <tr key={row.key ?? "none"}>
                  <td>{name}</td>
                  <td className="num">
                    <button
                      type="button"
                      className="link-button"
                      onClick={() => onDrill({ ...params, key: row.key }, `${info.label}: ${name}`)}
                    >
                      {row.count.toLocaleString("en")}
                    </button>
                  </td>
                  <td className="num">{formatValue(info.key, stats.value)}</td>
                  {duration && <td className="num">{formatValue(info.key, stats.median)}</td>}
                  {duration && <td className="num">{formatValue(info.key, stats.p90)}</td>}
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
