// The account's customer sentiment on its 360: this week against before, a 12-week trend (uPlot,
// the chart library analytics uses), the health number with what drove it, and each issue's
// sentiment with the phrases behind it (hover for the title, click to expand).
import type { AccountSentiment } from "@switchboard/api";
import { lazy, Suspense } from "react";
import { Link } from "wouter";
import { ChartBoundary } from "../../ui/ChartBoundary";
import { ageLabel } from "../../ui/time";

type Sentiment = AccountSentiment;

// uPlot reads the browser's locale when it loads: kept out of the main bundle (as analytics does),
// so a browser whose locale Intl refuses still gets every other page.
const SentimentTrend = lazy(() => import("./SentimentTrend").then((m) => ({ default: m.SentimentTrend })));

const FACTOR_LABEL = {
  sentiment: "Sentiment",
  open_issues: "Open issues",
  csat: "CSAT",
  recency: "Recency",
} as const;

export const signed = (n: number) => `${n > 0 ? "+" : ""}${n.toFixed(2)}`;

export function sentimentClass(label: string | null | undefined) {
  return label === "negative"
    ? "sentiment-negative"
    : label === "positive"
      ? "sentiment-positive"
      : "sentiment-neutral";
}

export function HealthCard({ health }: { health: Sentiment["health"] }) {
  if (!health) return <p className="muted">Not scored yet: nobody at the account has written.</p>;
  return (
    <div className="health-box">
      <p className="health-score">
        <strong className={health.score < 50 ? "health-low" : health.score < 70 ? "health-mid" : "health-ok"}>
          {health.score}
        </strong>
        <span className="muted"> / 100</span>
        {health.computedAt && <span className="muted small"> · computed {ageLabel(health.computedAt)} ago</span>}
      </p>
      <ul className="plain-list health-drivers" aria-label="What drove the health score">
        {health.drivers.map((d) => (
          <li key={d.factor}>
            <span className="driver-bar" aria-hidden="true">
              <span style={{ width: `${d.score}%` }} />
            </span>
            <strong>{FACTOR_LABEL[d.factor]}</strong> {d.score}
            <span className="muted small">
              {" "}
              · weight {Math.round(d.weight * 100)}% · {d.detail}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}

export function SentimentSection({ sentiment }: { sentiment: Sentiment }) {
  const s = sentiment.summary;
  const hasTrend = sentiment.trend.some((w) => w.average !== null);
  return (
    <div className="sentiment-box">
      {s ? (
        <p className="sentiment-summary">
          This week{" "}
          <strong
            className={sentimentClass(
              s.current === null ? null : s.current < -0.15 ? "negative" : s.current > 0.15 ? "positive" : "neutral",
            )}
          >
            {s.current === null ? "no messages" : signed(s.current)}
          </strong>
          {s.change !== null && (
            <span className={s.dropped ? "sentiment-drop" : "muted"}>
              {" "}
              ({signed(s.change)} vs the 4 weeks before{s.dropped ? " · dropped" : ""})
            </span>
          )}
          <span className="muted small"> · {s.messagesThisWeek} customer messages this week</span>
        </p>
      ) : (
        <p className="muted">No customer messages in the last five weeks.</p>
      )}
      {hasTrend && (
        <ChartBoundary>
          <Suspense fallback={<div className="sentiment-chart muted small">Loading chart…</div>}>
            <SentimentTrend trend={sentiment.trend} />
          </Suspense>
        </ChartBoundary>
      )}
      {sentiment.issues.length > 0 && (
        <ul className="plain-list issue-sentiments" aria-label="Sentiment per issue">
          {sentiment.issues.map((i) => (
            <li key={i.number}>
              <details>
                <summary
                  title={i.phrases.map((p) => `${p.text} (${signed(p.weight)})`).join(", ") || "No sentiment phrases"}
                >
                  <span
                    className={`sentiment-dot ${sentimentClass(i.latestLabel)}`}
                    role="img"
                    aria-label={i.latestLabel}
                  />
                  <Link href={`/issues/${i.number}`}>
                    <span className="muted">#{i.number}</span> {i.title}
                  </Link>
                  <span className="muted small nowrap">
                    {" "}
                    latest {signed(i.latest)} · mean {signed(i.average)} · {i.messages} msg
                  </span>
                </summary>
                {i.phrases.length === 0 ? (
                  <p className="muted small">Nothing in the messages read as positive or negative.</p>
                ) : (
                  <ul className="phrase-list">
                    {i.phrases.map((p) => (
                      <li key={p.text} className={p.weight < 0 ? "sentiment-negative" : "sentiment-positive"}>
                        “{p.text}” {signed(p.weight)}
                      </li>
                    ))}
                  </ul>
                )}
              </details>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
