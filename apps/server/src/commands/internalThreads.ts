// Internal threads: the internal Slack channels admins list (slack_channel.kind = internal), a
// question about an issue asked there, and what comes back. Everything that crosses an internal
// thread is an internal note: nothing here can be delivered to a customer.
import { and, eq, sql } from "drizzle-orm";
import { internalThreads, issues, messages, slackChannels } from "../db/schema";
import { conflict, notFound } from "../domain/errors";
import { authorize } from "./authorize";
import type { CommandContext } from "./context";
import { loadIssueForUpdate } from "./lookup";
import { addMessage, addMessageToIssueId } from "./messages";

export interface InternalChannelInput {
  slackChannelId: string;
  name: string;
  purpose: string;
}

/** Marks a Slack channel internal. A channel shared with another organisation never can be. */
export async function saveInternalChannel(ctx: CommandContext, input: InternalChannelInput) {
  authorize(ctx, "settings.write");
  const [existing] = await ctx.tx
    .select()
    .from(slackChannels)
    .where(and(eq(slackChannels.workspaceId, ctx.workspaceId), eq(slackChannels.slackChannelId, input.slackChannelId)));
  if (existing?.isExtShared)
    throw conflict(`#${existing.name} is shared with another organisation: internal questions there would reach them.`);
  if (existing?.accountId)
    throw conflict(`#${existing.name} is a customer's channel (mapped to an account). Unmap it first.`);
  const values = { name: input.name, purpose: input.purpose, kind: "internal" as const, updatedAt: new Date() };
  const [row] = await ctx.tx
    .insert(slackChannels)
    .values({ workspaceId: ctx.workspaceId, slackChannelId: input.slackChannelId, ...values })
    .onConflictDoUpdate({ target: [slackChannels.workspaceId, slackChannels.slackChannelId], set: values })
    .returning();
  if (!row) throw new Error("internal channel upsert returned nothing");
  await ctx.notify({ kind: "settings", id: row.id, action: "internal_channel.saved" });
  return row;
}

export async function updateInternalChannel(
  ctx: CommandContext,
  id: string,
  input: { name?: string; purpose?: string },
) {
  authorize(ctx, "settings.write");
  const [row] = await ctx.tx
    .update(slackChannels)
    .set({ ...input, updatedAt: new Date() })
    .where(internalChannel(ctx, id))
    .returning();
  if (!row) throw notFound("Internal channel");
  await ctx.notify({ kind: "settings", id: row.id, action: "internal_channel.saved" });
  return row;
}

/** The channel stays known (and its threads on their issues), as an unmapped channel. */
export async function removeInternalChannel(ctx: CommandContext, id: string) {
  authorize(ctx, "settings.write");
  const [row] = await ctx.tx
    .update(slackChannels)
    .set({ kind: "customer", purpose: null, updatedAt: new Date() })
    .where(internalChannel(ctx, id))
    .returning({ id: slackChannels.id });
  if (!row) throw notFound("Internal channel");
  await ctx.notify({ kind: "settings", id: row.id, action: "internal_channel.removed" });
}

const internalChannel = (ctx: CommandContext, id: string) =>
  and(eq(slackChannels.workspaceId, ctx.workspaceId), eq(slackChannels.id, id), eq(slackChannels.kind, "internal"));

/** Opens a thread on the issue; the card is posted by the `internal.post` job. */
export async function startInternalThread(
  ctx: CommandContext,
  number: number,
  input: { channelId: string; question: string },
) {
  authorize(ctx, "message.write");
  const issue = await loadIssueForUpdate(ctx, number);
  const [channel] = await ctx.tx
    .select({ id: slackChannels.id })
    .from(slackChannels)
    .where(internalChannel(ctx, input.channelId));
  if (!channel) throw notFound("Internal channel");
  const [thread] = await ctx.tx
    .insert(internalThreads)
    .values({
      workspaceId: ctx.workspaceId,
      issueId: issue.id,
      slackChannelId: channel.id,
      question: input.question,
      createdByUserId: ctx.actor.type === "user" ? ctx.actor.userId : null,
    })
    .returning();
  if (!thread) throw new Error("internal thread insert returned nothing");
  await ctx.enqueue("internal.post", { threadId: thread.id });
  await ctx.notify({ kind: "issue", id: issue.id, issueNumber: issue.number, action: "internal_thread.started" });
  return thread;
}

/** A note written on the issue for the thread: stored as an internal note, posted by `internal.note`. */
export async function noteToInternalThread(ctx: CommandContext, number: number, threadId: string, body: string) {
  authorize(ctx, "message.write");
  const issue = await loadIssueForUpdate(ctx, number);
  const thread = await threadOfIssue(ctx, issue.id, threadId);
  if (thread.status === "failed")
    throw conflict(`This thread never reached Slack: ${thread.error ?? "Slack refused it"}.`);
  const { message } = await addMessage(ctx, issue, { visibility: "internal", bodyText: body });
  await ctx.tx.update(messages).set({ internalThreadId: thread.id }).where(eq(messages.id, message.id));
  await ctx.enqueue("internal.note", { messageId: message.id });
  return message;
}

