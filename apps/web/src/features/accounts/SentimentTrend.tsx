// The account's mean customer sentiment per week, drawn with uPlot (the chart library analytics
// uses); lazy-loaded by SentimentCard.tsx.
import type { AccountSentiment } from "@switchboard/api";
import { useEffect, useRef } from "react";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";

type Sentiment = AccountSentiment;

export function SentimentTrend({ trend }: { trend: Sentiment["trend"] }) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = host.current;
    if (!element) return;
    const xs = trend.map((w) => Date.parse(`${w.week}T00:00:00Z`) / 1000);
    const chart = new uPlot(
      {
        width: Math.max(280, element.clientWidth),
        height: 180,
        series: [
          {},
          { label: "Mean sentiment", stroke: "#2f5bd3", width: 2, spanGaps: true, points: { size: 5 } },
          { label: "Neutral", stroke: "#c9ced6", width: 1, dash: [4, 4], points: { show: false } },
        ],
        scales: { x: { time: true }, y: { range: [-1, 1] } },
        axes: [
          { stroke: "#5b6470", grid: { stroke: "#eef0f3" } },
          {
            stroke: "#5b6470",
            grid: { stroke: "#eef0f3" },
            size: 44,
            values: (_u, ticks) => ticks.map((t) => t.toFixed(1)),
          },
        ],
        legend: { live: true },
      },
      [xs, trend.map((w) => w.average), trend.map(() => 0)],
      element,
    );
    const resize = new ResizeObserver(() => chart.setSize({ width: Math.max(280, element.clientWidth), height: 180 }));
    resize.observe(element);
    return () => {
      resize.disconnect();
      chart.destroy();
    };
  }, [trend]);
  return <div ref={host} className="sentiment-chart" role="img" aria-label="Customer sentiment by week" />;
}
