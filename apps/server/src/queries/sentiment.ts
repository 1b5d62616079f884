// Read models of customer sentiment: per account (this week against the four before, the last 30
// days, a weekly trend), per issue (latest and mean, with the phrases that drove them), and the
// inputs of the account-health formula. All read the scored messages (`message.sentiment_score`,
// set when a customer's public message is stored) through their issue's account.
import { and, eq, gte, inArray, isNotNull, lte, ne, type SQL, sql } from "drizzle-orm";
import type { Executor } from "../db/connect";
import { csatResponses, issues, messages, workspaces } from "../db/schema";
import type { HealthInputs } from "../domain/accountHealth";
import type { IssueState } from "../domain/lifecycle";
import { labelOf, type SentimentLabel, type SentimentPhrase } from "../domain/sentiment";

const DAY = 86_400_000;
/** "This week" is the last 7 days; its baseline is the 28 days before. */
export const WEEK_DAYS = 7;
export const BASELINE_DAYS = 28;
/** "Negative" over an account reads the last 30 days. */
export const RECENT_DAYS = 30;
/** A fall of this much (on −1…1) from the baseline is "sentiment dropped this week". */
export const DROP_THRESHOLD = 0.2;

const ago = (now: Date, days: number) => new Date(now.getTime() - days * DAY);

/**
 * Per account, over its scored messages: `current` (last 7 days), `baseline` (the 28 days
 * before; neutral 0 stands in when the account said nothing then), `recent` (30 days). A
 * subquery, so the account list can join, filter and sort by it.
 */
export function accountSentimentSubquery(db: Executor, workspaceId: string, now: Date) {
  const week = ago(now, WEEK_DAYS);
  const recent = ago(now, RECENT_DAYS);
  const avgWhere = (cond: SQL) => sql<number | null>`avg(${messages.sentimentScore}) FILTER (WHERE ${cond})`;
  return db
    .select({
      accountId: sql<string>`${issues.accountId}`.as("sentiment_account_id"),
      current: avgWhere(sql`${messages.createdAt} >= ${week}`).as("sentiment_current"),
      currentMessages: sql<number>`count(*) FILTER (WHERE ${messages.createdAt} >= ${week})`.as("sentiment_current_n"),
      baseline: avgWhere(sql`${messages.createdAt} < ${week}`).as("sentiment_baseline"),
      recent: avgWhere(sql`${messages.createdAt} >= ${recent}`).as("sentiment_recent"),
      recentMessages: sql<number>`count(*) FILTER (WHERE ${messages.createdAt} >= ${recent})`.as("sentiment_recent_n"),
    })
    .from(messages)
    .innerJoin(issues, eq(issues.id, messages.issueId))
    .where(
      and(
        eq(messages.workspaceId, workspaceId),
        isNotNull(messages.sentimentScore),
        gte(messages.createdAt, ago(now, WEEK_DAYS + BASELINE_DAYS)),
        lte(messages.createdAt, now),
        isNotNull(issues.accountId),
      ),
    )
    .groupBy(issues.accountId)
    .as("account_sentiment");
}

export interface AccountSentimentSummary {
  current: number | null;
  baseline: number | null;
  /** current − baseline (neutral 0 when no baseline); null without messages this week. */
  change: number | null;
  recent: number | null;
  label: SentimentLabel | null;
  messagesThisWeek: number;
  messagesRecent: number;
  dropped: boolean;
}

/** One account's row of the subquery as the API shows it. */
export function summarize(row: {
  current: number | string | null;
  baseline: number | string | null;
  recent: number | string | null;
  currentMessages: number | string | null;
  recentMessages: number | string | null;
}): AccountSentimentSummary | null {
  const current = num(row.current);
  const baseline = num(row.baseline);
  const recent = num(row.recent);
  if (current === null && baseline === null) return null;
  const change = current === null ? null : round(current - (baseline ?? 0));
  return {
    current: current === null ? null : round(current),
    baseline: baseline === null ? null : round(baseline),
    change,
    recent: recent === null ? null : round(recent),
    label: recent === null ? null : labelOf(recent),
    messagesThisWeek: Number(row.currentMessages ?? 0),
    messagesRecent: Number(row.recentMessages ?? 0),
    dropped: change !== null && change <= -DROP_THRESHOLD,
  };
}