async function threadOfIssue(ctx: CommandContext, issueId: string, threadId: string) {
  const [thread] = await ctx.tx
    .select()
    .from(internalThreads)
    .where(
      and(
        eq(internalThreads.workspaceId, ctx.workspaceId),
        eq(internalThreads.issueId, issueId),
        eq(internalThreads.id, threadId),
      ),
    );
  if (!thread) throw notFound("Internal thread");
  return thread;
}

export interface InternalReplyInput {
  /** slack_channel.id of the internal channel and the thread's root ts. */
  channelId: string;
  threadTs: string;
  /** messageKey(channel, ts): a redelivered reply collides on it. */
  externalId: string;
  text: string;
  /** A colleague who is a Switchboard user, or only a name (Product, Engineering …). */
  author: { userId: string } | { name: string };
  at: Date;
}

/** A colleague's reply in an internal thread: an internal note on its issue, with their name. */
export async function recordInternalReply(ctx: CommandContext, input: InternalReplyInput): Promise<boolean> {
  const [thread] = await ctx.tx
    .select()
    .from(internalThreads)
    .where(
      and(
        eq(internalThreads.workspaceId, ctx.workspaceId),
        eq(internalThreads.slackChannelId, input.channelId),
        eq(internalThreads.threadTs, input.threadTs),
      ),
    );
  if (!thread) return false;
  const author =
    "userId" in input.author ? { type: "user" as const, userId: input.author.userId } : { type: "system" as const };
  const { message, duplicate } = await addMessageToIssueId(ctx, thread.issueId, {
    visibility: "internal",
    bodyText: input.text,
    author,
    channel: "slack",
    externalId: input.externalId,
    inbound: true,
    createdAt: input.at,
  });
  if (duplicate) return false;
  await ctx.tx
    .update(messages)
    .set({ internalThreadId: thread.id, authorName: "name" in input.author ? input.author.name : null })
    .where(eq(messages.id, message.id));
  await ctx.tx
    .update(internalThreads)
    .set({
      replyCount: sql`${internalThreads.replyCount} + 1`,
      lastReplyAt: input.at,
      status: sql`CASE WHEN ${internalThreads.status} = 'resolved' THEN 'resolved' ELSE 'answered' END`,
      updatedAt: new Date(),
    })
    .where(eq(internalThreads.id, thread.id));
  return true;
}

/**
 * Committed before the card goes to Slack: a retry that finds it set cannot know whether the card
 * reached Slack (a crash between Slack's answer and recording it) and looks for it first.
 */
export async function recordInternalCardAttempt(ctx: CommandContext, threadId: string, at: Date) {
  await ctx.tx
    .update(internalThreads)
    .set({ cardAttemptedAt: at, updatedAt: new Date() })
    .where(and(eq(internalThreads.workspaceId, ctx.workspaceId), eq(internalThreads.id, threadId)));
}

/** The outcome of posting a thread's card: its ts (the thread root), or Slack's refusal. */
export async function recordInternalCard(
  ctx: CommandContext,
  threadId: string,
  outcome: { threadTs: string } | { error: string },
) {
  const [row] = await ctx.tx
    .update(internalThreads)
    .set(
      "threadTs" in outcome
        ? { threadTs: outcome.threadTs, status: "open", error: null, updatedAt: new Date() }
        : { status: "failed", error: outcome.error, updatedAt: new Date() },
    )
    .where(and(eq(internalThreads.workspaceId, ctx.workspaceId), eq(internalThreads.id, threadId)))
    .returning();
  if (row) await notifyThread(ctx, row.issueId, "internal_thread.posted");
}

/** Realtime: the issue's page re-reads its threads. */
async function notifyThread(ctx: CommandContext, issueId: string, action: string) {
  const [issue] = await ctx.tx.select({ number: issues.number }).from(issues).where(eq(issues.id, issueId));
  await ctx.notify({ kind: "issue", id: issueId, ...(issue && { issueNumber: issue.number }), action });
}

/** Committed before a note goes to its Slack thread (see recordInternalCardAttempt). */
export async function recordInternalNoteAttempt(ctx: CommandContext, messageId: string, at: Date) {
  await ctx.tx
    .update(messages)
    .set({ internalPostAttemptedAt: at })
    .where(and(eq(messages.workspaceId, ctx.workspaceId), eq(messages.id, messageId)));
}

/** A note posted in its Slack thread: its Slack id, so a retried job does not post it twice. */
export async function recordInternalNoteSent(ctx: CommandContext, messageId: string, externalId: string) {
  await ctx.tx
    .update(messages)
    .set({ externalId })
    .where(and(eq(messages.workspaceId, ctx.workspaceId), eq(messages.id, messageId)));
}

/** The issue closed: each of its threads got its resolution line. */
export async function resolveInternalThread(ctx: CommandContext, threadId: string, at: Date) {
  const [row] = await ctx.tx
    .update(internalThreads)
    .set({ status: "resolved", resolvedAt: at, updatedAt: new Date() })
    .where(and(eq(internalThreads.workspaceId, ctx.workspaceId), eq(internalThreads.id, threadId)))
    .returning({ issueId: internalThreads.issueId });
  if (row) await notifyThread(ctx, row.issueId, "internal_thread.resolved");
}
