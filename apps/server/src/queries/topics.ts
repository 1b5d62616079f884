// Common topics, the reads: the questions the topics job clusters, and the ranked topics with
// size, trend (the last 7 days against the weekly average of the 28 before) and examples. A
// topic's questions and issues are read through the reader's scope (visibility.ts).
import { and, asc, count, desc, eq, inArray, type SQL, sql } from "drizzle-orm";
import type { Executor } from "../db/connect";
import { accounts, issues, topicQuestions, topicStates, topics } from "../db/schema";
import { notFound } from "../domain/errors";
import { newestFirst } from "./pagination";
import type { ReadScope } from "./scope";
import { issueVisibility } from "./visibility";

const WEEK_MS = 7 * 24 * 3600_000;
/** Weeks in a topic's sparkline, this one included. */
export const SPARK_WEEKS = 8;

/** Every question of the workspace, oldest first (the order a full clustering reads them in). */
export function questionsToCluster(db: Executor, workspaceId: string) {
  return db
    .select({ messageId: topicQuestions.messageId, text: topicQuestions.text, topicId: topicQuestions.topicId })
    .from(topicQuestions)
    .where(eq(topicQuestions.workspaceId, workspaceId))
    .orderBy(asc(topicQuestions.askedAt), asc(topicQuestions.messageId));
}

export function topicsOf(db: Executor, workspaceId: string) {
  return db
    .select({ id: topics.id, createdAt: topics.createdAt })
    .from(topics)
    .where(eq(topics.workspaceId, workspaceId))
    .orderBy(asc(topics.createdAt), asc(topics.id));
}

/**
 * Workspaces with customer messages the topics job has not looked at yet, and (`all`) those
 * with any question. Questions in no topic alone do not count: they are looked at again when
 * new ones arrive, not every turn of the schedule.
 */
export async function workspacesWithQuestions(db: Executor, all = false): Promise<string[]> {
  const rows = all ? await db.selectDistinct({ workspaceId: topicQuestions.workspaceId }).from(topicQuestions) : [];
  const fresh = await db.execute(sql`SELECT w.id AS workspace_id FROM workspace w
    LEFT JOIN topic_state s ON s.workspace_id = w.id
    WHERE EXISTS (SELECT 1 FROM message m WHERE m.workspace_id = w.id AND m.author_type = 'contact'
      AND m.created_at > coalesce(s.messages_through, 'epoch'::timestamptz))`);
  const more = (fresh as unknown as { rows: { workspace_id: string }[] }).rows.map((r) => r.workspace_id);
  return [...new Set([...rows.map((r) => r.workspaceId), ...more])];
}

const inVisibleIssue = (scope: ReadScope): SQL =>
  sql`${topicQuestions.issueId} IN (SELECT ${issues.id} FROM ${issues} WHERE ${issueVisibility(scope)})`;

interface TopicStats {
  size: number;
  thisWeek: number;
  previousFourWeeks: number;
  weekly: number[];
}

const emptyStats = (): TopicStats => ({
  size: 0,
  thisWeek: 0,
  previousFourWeeks: 0,
  weekly: new Array<number>(SPARK_WEEKS).fill(0),
});

/** Sizes and weekly counts of the given topics (questions the scope may read). */
async function statsOf(db: Executor, scope: ReadScope, topicIds: string[], now: Date) {
  const stats = new Map<string, TopicStats>();
  if (topicIds.length === 0) return stats;
  const week = sql<number>`floor(extract(epoch from (${now.toISOString()}::timestamptz - ${topicQuestions.askedAt})) / ${WEEK_MS / 1000})::int`;
  const rows = await db
    .select({ topicId: topicQuestions.topicId, week, n: count() })
    .from(topicQuestions)
    .where(
      and(
        eq(topicQuestions.workspaceId, scope.workspaceId),
        inArray(topicQuestions.topicId, topicIds),
        inVisibleIssue(scope),
      ),
    )
    // by position: the week expression holds parameters, which PostgreSQL cannot match by text
    .groupBy(sql.raw("1"), sql.raw("2"));
  for (const row of rows) {
    if (!row.topicId) continue;
    const s = stats.get(row.topicId) ?? {
      size: 0,
      thisWeek: 0,
      previousFourWeeks: 0,
      weekly: new Array<number>(SPARK_WEEKS).fill(0),
    };
    const w = Number(row.week);
    s.size += row.n;
    if (w <= 0) s.thisWeek += row.n;
    else if (w <= 4) s.previousFourWeeks += row.n;
    const slot = SPARK_WEEKS - 1 - Math.max(0, w);
    if (slot >= 0) s.weekly[slot] = (s.weekly[slot] ?? 0) + row.n;
    stats.set(row.topicId, s);
  }
  return stats;
}

const questionColumns = {
  topicId: topicQuestions.topicId,
  messageId: topicQuestions.messageId,
  text: topicQuestions.text,
  askedAt: topicQuestions.askedAt,
  similarity: topicQuestions.similarity,
  issueNumber: issues.number,
  issueTitle: issues.title,
};

