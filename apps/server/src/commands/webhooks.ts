// Outbound webhooks: the subscriptions (admins only, audited), a delivery's claim and outcome
// (the sender in integrations/webhooks/ calls these around its HTTP request), and replay.
import { randomBytes } from "node:crypto";
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { WebhookDeliveryStatus } from "../db/schema";
import { issueEvents, webhookDeliveries, webhooks } from "../db/schema";
import { notFound } from "../domain/errors";
import { type AttemptOutcome, afterAttempt } from "../domain/webhooks";
import { recordAudit } from "./audit";
import { authorize } from "./authorize";
import { type CommandContext, nowOf } from "./context";

export type WebhookRow = typeof webhooks.$inferSelect;
export type WebhookDeliveryRow = typeof webhookDeliveries.$inferSelect;

export interface WebhookLimits {
  maxAttempts: number;
  retryBaseSeconds: number;
  /** Failed attempts in a row after which the webhook is disabled. */
  disableAfter: number;
}

/** What an admin sees in the audit log of a webhook (never its secret). */
const audited = (row: WebhookRow) => ({
  url: row.url,
  description: row.description,
  eventTypes: row.eventTypes,
  enabled: row.enabled,
});

/** A new signing secret, `whsec_` + 32 random bytes. */
export const newWebhookSecret = () => `whsec_${randomBytes(32).toString("base64url")}`;

export async function createWebhook(
  ctx: CommandContext,
  input: { url: string; description?: string; eventTypes: string[]; secretSealed: string },
): Promise<WebhookRow> {
  authorize(ctx, "settings.write");
  // Events already in the log happened before the subscription: they are not sent.
  const [last] = await ctx.tx.select({ seq: sql<number>`coalesce(max(${issueEvents.seq}), 0)` }).from(issueEvents);
  const [row] = await ctx.tx
    .insert(webhooks)
    .values({
      workspaceId: ctx.workspaceId,
      url: input.url,
      description: input.description ?? null,
      eventTypes: input.eventTypes,
      secretSealed: input.secretSealed,
      fromSeq: Number(last?.seq ?? 0),
      createdByUserId: ctx.actor.type === "user" ? ctx.actor.userId : null,
    })
    .returning();
  if (!row) throw new Error("webhook insert returned nothing");
  await recordAudit(ctx, { action: "webhook.created", target: { type: "webhook", id: row.id }, after: audited(row) });
  await ctx.notify({ kind: "settings", id: row.id, action: "webhook.created" });
  return row;
}

export async function updateWebhook(
  ctx: CommandContext,
  id: string,
  patch: { url?: string; description?: string | null; eventTypes?: string[]; enabled?: boolean },
): Promise<WebhookRow> {
  authorize(ctx, "settings.write");
  const before = await webhookOf(ctx, id);
  const reenabled = patch.enabled === true && !before.enabled;
  const [row] = await ctx.tx
    .update(webhooks)
    .set({
      ...(patch.url !== undefined ? { url: patch.url } : {}),
      ...(patch.description !== undefined ? { description: patch.description } : {}),
      ...(patch.eventTypes !== undefined ? { eventTypes: patch.eventTypes } : {}),
      ...(patch.enabled !== undefined ? { enabled: patch.enabled } : {}),
      ...(reenabled ? { consecutiveFailures: 0, disabledAt: null, disabledReason: null } : {}),
      ...(patch.enabled === false ? { disabledAt: nowOf(ctx), disabledReason: "Disabled by an admin." } : {}),
      updatedAt: nowOf(ctx),
    })
    .where(and(eq(webhooks.workspaceId, ctx.workspaceId), eq(webhooks.id, id)))
    .returning();
  if (!row) throw notFound("Webhook");
  // Deliveries that waited while it was off go out again, each issue's in order.
  if (reenabled) await kickQueues(ctx, row.id);
  await recordAudit(ctx, {
    action: "webhook.changed",
    target: { type: "webhook", id },
    before: audited(before),
    after: audited(row),
  });
  await ctx.notify({ kind: "settings", id, action: "webhook.changed" });
  return row;
}

