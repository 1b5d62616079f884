// Read models of internal threads: the internal channels, an issue's threads, and what the Slack
// side needs to post a card, a note or a resolution line.
import { and, asc, eq, isNotNull, ne } from "drizzle-orm";
import type { Executor } from "../db/connect";
import { accounts, internalThreads, issues, messages, slackChannels, users } from "../db/schema";

export async function listInternalChannels(db: Executor, workspaceId: string) {
  return db
    .select({
      id: slackChannels.id,
      slackChannelId: slackChannels.slackChannelId,
      name: slackChannels.name,
      purpose: slackChannels.purpose,
    })
    .from(slackChannels)
    .where(and(eq(slackChannels.workspaceId, workspaceId), eq(slackChannels.kind, "internal")))
    .orderBy(asc(slackChannels.name));
}

export type InternalThreadRow = Awaited<ReturnType<typeof listInternalThreads>>[number];

export async function listInternalThreads(db: Executor, workspaceId: string, issueId: string) {
  return db
    .select({
      thread: internalThreads,
      channel: { id: slackChannels.id, name: slackChannels.name, slackChannelId: slackChannels.slackChannelId },
      createdBy: { id: users.id, name: users.name },
    })
    .from(internalThreads)
    .innerJoin(slackChannels, eq(slackChannels.id, internalThreads.slackChannelId))
    .leftJoin(users, eq(users.id, internalThreads.createdByUserId))
    .where(and(eq(internalThreads.workspaceId, workspaceId), eq(internalThreads.issueId, issueId)))
    .orderBy(asc(internalThreads.createdAt), asc(internalThreads.id));
}

/** A thread with its channel and the issue facts its card shows. */
export async function internalThreadCard(db: Executor, workspaceId: string, threadId: string) {
  const [row] = await db
    .select({
      thread: internalThreads,
      channel: slackChannels,
      issue: { number: issues.number, title: issues.title, state: issues.state },
      account: { name: accounts.name, tier: accounts.tier },
      askedBy: users.name,
    })
    .from(internalThreads)
    .innerJoin(slackChannels, eq(slackChannels.id, internalThreads.slackChannelId))
    .innerJoin(issues, eq(issues.id, internalThreads.issueId))
    .leftJoin(accounts, eq(accounts.id, issues.accountId))
    .leftJoin(users, eq(users.id, internalThreads.createdByUserId))
    .where(and(eq(internalThreads.workspaceId, workspaceId), eq(internalThreads.id, threadId)));
  return row;
}

/** A note for an internal thread, with where it goes and who wrote it. */
export async function internalNoteToPost(db: Executor, workspaceId: string, messageId: string) {
  const [row] = await db
    .select({
      message: {
        id: messages.id,
        bodyText: messages.bodyText,
        externalId: messages.externalId,
        attemptedAt: messages.internalPostAttemptedAt,
      },
      thread: { id: internalThreads.id, threadTs: internalThreads.threadTs, status: internalThreads.status },
      slackChannelId: slackChannels.slackChannelId,
      kind: slackChannels.kind,
      author: users.name,
    })
    .from(messages)
    .innerJoin(internalThreads, eq(internalThreads.id, messages.internalThreadId))
    .innerJoin(slackChannels, eq(slackChannels.id, internalThreads.slackChannelId))
    .leftJoin(users, eq(users.id, messages.authorUserId))
    .where(and(eq(messages.workspaceId, workspaceId), eq(messages.id, messageId), eq(messages.visibility, "internal")));
  return row;
}

/** Threads of an issue that reached Slack and were not resolved yet. */
export async function unresolvedInternalThreads(db: Executor, workspaceId: string, issueId: string) {
  return db
    .select({
      id: internalThreads.id,
      threadTs: internalThreads.threadTs,
      slackChannelId: slackChannels.slackChannelId,
    })
    .from(internalThreads)
    .innerJoin(slackChannels, eq(slackChannels.id, internalThreads.slackChannelId))
    .where(
      and(
        eq(internalThreads.workspaceId, workspaceId),
        eq(internalThreads.issueId, issueId),
        isNotNull(internalThreads.threadTs),
        ne(internalThreads.status, "resolved"),
      ),
    );
}