export interface SentimentWeek {
  /** Monday of the week (UTC), YYYY-MM-DD. */
  week: string;
  average: number | null;
  messages: number;
}

/** Mean sentiment per UTC week over the last `weeks` weeks, oldest first; weeks without messages are null. */
export async function accountSentimentTrend(
  db: Executor,
  workspaceId: string,
  accountId: string,
  now: Date,
  weeks = 12,
): Promise<SentimentWeek[]> {
  const first = mondayOf(ago(now, (weeks - 1) * 7));
  const week = sql<string>`to_char(date_trunc('week', ${messages.createdAt} AT TIME ZONE 'UTC'), 'YYYY-MM-DD')`;
  const rows = await db
    .select({ week, average: sql<number | string>`avg(${messages.sentimentScore})`, n: sql<number>`count(*)::int` })
    .from(messages)
    .innerJoin(issues, eq(issues.id, messages.issueId))
    .where(
      and(
        eq(messages.workspaceId, workspaceId),
        isNotNull(messages.sentimentScore),
        gte(messages.createdAt, first),
        lte(messages.createdAt, now),
        eq(issues.accountId, accountId),
      ),
    )
    .groupBy(week);
  const byWeek = new Map(rows.map((r) => [r.week, r]));
  return Array.from({ length: weeks }, (_, k) => {
    const key = new Date(first.getTime() + k * 7 * DAY).toISOString().slice(0, 10);
    const row = byWeek.get(key);
    return { week: key, average: row ? round(Number(row.average)) : null, messages: row?.n ?? 0 };
  });
}

export interface IssueSentiment {
  number: number;
  title: string;
  state: IssueState;
  latest: number;
  latestLabel: SentimentLabel;
  average: number;
  messages: number;
  lastAt: Date;
  /** The phrases that drove the issue's messages, strongest first. */
  phrases: SentimentPhrase[];
}

/** The account's issues with scored customer messages in the last 90 days, latest first. */
export async function accountIssueSentiments(
  db: Executor,
  workspaceId: string,
  accountId: string,
  now: Date,
): Promise<IssueSentiment[]> {
  const rows = await db
    .select({
      number: issues.number,
      title: issues.title,
      state: issues.state,
      score: messages.sentimentScore,
      phrases: messages.sentimentPhrases,
      at: messages.createdAt,
    })
    .from(messages)
    .innerJoin(issues, eq(issues.id, messages.issueId))
    .where(
      and(
        eq(messages.workspaceId, workspaceId),
        isNotNull(messages.sentimentScore),
        gte(messages.createdAt, ago(now, 90)),
        lte(messages.createdAt, now),
        eq(issues.accountId, accountId),
      ),
    )
    .orderBy(sql`${messages.createdAt} DESC`)
    .limit(500);
  const byIssue = new Map<number, IssueSentiment & { sum: number }>();
  for (const r of rows) {
    const score = r.score ?? 0;
    const seen = byIssue.get(r.number);
    if (seen) {
      seen.sum += score;
      seen.messages += 1;
      seen.phrases.push(...(r.phrases ?? []));
      continue;
    }
    byIssue.set(r.number, {
      number: r.number,
      title: r.title,
      state: r.state,
      latest: score,
      latestLabel: labelOf(score),
      average: 0,
      messages: 1,
      lastAt: r.at,
      sum: score,
      phrases: [...(r.phrases ?? [])],
    });
  }
  return [...byIssue.values()].slice(0, 30).map(({ sum, phrases, ...issue }) => ({
    ...issue,
    average: round(sum / issue.messages),
    phrases: strongestDistinct(phrases),
  }));
}

