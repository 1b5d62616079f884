// Broadcasts: compose (draft), send now or at a time, cancel, retry failures. Recipients are
// materialised when sending begins, one row each; a delivery job claims rows (intent recorded
// before the send), records each outcome, and a customer's reply opens an issue linked here.
import { and, eq, inArray, isNull, lt, notLike, or, sql } from "drizzle-orm";
import { accounts, broadcastRecipients, broadcasts, issues } from "../db/schema";
import type { StoredAudience } from "../db/schema/broadcasts";
import { unknownVariables } from "../domain/broadcasts";
import { conditionProblems } from "../domain/conditions/validate";
import { conflict, invalid, notFound } from "../domain/errors";
import { type BroadcastRow, planRecipients, type RecipientRow } from "../queries/broadcasts";
import { authorize } from "./authorize";
import { type CommandContext, nowOf } from "./context";

export type BroadcastChannel = "slack" | "email";

export interface BroadcastInput {
  title: string;
  body: string;
  audience: StoredAudience;
  channels: BroadcastRow["channels"];
  contactRoles: string[];
}

/** A claimed `sending` row not settled for this long is taken again, its outcome unknown. */
export const STALE_SENDING_SECONDS = 120;
/** A transient failure is retried this many times before the recipient is recorded as failed. */
export const MAX_ATTEMPTS = 5;

async function checkInput(ctx: CommandContext, input: Partial<BroadcastInput>) {
  if (input.body !== undefined) {
    const unknown = unknownVariables(input.body);
    if (unknown.length > 0)
      throw invalid(`Unknown variables: ${unknown.map((v) => `{{${v}}}`).join(", ")}.`, { field: "body", unknown });
  }
  const audience = input.audience;
  if (audience?.kind === "condition") {
    const problems = conditionProblems(audience.condition, "event");
    if (problems.length > 0) throw invalid(problems.join(" "), { field: "audience" });
  }
  if (audience?.kind === "accounts") {
    const ids = [...new Set(audience.accountIds)];
    const found = await ctx.tx
      .select({ id: accounts.id })
      .from(accounts)
      .where(and(eq(accounts.workspaceId, ctx.workspaceId), inArray(accounts.id, ids)));
    if (found.length !== ids.length)
      throw invalid("Some accounts of the audience do not exist.", { field: "audience" });
  }
}

export async function createBroadcast(ctx: CommandContext, input: BroadcastInput) {
  authorize(ctx, "message.write");
  await checkInput(ctx, input);
  const [row] = await ctx.tx
    .insert(broadcasts)
    .values({
      workspaceId: ctx.workspaceId,
      ...input,
      createdByUserId: ctx.actor.type === "user" ? ctx.actor.userId : null,
    })
    .returning();
  if (!row) throw new Error("broadcast insert returned nothing");
  await changed(ctx, row.id, "broadcast.created");
  return row;
}

async function lockBroadcast(ctx: CommandContext, id: string): Promise<BroadcastRow> {
  const [row] = await ctx.tx
    .select()
    .from(broadcasts)
    .where(and(eq(broadcasts.workspaceId, ctx.workspaceId), eq(broadcasts.id, id)))
    .for("update");
  if (!row) throw notFound("Broadcast");
  return row;
}

const changed = (ctx: CommandContext, id: string, action: string) => ctx.notify({ kind: "broadcast", id, action });

export async function updateBroadcast(ctx: CommandContext, id: string, input: Partial<BroadcastInput>) {
  authorize(ctx, "message.write");
  const row = await lockBroadcast(ctx, id);
  if (row.status !== "draft") throw conflict(`The broadcast is ${row.status}: only a draft can be changed.`);
  await checkInput(ctx, input);
  const [updated] = await ctx.tx
    .update(broadcasts)
    .set({ ...input, updatedAt: nowOf(ctx) })
    .where(eq(broadcasts.id, id))
    .returning();
  await changed(ctx, id, "broadcast.updated");
  return updated ?? row;
}

export async function deleteBroadcast(ctx: CommandContext, id: string) {
  authorize(ctx, "message.write");
  const row = await lockBroadcast(ctx, id);
  if (row.status !== "draft" && row.status !== "cancelled")
    throw conflict(`The broadcast is ${row.status}: cancel it first, or keep it as a record.`);
  await ctx.tx.delete(broadcasts).where(eq(broadcasts.id, id));
  await changed(ctx, id, "broadcast.deleted");
}

