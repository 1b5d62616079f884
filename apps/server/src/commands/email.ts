// Email intake on top of `ingestInbound`: decides which issue a mail continues (headers first,
// then the reply token, never the subject text), opens a linked follow-up instead of reopening
// an issue closed too long ago, and records each outbound email in the outbox.
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import { type ParsedToken, replyToken } from "../channels/email/address";
import type { InboundMessage } from "../channels/inbound";
import type { Executor } from "../db/connect";
import { emailOutbox, issues, messages, quarantine } from "../db/schema";
import type { CommandContext } from "./context";
import { appendEvent } from "./events";
import { type IngestResult, ingestInbound } from "./inbound";
import type { IssueRow } from "./lookup";

export interface EmailIntake {
  /** The message as the channel sees it; threadKey is decided here. */
  inbound: Omit<InboundMessage, "threadKey" | "threadKeyCandidates">;
  /** Message-IDs this mail answers, most recent first (In-Reply-To, then References reversed). */
  references: string[];
  /** Reply tokens from a plus-address first, then from the subject. */
  tokens: ParsedToken[];
  /** A reply to an issue closed longer ago than this opens a linked follow-up instead. */
  reopenWindowDays: number;
}

export interface EmailIngestResult extends IngestResult {
  followUpOf?: number;
}

export async function ingestEmail(ctx: CommandContext, intake: EmailIntake): Promise<EmailIngestResult> {
  const ownId = intake.inbound.externalId;
  // Its own id last: a reply that arrived before this mail may already have opened the thread.
  const refs = [...intake.references, ownId];
  const known = await knownReferences(ctx, refs);
  const found = (await issueByReferences(ctx, refs, known)) ?? (await issueByToken(ctx, intake.tokens));
  const stale = found && isStale(found, intake.reopenWindowDays, intake.inbound.sentAt) ? found : undefined;
  const continued = stale ? await openFollowUp(ctx, stale, intake.reopenWindowDays, intake.inbound.sentAt) : found;
  const followUpOf = stale && !continued ? stale : undefined;
  const result = await ingestInbound(
    ctx,
    {
      ...intake.inbound,
      // A new thread is keyed by its root Message-ID so replies among other recipients still join.
      threadKey: continued?.threadKey ?? (followUpOf ? ownId : (intake.references.at(-1) ?? ownId)),
      threadKeyCandidates: [],
      source: followUpOf ? { ...intake.inbound.source, followUpOf: String(followUpOf.number) } : intake.inbound.source,
    },
    // Every reference (thread keys and message ids, this mail's own included) was looked up above.
    { thread: continued ?? null, knownNew: !known.some((k) => k.key === ownId && k.source === "message") },
  );
  if (followUpOf && result.createdIssue) {
    await appendEvent(ctx, followUpOf, "linked", {
      relation: "follow_up",
      issueId: result.issue.id,
      number: result.issue.number,
    });
    await appendEvent(ctx, result.issue, "linked", {
      relation: "follow_up_of",
      issueId: followUpOf.id,
      number: followUpOf.number,
    });
  }
  return { ...result, ...(followUpOf && result.createdIssue ? { followUpOf: followUpOf.number } : {}) };
}

/** Closed, not merged, and resolved longer ago than the window. */
export function isStale(issue: IssueRow, windowDays: number, at: Date): boolean {
  if (issue.state !== "closed" || issue.mergedIntoIssueId || !issue.resolvedAt) return false;
  return at.getTime() - issue.resolvedAt.getTime() > windowDays * 86_400_000;
}

interface KnownReference {
  key: string;
  issueId: string;
  source: "message" | "outbox" | "thread";
}

