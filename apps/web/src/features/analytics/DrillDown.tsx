// The issues behind a number: opened from a tile or a breakdown row, each links to its issue.
import type { AnalyticsMetric } from "@switchboard/api";
import { useQuery } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import { Link } from "wouter";
import { ErrorNotice } from "../../ui/ErrorNotice";
import { fetchMetricIssues } from "./api";
import { DURATIONS, formatValue, type MetricParams } from "./model";

export interface Drill {
  params: MetricParams & { metric: AnalyticsMetric };
  title: string;
}

export function DrillDown({ drill, business, onClose }: { drill: Drill; business: boolean; onClose: () => void }) {
  const issues = useQuery({
    queryKey: ["analytics", "issues", drill.params],
    queryFn: ({ signal }) => fetchMetricIssues(drill.params, signal),
  });
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    ref.current?.showModal();
  }, []);
  const metric = drill.params.metric;
  const measured = metric !== "created" && metric !== "resolved" && metric !== "reopens" && metric !== "backlog";
  return (
    <dialog ref={ref} className="dialog drill" aria-labelledby="drill-title" onClose={onClose}>
      <header className="dialog-head">
        <h2 id="drill-title">{drill.title}</h2>
        <button type="button" className="icon-button" aria-label="Close" onClick={onClose}>
          ×
        </button>
      </header>
      {issues.isPending && <p className="state-line">Loading issues…</p>}
      {issues.isError && <ErrorNotice error={issues.error} onRetry={() => issues.refetch()} />}
      {issues.data?.items.length === 0 && <p className="state-line empty">No issues behind this number.</p>}
      {issues.data && issues.data.items.length > 0 && (
        <table className="drill-table">
          <thead>
            <tr>
              <th>#</th>
              <th>Issue</th>
              <th>State</th>
              <th>When</th>
              {measured && <th className="num">{DURATIONS.has(metric) && business ? "Business time" : "Value"}</th>}
            </tr>
          </thead>
          <tbody>
            {issues.data.items.map((item) => (
              <tr key={`${item.number}-${item.at}`}>
                <td>{item.number}</td>
                <td>
                  <Link href={`/issues/${item.number}`}>{item.title}</Link>
                </td>
                <td>{item.state.replace("_", " ")}</td>
                <td>{new Date(item.at).toLocaleString()}</td>
                {measured && (
                  <td className="num">
                    {formatValue(metric, DURATIONS.has(metric) && business ? item.businessValue : item.value)}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {issues.data?.items.length === 200 && <p className="muted small">The first 200 issues.</p>}
    </dialog>
  );
}