const JOB = { slack: "broadcast.slack", email: "broadcast.email" } as const;
const channelsOf = (row: Pick<BroadcastRow, "channels">): BroadcastChannel[] =>
  row.channels === "both" ? ["slack", "email"] : [row.channels];

/** Now, or at `scheduledAt`: the channel jobs wait until then, and materialise the recipients. */
export async function sendBroadcast(ctx: CommandContext, id: string, scheduledAt?: Date) {
  authorize(ctx, "message.write");
  const row = await lockBroadcast(ctx, id);
  if (row.status !== "draft") throw conflict(`The broadcast is ${row.status} already.`);
  const now = nowOf(ctx);
  const later = scheduledAt && scheduledAt.getTime() > now.getTime() ? scheduledAt : undefined;
  await ctx.tx
    .update(broadcasts)
    .set({ status: "scheduled", scheduledAt: later ?? now, updatedAt: now })
    .where(eq(broadcasts.id, id));
  if (!later) await beginBroadcast(ctx, id);
  const startAfter = later ? Math.ceil((later.getTime() - now.getTime()) / 1000) : undefined;
  for (const channel of channelsOf(row))
    await ctx.enqueue(JOB[channel], { broadcastId: id }, startAfter ? { startAfter } : undefined);
  await changed(ctx, id, later ? "broadcast.scheduled" : "broadcast.sending");
  return lockBroadcast(ctx, id);
}

/**
 * A scheduled broadcast whose time came starts sending: its recipients are stored as they are
 * now (accounts, channels, contacts). Answers what the delivery job should do.
 */
export async function beginBroadcast(
  ctx: CommandContext,
  id: string,
): Promise<{ go: true } | { waitSeconds: number } | { stop: string }> {
  const row = await lockBroadcast(ctx, id);
  if (row.status === "sending") return { go: true };
  if (row.status !== "scheduled") return { stop: row.status };
  const now = nowOf(ctx);
  if (row.scheduledAt && row.scheduledAt.getTime() > now.getTime() + 1000)
    return { waitSeconds: Math.ceil((row.scheduledAt.getTime() - now.getTime()) / 1000) };
  const planned = await planRecipients(ctx.tx, row, now);
  // Bounded statements: a parameter list has a limit, and 6,000 rows is an ordinary broadcast.
  for (let i = 0; i < planned.length; i += 500) {
    const chunk = planned.slice(i, i + 500).map((p) => ({
      workspaceId: ctx.workspaceId,
      broadcastId: id,
      accountId: p.account.id,
      contactId: p.contact?.id ?? null,
      channel: p.channel,
      address: p.address,
      label: p.label,
      status: p.problem ? ("failed" as const) : ("queued" as const),
      error: p.problem,
    }));
    await ctx.tx.insert(broadcastRecipients).values(chunk).onConflictDoNothing();
  }
  await ctx.tx
    .update(broadcasts)
    .set({ status: "sending", startedAt: now, updatedAt: now })
    .where(eq(broadcasts.id, id));
  await changed(ctx, id, "broadcast.sending");
  return { go: true };
}

/** Stops what has not gone out yet; what is being sent this moment finishes. */
export async function cancelBroadcast(ctx: CommandContext, id: string) {
  authorize(ctx, "message.write");
  const row = await lockBroadcast(ctx, id);
  if (row.status === "sent" || row.status === "cancelled") throw conflict(`The broadcast is ${row.status} already.`);
  const now = nowOf(ctx);
  await ctx.tx
    .update(broadcastRecipients)
    .set({ status: "cancelled", updatedAt: now })
    .where(and(eq(broadcastRecipients.broadcastId, id), eq(broadcastRecipients.status, "queued")));
  await ctx.tx
    .update(broadcasts)
    .set({ status: "cancelled", cancelledAt: now, updatedAt: now })
    .where(eq(broadcasts.id, id));
  await changed(ctx, id, "broadcast.cancelled");
}