/** Which of these Message-IDs we know: as a stored message, a mail we sent, or a thread's root. */
async function knownReferences(ctx: CommandContext, refs: string[]): Promise<KnownReference[]> {
  const byMessage = ctx.tx
    .select({ key: messages.externalId, issueId: messages.issueId, source: sql<string>`'message'`.as("source") })
    .from(messages)
    .where(
      and(eq(messages.workspaceId, ctx.workspaceId), eq(messages.channel, "email"), inArray(messages.externalId, refs)),
    );
  const byOutbox = ctx.tx
    .select({ key: emailOutbox.rfcMessageId, issueId: emailOutbox.issueId, source: sql<string>`'outbox'` })
    .from(emailOutbox)
    .where(and(eq(emailOutbox.workspaceId, ctx.workspaceId), inArray(emailOutbox.rfcMessageId, refs)));
  const byThread = ctx.tx
    .select({ key: issues.threadKey, issueId: issues.id, source: sql<string>`'thread'` })
    .from(issues)
    .where(and(eq(issues.workspaceId, ctx.workspaceId), eq(issues.channel, "email"), inArray(issues.threadKey, refs)));
  const rows = await byMessage.unionAll(byOutbox).unionAll(byThread);
  return rows.filter((r): r is KnownReference => r.key !== null);
}

/** The email issue named by the most recent Message-ID we know (ours or the customer's), locked. */
async function issueByReferences(
  ctx: CommandContext,
  refs: string[],
  known: KnownReference[],
): Promise<IssueRow | undefined> {
  for (const ref of refs) {
    const hit = known.find((k) => k.key === ref);
    if (hit) return loadEmailIssue(ctx, hit.issueId);
  }
  return undefined;
}

/** A reply token is honoured only when its digest matches the issue it names. */
async function issueByToken(ctx: CommandContext, tokens: ParsedToken[]): Promise<IssueRow | undefined> {
  for (const token of tokens) {
    const [issue] = await ctx.tx
      .select()
      .from(issues)
      .where(and(eq(issues.workspaceId, ctx.workspaceId), eq(issues.number, token.number), eq(issues.channel, "email")))
      .for("update");
    if (issue && replyToken(issue) === token.token) return issue;
  }
  return undefined;
}

/** The newest follow-up already opened for `stale`, if it is still within its own window. */
async function openFollowUp(ctx: CommandContext, stale: IssueRow, windowDays: number, at: Date) {
  const [latest] = await ctx.tx
    .select()
    .from(issues)
    .where(
      and(
        eq(issues.workspaceId, ctx.workspaceId),
        eq(issues.channel, "email"),
        sql`${issues.source}->>'followUpOf' = ${String(stale.number)}`,
      ),
    )
    .orderBy(desc(issues.createdAt))
    .limit(1)
    .for("update");
  return latest && !isStale(latest, windowDays, at) ? latest : undefined;
}

async function loadEmailIssue(ctx: CommandContext, id: string): Promise<IssueRow | undefined> {
  const [issue] = await ctx.tx
    .select()
    .from(issues)
    .where(and(eq(issues.workspaceId, ctx.workspaceId), eq(issues.id, id)))
    .for("update");
  return issue;
}

export type OutboxInput = Omit<typeof emailOutbox.$inferInsert, "workspaceId" | "id" | "createdAt" | "updatedAt">;

/** Records (or updates, on a retry) the outbox row of an outbound email. */
export async function recordOutboundEmail(ctx: CommandContext, input: OutboxInput) {
  const now = new Date();
  const [row] = await ctx.tx
    .insert(emailOutbox)
    .values({ ...input, workspaceId: ctx.workspaceId, attempts: 1, createdAt: now, updatedAt: now })
    .onConflictDoUpdate({
      target: emailOutbox.messageId,
      set: {
        status: input.status,
        error: input.error ?? null,
        sentAt: input.sentAt ?? null,
        attempts: sql`${emailOutbox.attempts} + 1`,
        updatedAt: now,
      },
    })
    .returning();
  return row;
}

/**
 * Noise (auto-replies, bounces, our own mail looping back) is kept for inspection in the
 * quarantine list, already resolved as discarded: nothing for an admin to do, but visible.
 */
export async function recordEmailNoise(
  db: Executor,
  input: { workspaceId: string; reason: string; raw: string; meta: Record<string, unknown> },
) {
  const [row] = await db
    .insert(quarantine)
    .values({ ...input, channel: "email", status: "discarded", resolvedAt: new Date() })
    .returning();
  if (!row) throw new Error("quarantine insert returned nothing");
  return row;
}