/** What the account-health formula needs, per account of the workspace (or of `accountIds`). */
export async function healthInputs(
  db: Executor,
  workspaceId: string,
  now: Date,
  accountIds?: readonly string[],
): Promise<Map<string, HealthInputs>> {
  const ofAccounts = accountIds ? inArray(issues.accountId, [...accountIds]) : isNotNull(issues.accountId);
  // One after the other: `db` is a transaction when a command recomputes health, and a
  // connection runs one statement at a time (pg warns, and pg 9 refuses, when asked for two).
  const sentiment = await db
    .select({
      accountId: sql<string>`${issues.accountId}`,
      average: sql<number | string>`avg(${messages.sentimentScore})`,
      n: sql<number>`count(*)::int`,
    })
    .from(messages)
    .innerJoin(issues, eq(issues.id, messages.issueId))
    .where(
      and(
        eq(messages.workspaceId, workspaceId),
        isNotNull(messages.sentimentScore),
        gte(messages.createdAt, ago(now, RECENT_DAYS)),
        lte(messages.createdAt, now),
        ofAccounts,
      ),
    )
    .groupBy(issues.accountId);
  const open = await db
    .select({
      accountId: sql<string>`${issues.accountId}`,
      n: sql<number>`count(*)::int`,
      urgent: sql<number>`count(*) FILTER (WHERE ${issues.priority} IN ('urgent', 'high'))::int`,
    })
    .from(issues)
    .where(and(eq(issues.workspaceId, workspaceId), ne(issues.state, "closed"), ofAccounts))
    .groupBy(issues.accountId);
  const csat = await db
    .select({
      accountId: sql<string>`${issues.accountId}`,
      average: sql<number | string>`avg(${csatResponses.score})`,
      n: sql<number>`count(*)::int`,
    })
    .from(csatResponses)
    .innerJoin(issues, eq(issues.id, csatResponses.issueId))
    .where(and(eq(csatResponses.workspaceId, workspaceId), gte(csatResponses.createdAt, ago(now, 90)), ofAccounts))
    .groupBy(issues.accountId);
  const latest = await db
    .select({
      accountId: sql<string>`${issues.accountId}`,
      at: sql<Date | string | null>`max(${issues.lastCustomerMessageAt})`,
    })
    .from(issues)
    .where(and(eq(issues.workspaceId, workspaceId), ofAccounts))
    .groupBy(issues.accountId);
  const inputs = new Map<string, HealthInputs>();
  const of = (id: string) => {
    let row = inputs.get(id);
    if (!row) {
      row = { sentiment: null, openIssues: 0, urgentOpenIssues: 0, csat: null, daysSinceCustomerMessage: null };
      inputs.set(id, row);
    }
    return row;
  };
  for (const r of sentiment) of(r.accountId).sentiment = { average: Number(r.average), messages: r.n };
  for (const r of open) Object.assign(of(r.accountId), { openIssues: r.n, urgentOpenIssues: r.urgent });
  for (const r of csat) of(r.accountId).csat = { average: Number(r.average), responses: r.n };
  for (const r of latest) {
    if (r.at === null) continue;
    const at = new Date(r.at).getTime();
    of(r.accountId).daysSinceCustomerMessage = Math.max(0, Math.floor((now.getTime() - at) / DAY));
  }
  return inputs;
}

function strongestDistinct(phrases: readonly SentimentPhrase[]): SentimentPhrase[] {
  const best = new Map<string, SentimentPhrase>();
  for (const p of phrases) {
    const seen = best.get(p.text);
    if (!seen || Math.abs(p.weight) > Math.abs(seen.weight)) best.set(p.text, p);
  }
  return [...best.values()].sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight)).slice(0, 8);
}

function mondayOf(date: Date): Date {
  const day = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate());
  const weekday = (new Date(day).getUTCDay() + 6) % 7;
  return new Date(day - weekday * DAY);
}

const num = (v: number | string | null) => (v === null ? null : Number(v));
const round = (n: number) => Math.round(n * 100) / 100;

/** The accounts these issues belong to (each once; issues without one add none). */
export async function accountsOfIssues(db: Executor, workspaceId: string, issueIds: string[]): Promise<string[]> {
  const rows = await db
    .selectDistinct({ accountId: issues.accountId })
    .from(issues)
    .where(and(eq(issues.workspaceId, workspaceId), inArray(issues.id, issueIds), isNotNull(issues.accountId)));
  return rows.flatMap((r) => (r.accountId ? [r.accountId] : []));
}

/** Every workspace's id (the hourly health job visits each). */
export async function workspaceIds(db: Executor): Promise<string[]> {
  return (await db.select({ id: workspaces.id }).from(workspaces)).map((r) => r.id);
}
