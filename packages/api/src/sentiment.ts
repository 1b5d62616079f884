// Customer sentiment (the account 360, accounts views by sentiment change, a message's sentiment)
// and account health with what drove it. Scores run −1 (very negative) … +1 (very positive).
import { z } from "zod";
import { Account } from "./accounts";
import { ListQuery } from "./primitives";
import { Timestamp, type Wire } from "./responses";
import { issueStates } from "./vocabulary";

export const SentimentLabel = z.enum(["negative", "neutral", "positive"]);

/** A phrase that moved the score, with what it added (negative pulls down). */
export const SentimentPhrase = z.strictObject({ text: z.string(), weight: z.number() });

/** A customer message's sentiment (agents only; null for agents' messages and notes). */
export const MessageSentiment = z.strictObject({
  score: z.number(),
  label: SentimentLabel,
  phrases: z.array(SentimentPhrase),
});

/** An account's sentiment: this week (7 days) against the 28 days before, and the last 30 days. */
export const AccountSentimentSummary = z.strictObject({
  current: z.number().nullable(),
  baseline: z.number().nullable(),
  /** current − baseline (neutral 0 stands in for a missing baseline); null without messages this week. */
  change: z.number().nullable(),
  recent: z.number().nullable(),
  label: SentimentLabel.nullable(),
  messagesThisWeek: z.number().int(),
  messagesRecent: z.number().int(),
  /** Fell by 0.2 or more this week. */
  dropped: z.boolean(),
});

export const HealthDriver = z.strictObject({
  factor: z.enum(["sentiment", "open_issues", "csat", "recency"]),
  score: z.number().int(),
  weight: z.number(),
  detail: z.string(),
});

export const AccountSentiment = z.strictObject({
  summary: AccountSentimentSummary.nullable(),
  /** Mean per UTC week (Monday), last 12 weeks, oldest first; null: no customer message that week. */
  trend: z.array(z.strictObject({ week: z.string(), average: z.number().nullable(), messages: z.number().int() })),
  /** Issues with scored customer messages in the last 90 days, latest first (at most 30). */
  issues: z.array(
    z.strictObject({
      number: z.number().int(),
      title: z.string(),
      state: z.enum(issueStates),
      latest: z.number(),
      latestLabel: SentimentLabel,
      average: z.number(),
      messages: z.number().int(),
      lastAt: Timestamp,
      phrases: z.array(SentimentPhrase),
    }),
  ),
  /** As the account-health job last wrote it. */
  health: z
    .strictObject({ score: z.number().int(), computedAt: Timestamp.nullable(), drivers: z.array(HealthDriver) })
    .nullable(),
});
export type AccountSentiment = Wire<typeof AccountSentiment>;

/**
 * GET /accounts filters: `sentiment=dropped` (fell ≥ 0.2 this week), `negative` / `positive`
 * (last 30 days); `renewalWithinDays=N` (renews in the next N days); `sort`. A sorted or
 * sentiment-filtered list answers its first `limit` accounts (no further pages).
 */
export const AccountListQuery = ListQuery.extend({
  sentiment: z.enum(["dropped", "negative", "positive"]).optional(),
  renewalWithinDays: z.coerce.number().int().min(0).max(730).optional(),
  sort: z.enum(["created", "sentiment_change", "health", "renewal"]).optional(),
});

export const AccountListItem = Account.extend({ sentiment: AccountSentimentSummary.nullable() });
export type AccountListItem = Wire<typeof AccountListItem>;
