// Common topics, the writes: asking for a re-clustering, recording the questions customers asked
// (the first customer message of each issue, and later ones that ask something new), and storing
// what the clustering (ai/topics) decided. The clustering itself runs outside any transaction.
import { and, asc, eq, gt, inArray, isNull, sql } from "drizzle-orm";
import { messages, topicQuestions, topicStates, topics } from "../db/schema";
import { isNewQuestion, questionText } from "../domain/topics";
import { authorize } from "./authorize";
import { type CommandContext, nowOf } from "./context";

export type ReclusterMode = "full" | "incremental";

export async function requestRecluster(ctx: CommandContext, mode: ReclusterMode): Promise<void> {
  authorize(ctx, "issue.write");
  await ctx.enqueue("topics.cluster", { mode });
}

/** A message committed this long after its creation time is still seen (the read overlaps). */
const LATE_COMMIT_MS = 5 * 60_000;
const BATCH = 2_000;

/**
 * Records the questions among customer messages created since the last look: every issue's
 * first customer message, and later customer messages that ask something new (`isNewQuestion`).
 * Reads overlap the last look by a few minutes, so a message committed late is not skipped; a
 * question already recorded is kept as it is; `fromStart` reads every customer message again (the
 * weekly full run: picks up history imported with past dates). Returns how many questions were added.
 */
export async function collectQuestions(
  ctx: CommandContext,
  words: (text: string) => string[],
  options: { fromStart?: boolean } = {},
): Promise<number> {
  const [state] = await ctx.tx.select().from(topicStates).where(eq(topicStates.workspaceId, ctx.workspaceId));
  let since =
    state?.messagesThrough && !options.fromStart
      ? new Date(state.messagesThrough.getTime() - LATE_COMMIT_MS)
      : new Date(0);
  let added = 0;
  for (;;) {
    const batch = await customerMessagesAfter(ctx, since);
    if (batch.length === 0) break;
    const firsts = await firstCustomerMessages(
      ctx,
      batch.map((m) => m.issueId),
    );
    const questions = batch.filter((m) => {
      const first = firsts.get(m.issueId);
      return !first || first.id === m.id || isNewQuestion(m.bodyText, first.bodyText, words);
    });
    if (questions.length > 0) {
      const inserted = await ctx.tx
        .insert(topicQuestions)
        .values(
          questions.map((m) => ({
            messageId: m.id,
            workspaceId: ctx.workspaceId,
            issueId: m.issueId,
            text: questionText(m.bodyText),
            askedAt: m.createdAt,
          })),
        )
        .onConflictDoNothing()
        .returning({ id: topicQuestions.messageId });
      added += inserted.length;
    }
    since = batch[batch.length - 1]?.createdAt ?? since;
    if (batch.length < BATCH) break;
  }
  const through = since.getTime() > (state?.messagesThrough?.getTime() ?? 0) ? since : (state?.messagesThrough ?? null);
  await ctx.tx
    .insert(topicStates)
    .values({ workspaceId: ctx.workspaceId, messagesThrough: through })
    .onConflictDoUpdate({ target: topicStates.workspaceId, set: { messagesThrough: through } });
  return added;
}

function customerMessagesAfter(ctx: CommandContext, since: Date) {
  return ctx.tx
    .select({ id: messages.id, issueId: messages.issueId, bodyText: messages.bodyText, createdAt: messages.createdAt })
    .from(messages)
    .where(
      and(
        eq(messages.workspaceId, ctx.workspaceId),
        eq(messages.authorType, "contact"),
        eq(messages.visibility, "public"),
        isNull(messages.deletedAt),
        gt(messages.createdAt, since),
      ),
    )
    .orderBy(asc(messages.createdAt), asc(messages.id))
    .limit(BATCH);
}

/** Each issue's first customer message (what the customer opened the issue with). */
async function firstCustomerMessages(ctx: CommandContext, issueIds: string[]) {
  const rows = await ctx.tx
    .selectDistinctOn([messages.issueId], { id: messages.id, issueId: messages.issueId, bodyText: messages.bodyText })
    .from(messages)
    .where(
      and(
        eq(messages.workspaceId, ctx.workspaceId),
        inArray(messages.issueId, [...new Set(issueIds)]),
        eq(messages.authorType, "contact"),
        isNull(messages.deletedAt),
      ),
    )
    .orderBy(messages.issueId, asc(messages.createdAt), asc(messages.id));
  return new Map(rows.map((r) => [r.issueId, r]));
}

export interface ClusteredTopic {
  /** the stored topic this cluster continues, or null for a new one */
  id: string | null;
  label: string;
  terms: string[];
  question: string;
}

export interface ClusteringPlan {
  topics: ClusteredTopic[];
  /** every question whose topic or similarity changed; `topic` indexes `topics`, -1: none */
  questions: { messageId: string; topic: number; similarity: number }[];
  /** stored topics no cluster continues */
  removed: string[];
}

/** Stores a clustering: topics kept, added and removed, and each question's topic, in one transaction. */
export async function saveClustering(ctx: CommandContext, plan: ClusteringPlan): Promise<string[]> {
  const now = nowOf(ctx);
  const ws = ctx.workspaceId;
  if (plan.removed.length > 0) {
    await ctx.tx.delete(topics).where(and(eq(topics.workspaceId, ws), inArray(topics.id, plan.removed)));
  }
  const ids: string[] = [];
  for (const topic of plan.topics) {
    const values = { label: topic.label, terms: topic.terms, question: topic.question, updatedAt: now };
    if (topic.id) {
      await ctx.tx
        .update(topics)
        .set(values)
        .where(and(eq(topics.workspaceId, ws), eq(topics.id, topic.id)));
      ids.push(topic.id);
    } else {
      const [row] = await ctx.tx
        .insert(topics)
        .values({ ...values, workspaceId: ws })
        .returning({ id: topics.id });
      if (!row) throw new Error("topic insert returned nothing");
      ids.push(row.id);
    }
  }
  for (let start = 0; start < plan.questions.length; start += 10_000) {
    const chunk = plan.questions.slice(start, start + 10_000);
    const column = <T>(read: (q: (typeof chunk)[number]) => T) => sql.param(chunk.map(read));
    await ctx.tx.execute(sql`UPDATE ${topicQuestions} AS q SET topic_id = u.topic_id, similarity = u.similarity
      FROM unnest(${column((q) => q.messageId)}::uuid[], ${column((q) => ids[q.topic] ?? null)}::uuid[],
        ${column((q) => q.similarity)}::real[]) AS u(message_id, topic_id, similarity)
      WHERE q.workspace_id = ${ws}::uuid AND q.message_id = u.message_id`);
  }
  await ctx.tx
    .insert(topicStates)
    .values({ workspaceId: ws, clusteredAt: now })
    .onConflictDoUpdate({ target: topicStates.workspaceId, set: { clusteredAt: now } });
  return ids;
}