export async function deleteWebhook(ctx: CommandContext, id: string): Promise<void> {
  authorize(ctx, "settings.write");
  const before = await webhookOf(ctx, id);
  await ctx.tx.delete(webhooks).where(and(eq(webhooks.workspaceId, ctx.workspaceId), eq(webhooks.id, id)));
  await recordAudit(ctx, { action: "webhook.deleted", target: { type: "webhook", id }, before: audited(before) });
  await ctx.notify({ kind: "settings", id, action: "webhook.deleted" });
}

/** Sends a delivery's body again as a new delivery (its own id), after the issue's earlier ones. */
export async function replayDelivery(ctx: CommandContext, webhookId: string, deliveryId: string) {
  authorize(ctx, "settings.write");
  await webhookOf(ctx, webhookId);
  const [original] = await ctx.tx
    .select()
    .from(webhookDeliveries)
    .where(
      and(
        eq(webhookDeliveries.workspaceId, ctx.workspaceId),
        eq(webhookDeliveries.webhookId, webhookId),
        eq(webhookDeliveries.id, deliveryId),
      ),
    );
  if (!original) throw notFound("Webhook delivery");
  const [row] = await ctx.tx
    .insert(webhookDeliveries)
    .values({
      workspaceId: ctx.workspaceId,
      webhookId,
      eventSeq: original.eventSeq,
      eventType: original.eventType,
      issueId: original.issueId,
      issueNumber: original.issueNumber,
      body: original.body,
      replayOf: original.replayOf ?? original.id,
      nextAttemptAt: nowOf(ctx),
    })
    .returning();
  if (!row) throw new Error("delivery insert returned nothing");
  await ctx.enqueue("webhooks.send", { webhookId, issueId: row.issueId });
  return row;
}

async function webhookOf(ctx: CommandContext, id: string): Promise<WebhookRow> {
  const [row] = await ctx.tx
    .select()
    .from(webhooks)
    .where(and(eq(webhooks.workspaceId, ctx.workspaceId), eq(webhooks.id, id)));
  if (!row) throw notFound("Webhook");
  return row;
}

async function kickQueues(ctx: CommandContext, webhookId: string): Promise<void> {
  const queues = await ctx.tx
    .selectDistinct({ issueId: webhookDeliveries.issueId })
    .from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.webhookId, webhookId), inArray(webhookDeliveries.status, ["pending", "sending"])));
  for (const { issueId } of queues) await ctx.enqueue("webhooks.send", { webhookId, issueId });
}

// ---- sending ------------------------------------------------------------------------------

/** An attempt under way longer than this lost its worker; the delivery may be claimed again. */
const STALE_ATTEMPT_MS = 120_000;

export type Claim =
  | { kind: "send"; delivery: WebhookDeliveryRow; webhook: WebhookRow }
  /** The issue's oldest delivery waits for its retry time (a job is scheduled for it). */
  | { kind: "wait" }
  /** Nothing to send: the queue is empty, another worker is sending, or the webhook is off. */
  | { kind: "idle" };

/**
 * Claims the oldest open delivery of `issueId` for `webhookId`: a later event of the issue never
 * overtakes an earlier one, so only the head of the queue is ever sent.
 */