/** The `perTopic` most central questions of each topic the scope may read. */
async function examplesOf(db: Executor, scope: ReadScope, topicIds: string[], perTopic: number) {
  if (topicIds.length === 0) return [];
  const ranked = db
    .select({
      ...questionColumns,
      place:
        sql<number>`row_number() OVER (PARTITION BY ${topicQuestions.topicId} ORDER BY ${topicQuestions.similarity} DESC, ${topicQuestions.askedAt} DESC)`.as(
          "place",
        ),
    })
    .from(topicQuestions)
    .innerJoin(issues, eq(issues.id, topicQuestions.issueId))
    .where(
      and(
        eq(topicQuestions.workspaceId, scope.workspaceId),
        inArray(topicQuestions.topicId, topicIds),
        inVisibleIssue(scope),
      ),
    )
    .as("ranked");
  return db.select().from(ranked).where(sql`${ranked.place} <= ${perTopic}`).orderBy(asc(ranked.place));
}

export interface TopicQuestionRow {
  messageId: string;
  text: string;
  askedAt: Date;
  similarity: number;
  issueNumber: number;
  issueTitle: string;
}

export interface TopicRow {
  id: string;
  rank: number;
  label: string;
  terms: string[];
  question: string;
  updatedAt: Date;
  stats: TopicStats;
  examples: TopicQuestionRow[];
}

/** The workspace's topics, most asked first (then most asked this week). */
export async function listTopics(db: Executor, scope: ReadScope, now: Date, limit: number) {
  const rows = await db.select().from(topics).where(eq(topics.workspaceId, scope.workspaceId));
  const stats = await statsOf(
    db,
    scope,
    rows.map((r) => r.id),
    now,
  );
  const empty: TopicStats = {
    size: 0,
    thisWeek: 0,
    previousFourWeeks: 0,
    weekly: new Array<number>(SPARK_WEEKS).fill(0),
  };
  const ranked = rows
    .map((r) => ({ row: r, stats: stats.get(r.id) ?? empty }))
    .filter((t) => t.stats.size > 0)
    .sort(
      (a, b) =>
        b.stats.size - a.stats.size || b.stats.thisWeek - a.stats.thisWeek || a.row.label.localeCompare(b.row.label),
    )
    .slice(0, limit);
  const examples = await examplesOf(
    db,
    scope,
    ranked.map((t) => t.row.id),
    3,
  );
  const items: TopicRow[] = ranked.map((t, i) => ({
    id: t.row.id,
    rank: i + 1,
    label: t.row.label,
    terms: t.row.terms,
    question: t.row.question,
    updatedAt: t.row.updatedAt,
    stats: t.stats,
    examples: examples.filter((e) => e.topicId === t.row.id),
  }));
  const [totals] = await db
    .select({
      questions: count(),
      unassigned: sql<number>`count(*) FILTER (WHERE ${topicQuestions.topicId} IS NULL)`.mapWith(Number),
    })
    .from(topicQuestions)
    .where(and(eq(topicQuestions.workspaceId, scope.workspaceId), inVisibleIssue(scope)));
  const [state] = await db.select().from(topicStates).where(eq(topicStates.workspaceId, scope.workspaceId));
  return {
    items,
    questions: totals?.questions ?? 0,
    unassigned: totals?.unassigned ?? 0,
    clusteredAt: state?.clusteredAt ?? null,
  };
}

/** One topic with its questions (most central first) and their issues (newest first), as the scope may read them. */
export async function getTopic(db: Executor, scope: ReadScope, id: string, now: Date) {
  const [row] = await db
    .select()
    .from(topics)
    .where(and(eq(topics.workspaceId, scope.workspaceId), eq(topics.id, id)));
  if (!row) throw notFound("Topic");
  const stored = await db.select({ id: topics.id }).from(topics).where(eq(topics.workspaceId, scope.workspaceId));
  const everyStat = await statsOf(
    db,
    scope,
    stored.map((t) => t.id),
    now,
  );
  const stats = everyStat.get(id) ?? emptyStats();
  // rank as the list orders: by size, then this week (ties beyond that share the better rank)
  const rank =
    1 +
    [...everyStat.values()].filter((s) => s.size > stats.size || (s.size === stats.size && s.thisWeek > stats.thisWeek))
      .length;
  const questions = await db
    .select(questionColumns)
    .from(topicQuestions)
    .innerJoin(issues, eq(issues.id, topicQuestions.issueId))
    .where(
      and(eq(topicQuestions.workspaceId, scope.workspaceId), eq(topicQuestions.topicId, id), inVisibleIssue(scope)),
    )
    .orderBy(desc(topicQuestions.similarity), desc(topicQuestions.askedAt))
    .limit(200);
  const issueRows = await db
    .select({
      number: issues.number,
      title: issues.title,
      state: issues.state,
      accountId: accounts.id,
      accountName: accounts.name,
      createdAt: issues.createdAt,
    })
    .from(issues)
    .leftJoin(accounts, eq(accounts.id, issues.accountId))
    .where(
      and(
        issueVisibility(scope),
        sql`${issues.id} IN (SELECT ${topicQuestions.issueId} FROM ${topicQuestions}
          WHERE ${topicQuestions.workspaceId} = ${scope.workspaceId} AND ${topicQuestions.topicId} = ${id})`,
      ),
    )
    .orderBy(newestFirst(issues.createdAt))
    .limit(200);
  const topic: TopicRow = {
    id: row.id,
    rank,
    label: row.label,
    terms: row.terms,
    question: row.question,
    updatedAt: row.updatedAt,
    stats,
    examples: questions.slice(0, 3),
  };
  return { topic, questions, issues: issueRows };
}