/** Failed recipients go again (not those with nowhere to send); the broadcast is sending again. */
export async function retryFailedRecipients(ctx: CommandContext, id: string) {
  authorize(ctx, "message.write");
  const row = await lockBroadcast(ctx, id);
  if (row.status !== "sent" && row.status !== "sending")
    throw conflict(`The broadcast is ${row.status}: only a sent or sending broadcast retries failures.`);
  const retried = await ctx.tx
    .update(broadcastRecipients)
    .set({ status: "queued", error: null, attempts: 0, attemptedAt: null, updatedAt: nowOf(ctx) })
    .where(
      and(
        eq(broadcastRecipients.broadcastId, id),
        eq(broadcastRecipients.status, "failed"),
        notLike(broadcastRecipients.address, "none:%"),
      ),
    )
    .returning({ channel: broadcastRecipients.channel });
  if (retried.length === 0) return { retried: 0 };
  await ctx.tx
    .update(broadcasts)
    .set({ status: "sending", sentAt: null, updatedAt: nowOf(ctx) })
    .where(eq(broadcasts.id, id));
  for (const channel of new Set(retried.map((r) => r.channel))) await ctx.enqueue(JOB[channel], { broadcastId: id });
  await changed(ctx, id, "broadcast.retried");
  return { retried: retried.length };
}

export interface ClaimedRecipient extends RecipientRow {
  /** The row was `sending` already, or an attempt's outcome was unknown: it may have been delivered. */
  uncertain: boolean;
}

/**
 * Takes up to `limit` recipients of a sending broadcast for one channel and records the intent
 * (status sending, attempted_at) before anything is sent. Concurrent jobs take disjoint rows.
 */
export async function claimRecipients(
  ctx: CommandContext,
  broadcastId: string,
  channel: BroadcastChannel,
  limit: number,
): Promise<ClaimedRecipient[]> {
  const now = nowOf(ctx);
  const stale = new Date(now.getTime() - STALE_SENDING_SECONDS * 1000);
  const r = broadcastRecipients;
  const picked = await ctx.tx
    .select({ id: r.id, status: r.status })
    .from(r)
    .innerJoin(broadcasts, eq(broadcasts.id, r.broadcastId))
    .where(
      and(
        eq(r.workspaceId, ctx.workspaceId),
        eq(r.broadcastId, broadcastId),
        eq(r.channel, channel),
        eq(broadcasts.status, "sending"),
        or(eq(r.status, "queued"), and(eq(r.status, "sending"), lt(r.attemptedAt, stale))),
      ),
    )
    .orderBy(r.createdAt, r.id)
    .limit(limit)
    .for("update", { of: r, skipLocked: true });
  if (picked.length === 0) return [];
  const was = new Map(picked.map((p) => [p.id, p.status]));
  const rows = await ctx.tx
    .update(r)
    .set({ status: "sending", attemptedAt: now, attempts: sql`${r.attempts} + 1`, updatedAt: now })
    .where(inArray(r.id, [...was.keys()]))
    .returning();
  return rows.map((row) => ({ ...row, uncertain: was.get(row.id) === "sending" || row.outcomeUnknown }));
}

export type RecipientOutcome =
  | { sent: true; threadKey: string | null }
  | { failed: string }
  /**
   * Try again later: not sent (a long 429, a server that said "later"), or, with `unknown`, maybe
   * sent (the connection dropped before the answer) — the next attempt looks before it sends.
   */
  | { later: string; unknown?: boolean };

/**
 * The outcomes of a claimed batch, in one transaction. Until it commits the rows stay `sending`:
 * a crash before then leaves them uncertain, and the next claim checks before sending again.
 */
export async function recordRecipientOutcomes(
  ctx: CommandContext,
  outcomes: readonly { recipient: ClaimedRecipient; outcome: RecipientOutcome }[],
) {
  for (const { recipient, outcome } of outcomes) await recordRecipientOutcome(ctx, recipient, outcome);
}