export async function claimNextDelivery(ctx: CommandContext, webhookId: string, issueId: string): Promise<Claim> {
  const [webhook] = await ctx.tx
    .select()
    .from(webhooks)
    .where(and(eq(webhooks.workspaceId, ctx.workspaceId), eq(webhooks.id, webhookId)));
  if (!webhook?.enabled) return { kind: "idle" };
  const [head] = await ctx.tx
    .select()
    .from(webhookDeliveries)
    .where(
      and(
        eq(webhookDeliveries.webhookId, webhookId),
        eq(webhookDeliveries.issueId, issueId),
        inArray(webhookDeliveries.status, ["pending", "sending"]),
      ),
    )
    .orderBy(asc(webhookDeliveries.eventSeq), asc(webhookDeliveries.createdAt))
    .limit(1)
    .for("update");
  if (!head) return { kind: "idle" };
  const now = nowOf(ctx);
  const sendingFor = head.attemptStartedAt ? now.getTime() - head.attemptStartedAt.getTime() : 0;
  if (head.status === "sending" && sendingFor < STALE_ATTEMPT_MS) {
    // Another worker is on it, or died mid-request: look again once such an attempt counts as lost.
    const startAfter = Math.ceil((STALE_ATTEMPT_MS - sendingFor) / 1000);
    await ctx.enqueue("webhooks.send", { webhookId, issueId }, { startAfter });
    return { kind: "idle" };
  }
  if (head.status === "pending" && head.nextAttemptAt > now) return { kind: "wait" };
  const [claimed] = await ctx.tx
    .update(webhookDeliveries)
    .set({ status: "sending", attemptStartedAt: now, updatedAt: now })
    .where(eq(webhookDeliveries.id, head.id))
    .returning();
  if (!claimed) return { kind: "idle" };
  return { kind: "send", delivery: claimed, webhook };
}

export interface AttemptReport {
  outcome: AttemptOutcome;
  durationMs: number;
  responseExcerpt: string | null;
}

/**
 * Records an attempt: delivered, retried later (the `webhooks.send` job is scheduled for the
 * retry time) or failed for good; counts the webhook's failures in a row and disables it at the
 * limit. Answers whether the issue's next delivery may go now.
 */
export async function recordAttempt(
  ctx: CommandContext,
  delivery: WebhookDeliveryRow,
  report: AttemptReport,
  limits: WebhookLimits,
): Promise<{ next: "continue" | "stop" }> {
  const attempts = delivery.attempts + 1;
  const after = afterAttempt(attempts, report.outcome, limits);
  const now = nowOf(ctx);
  const status: WebhookDeliveryStatus = after.status;
  await ctx.tx
    .update(webhookDeliveries)
    .set({
      status,
      attempts,
      attemptStartedAt: null,
      nextAttemptAt: after.status === "pending" ? new Date(now.getTime() + after.retryInSeconds * 1000) : now,
      responseStatus: report.outcome.status,
      durationMs: Math.round(report.durationMs),
      responseExcerpt: report.responseExcerpt,
      error: report.outcome.ok ? null : report.outcome.error,
      updatedAt: now,
    })
    .where(eq(webhookDeliveries.id, delivery.id));
  const disabled = await countFailure(ctx, delivery.webhookId, report.outcome.ok, limits.disableAfter);
  if (after.status === "pending" && !disabled) {
    await ctx.enqueue(
      "webhooks.send",
      { webhookId: delivery.webhookId, issueId: delivery.issueId },
      { startAfter: after.retryInSeconds },
    );
  }
  return { next: after.status === "pending" || disabled ? "stop" : "continue" };
}

/** Success resets the webhook's failures in a row; the `disableAfter`-th failure disables it. */
async function countFailure(ctx: CommandContext, webhookId: string, ok: boolean, disableAfter: number) {
  if (ok) {
    await ctx.tx.update(webhooks).set({ consecutiveFailures: 0 }).where(eq(webhooks.id, webhookId));
    return false;
  }
  const [row] = await ctx.tx
    .update(webhooks)
    .set({ consecutiveFailures: sql`${webhooks.consecutiveFailures} + 1` })
    .where(eq(webhooks.id, webhookId))
    .returning();
  if (!row?.enabled || row.consecutiveFailures < disableAfter) return false;
  const reason = `Disabled after ${row.consecutiveFailures} failed deliveries in a row.`;
  await ctx.tx
    .update(webhooks)
    .set({ enabled: false, disabledAt: nowOf(ctx), disabledReason: reason, updatedAt: nowOf(ctx) })
    .where(eq(webhooks.id, webhookId));
  await recordAudit(ctx, {
    action: "webhook.disabled",
    target: { type: "webhook", id: webhookId },
    before: { enabled: true },
    after: { enabled: false, reason },
  });
  await ctx.notify({ kind: "settings", id: webhookId, action: "webhook.disabled" });
  return true;
}
