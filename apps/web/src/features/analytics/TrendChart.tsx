// A metric over time with uPlot (small, canvas, well kept): the mean, and for durations the
// median and p90 too. Drawn on the page's chunk only (the analytics page is lazy-loaded).
import type { MetricResult } from "@switchboard/api";
import { useEffect, useRef } from "react";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import { DURATIONS, formatValue, statsOf } from "./model";

export function TrendChart({ result, business, title }: { result: MetricResult; business: boolean; title: string }) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = host.current;
    if (!element) return;
    const metric = result.metric;
    const xs = result.rows.map((r) => Date.parse(r.key ?? "") / 1000);
    const stats = result.rows.map((r) => statsOf(r, business));
    const duration = DURATIONS.has(metric);
    const series: uPlot.Series[] = [
      {},
      {
        label: duration ? "Mean" : title,
        stroke: "#2f5bd3",
        width: 2,
        fill: duration ? undefined : "rgba(47,91,211,0.08)",
      },
    ];
    const data: uPlot.AlignedData = [xs, stats.map((s) => s.value)];
    if (duration) {
      series.push(
        { label: "Median", stroke: "#1f8a5b", width: 2 },
        { label: "p90", stroke: "#c2410c", width: 1, dash: [6, 4] },
      );
      data.push(
        stats.map((s) => s.median),
        stats.map((s) => s.p90),
      );
    }
    const chart = new uPlot(
      {
        width: Math.max(320, element.clientWidth),
        height: 240,
        series,
        scales: { x: { time: true } },
        // Dates on the axis read in the workspace's zone, where the buckets start.
        tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), result.timeZone),
        axes: [
          { stroke: "#5b6470", grid: { stroke: "#eef0f3" } },
          {
            stroke: "#5b6470",
            grid: { stroke: "#eef0f3" },
            size: 64,
            values: (_u, ticks) => ticks.map((t) => formatValue(metric, t)),
          },
        ],
        legend: { live: true },
        cursor: { points: { size: 6 } },
      },
      data,
      element,
    );
    const resize = new ResizeObserver(() => chart.setSize({ width: Math.max(320, element.clientWidth), height: 240 }));
    resize.observe(element);
    return () => {
      resize.disconnect();
      chart.destroy();
    };
  }, [result, business, title]);
  return <div ref={host} className="trend-chart" role="img" aria-label={`${title} over time`} />;
}