async function recordRecipientOutcome(ctx: CommandContext, recipient: ClaimedRecipient, outcome: RecipientOutcome) {
  const now = nowOf(ctx);
  const r = broadcastRecipients;
  // Once unknown, an attempt's outcome stays unknown until a later one finds or makes the post.
  const unknown = recipient.outcomeUnknown || ("later" in outcome && outcome.unknown === true);
  const set =
    "sent" in outcome
      ? { status: "sent" as const, sentAt: now, threadKey: outcome.threadKey, error: null, outcomeUnknown: false }
      : "failed" in outcome || recipient.attempts >= MAX_ATTEMPTS
        ? { status: "failed" as const, error: "failed" in outcome ? outcome.failed : outcome.later }
        : { status: "queued" as const, error: outcome.later, attemptedAt: null, outcomeUnknown: unknown };
  await ctx.tx
    .update(r)
    .set({ ...set, updatedAt: now })
    .where(and(eq(r.workspaceId, ctx.workspaceId), eq(r.id, recipient.id), eq(r.status, "sending")));
}

/**
 * After a delivery pass: more to do comes back as another job (after `waitSeconds`, or when rows
 * in flight elsewhere may have gone stale); nothing left anywhere means the broadcast was sent.
 */
export async function afterDeliveryPass(
  ctx: CommandContext,
  id: string,
  channel: BroadcastChannel,
  waitSeconds?: number,
) {
  const row = await lockBroadcast(ctx, id);
  if (row.status !== "sending") return;
  const r = broadcastRecipients;
  const open = await ctx.tx
    .select({ channel: r.channel, status: r.status, n: sql<number>`count(*)::int` })
    .from(r)
    .where(and(eq(r.broadcastId, id), inArray(r.status, ["queued", "sending"])))
    .groupBy(r.channel, r.status);
  const mine = open.filter((o) => o.channel === channel);
  if (mine.length > 0) {
    const onlyInFlight = mine.every((o) => o.status === "sending");
    const startAfter = waitSeconds ?? (onlyInFlight ? STALE_SENDING_SECONDS : 0);
    await ctx.enqueue(JOB[channel], { broadcastId: id }, startAfter > 0 ? { startAfter } : undefined);
    return;
  }
  if (open.length > 0) return;
  const now = nowOf(ctx);
  await ctx.tx.update(broadcasts).set({ status: "sent", sentAt: now, updatedAt: now }).where(eq(broadcasts.id, id));
  await changed(ctx, id, "broadcast.sent");
}

/** Slack or email found nothing to send from (no connection, no inbox): every queued row fails. */
export async function failQueuedRecipients(ctx: CommandContext, id: string, channel: BroadcastChannel, reason: string) {
  const r = broadcastRecipients;
  await ctx.tx
    .update(r)
    .set({ status: "failed", error: reason, updatedAt: nowOf(ctx) })
    .where(
      and(
        eq(r.workspaceId, ctx.workspaceId),
        eq(r.broadcastId, id),
        eq(r.channel, channel),
        inArray(r.status, ["queued", "sending"]),
      ),
    );
}

/**
 * New issues whose thread is a broadcast's message (a customer answered it in Slack or by email):
 * the issue is linked to the broadcast and the recipient counts as replied. Inbound calls this.
 */
export async function linkBroadcastReplies(
  ctx: CommandContext,
  opened: readonly { id: string; threadKey: string | null }[],
) {
  const keys = [...new Set(opened.map((i) => i.threadKey).filter((k): k is string => Boolean(k)))];
  if (keys.length === 0) return;
  const now = nowOf(ctx);
  const r = broadcastRecipients;
  const issueOf = new Map(opened.map((i) => [i.threadKey, i.id]));
  const found = await ctx.tx
    .select({ id: r.id, broadcastId: r.broadcastId, threadKey: r.threadKey })
    .from(r)
    .where(and(eq(r.workspaceId, ctx.workspaceId), inArray(r.threadKey, keys), isNull(r.issueId)));
  for (const recipient of found) {
    const issueId = recipient.threadKey ? issueOf.get(recipient.threadKey) : undefined;
    if (!issueId) continue;
    await ctx.tx
      .update(r)
      .set({ status: "replied", repliedAt: now, issueId, updatedAt: now })
      .where(eq(r.id, recipient.id));
    await ctx.tx.update(issues).set({ broadcastId: recipient.broadcastId }).where(eq(issues.id, issueId));
    await changed(ctx, recipient.broadcastId, "broadcast.replied");
  }
}
