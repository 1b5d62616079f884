// Account health (0–100), the number the account-health job writes on `account.health`: a weighted
// mean of four parts, each 0–100, over what is known. The formula (README "Account health"):
//   sentiment   40%  mean sentiment of the customer's messages, last 30 days: 50 + 50 × mean
//   open issues 25%  100 − 10 per open issue − 10 more per urgent/high one (floor 0)
//   CSAT        20%  mean rating, last 90 days, 1–5 → 0–100
//   recency     15%  days since the customer last wrote: ≤ 14 → 100, then down to 30 at 90 days
// A part with no data (no messages, no ratings) drops out and the others' weights are scaled up;
// an account with neither sentiment, CSAT nor any message is not scored (null).

export type HealthFactor = "sentiment" | "open_issues" | "csat" | "recency";

export interface HealthDriver {
  factor: HealthFactor;
  /** The part's own score, 0–100. */
  score: number;
  /** Its share of the health number after missing parts dropped out (0–1). */
  weight: number;
  /** What it was computed from, for people. */
  detail: string;
}

export interface HealthInputs {
  /** Mean sentiment (−1…1) of the customer's messages in the last 30 days, and how many. */
  sentiment: { average: number; messages: number } | null;
  openIssues: number;
  /** Open issues at urgent or high priority. */
  urgentOpenIssues: number;
  /** Mean CSAT rating (1–5) of the last 90 days, and how many. */
  csat: { average: number; responses: number } | null;
  /** Whole days since the customer's latest message; null: never wrote. */
  daysSinceCustomerMessage: number | null;
}

export interface Health {
  score: number;
  drivers: HealthDriver[];
}

export const HEALTH_WEIGHTS: Readonly<Record<HealthFactor, number>> = {
  sentiment: 0.4,
  open_issues: 0.25,
  csat: 0.2,
  recency: 0.15,
};

export function accountHealth(inputs: HealthInputs): Health | null {
  const parts: Omit<HealthDriver, "weight">[] = [];
  if (inputs.sentiment) {
    const { average, messages } = inputs.sentiment;
    parts.push({
      factor: "sentiment",
      score: clamp(50 + 50 * average),
      detail: `mean ${signed(average)} over ${messages} customer message${messages === 1 ? "" : "s"} (30 days)`,
    });
  }
  if (inputs.csat) {
    const { average, responses } = inputs.csat;
    parts.push({
      factor: "csat",
      score: clamp(((average - 1) / 4) * 100),
      detail: `${average.toFixed(1)} / 5 over ${responses} rating${responses === 1 ? "" : "s"} (90 days)`,
    });
  }
  const days = inputs.daysSinceCustomerMessage;
  if (days !== null) {
    parts.push({
      factor: "recency",
      score: clamp(days <= 14 ? 100 : days >= 90 ? 30 : 100 - ((days - 14) / 76) * 70),
      detail: days === 0 ? "wrote today" : `last wrote ${days} day${days === 1 ? "" : "s"} ago`,
    });
  }
  if (parts.length === 0) return null;
  parts.push({
    factor: "open_issues",
    score: clamp(100 - 10 * inputs.openIssues - 10 * inputs.urgentOpenIssues),
    detail: `${inputs.openIssues} open, ${inputs.urgentOpenIssues} urgent or high`,
  });
  const total = parts.reduce((s, p) => s + HEALTH_WEIGHTS[p.factor], 0);
  const drivers = parts
    .map((p) => ({ ...p, score: Math.round(p.score), weight: round2(HEALTH_WEIGHTS[p.factor] / total) }))
    .sort((a, b) => b.weight * (100 - b.score) - a.weight * (100 - a.score));
  const score = Math.round(parts.reduce((s, p) => s + (p.score * HEALTH_WEIGHTS[p.factor]) / total, 0));
  return { score, drivers };
}

const clamp = (n: number) => Math.max(0, Math.min(100, n));
const round2 = (n: number) => Math.round(n * 100) / 100;
const signed = (n: number) => `${n > 0 ? "+" : ""}${n.toFixed(2)}`;
