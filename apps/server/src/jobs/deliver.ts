// Outbound delivery of a public reply through its issue's channel. Each channel registers a
// sender; with none configured the message is marked `unsent` (visible), never dropped.
import { and, eq } from "drizzle-orm";
import { runCommand } from "../commands/context";
import { executeRaw } from "../db/raw";
import { issues, messages } from "../db/schema";
import type { Services } from "../services";
import type { JobData } from "./queue";

export interface OutboundSender {
  /**
   * Sends the message; returns the channel's id for it (Slack ts, email Message-ID), or `unsent`
   * with the reason when the channel kept it without sending (no transport configured).
   */
  send(
    services: Services,
    issue: typeof issues.$inferSelect,
    message: typeof messages.$inferSelect,
  ): Promise<{ externalId?: string; unsent?: string }>;
}

/**
 * Thrown by a sender when the message must wait for another to go first (an earlier reply of
 * the same thread still undelivered). The message stays pending and is tried again shortly;
 * waiting is not a failure, so it neither shows as failed nor uses up the job's retries.
 */
export class DeliveryDeferred extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = "DeliveryDeferred";
  }
}

/**
 * Thrown by a sender when the channel refused the message for a reason retrying cannot fix (the
 * bot was removed from the channel, the reply is too long). It shows as failed with that reason
 * at once, instead of after the job's retries, and can be sent again once the cause is fixed.
 */
export class DeliveryRefused extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = "DeliveryRefused";
  }
}

/**
 * Seconds before a deferred delivery is tried again: 1, 2, 4 … up to a minute. A reply that goes
 * out wakes the ones deferred behind it at once, so the backoff only paces a long wait.
 */
export function deferralDelaySeconds(deferrals: number): number {
  return Math.min(2 ** deferrals, 60);
}

const senders = new Map<string, OutboundSender>();

export function registerOutboundSender(channel: string, sender: OutboundSender): void {
  senders.set(channel, sender);
}

export async function deliverMessage(services: Services, data: JobData): Promise<void> {
  const { workspaceId } = data;
  const messageId = String(data.messageId);
  const db = services.database.db;
  const [row] = await db
    .select({ message: messages, issue: issues })
    .from(messages)
    .innerJoin(issues, eq(issues.id, messages.issueId))
    .where(and(eq(messages.workspaceId, workspaceId), eq(messages.id, messageId)));
  if (!row || row.message.deliveryStatus === "sent") return;
  const sender = senders.get(row.issue.channel);
  if (!sender) {
    await setDelivery(services, workspaceId, row.issue, messageId, {
      deliveryStatus: "unsent",
      deliveryError: `No ${row.issue.channel} transport is configured.`,
    });
    return;
  }
  try {
    const result = await sender.send(services, row.issue, row.message);
    if (result.unsent) {
      await setDelivery(services, workspaceId, row.issue, messageId, {
        deliveryStatus: "unsent",
        deliveryError: result.unsent,
      });
      return;
    }
    await setDelivery(services, workspaceId, row.issue, messageId, {
      deliveryStatus: "sent",
      deliveryError: null,
      ...(result.externalId && !row.message.externalId ? { externalId: result.externalId } : {}),
    });
  } catch (error) {
    if (error instanceof DeliveryDeferred) {
      const deferrals = Number(data.deferrals ?? 0);
      await services.jobs.enqueue(
        "message.deliver",
        { ...data, deferrals: deferrals + 1 },
        { startAfter: deferralDelaySeconds(deferrals) },
      );
      return;
    }
    await setDelivery(services, workspaceId, row.issue, messageId, {
      deliveryStatus: "failed",
      deliveryError: error instanceof Error ? error.message : String(error),
    });
    // Rethrow so pg-boss retries with backoff; the message already shows the failure.
    if (!(error instanceof DeliveryRefused)) throw error;
  }
}

async function setDelivery(
  services: Services,
  workspaceId: string,
  issue: { id: string; number: number },
  messageId: string,
  patch: Partial<typeof messages.$inferInsert>,
) {
  await runCommand(services, { workspaceId, actor: { type: "system", name: "delivery" } }, async (ctx) => {
    await ctx.tx.update(messages).set(patch).where(eq(messages.id, messageId));
    if (patch.deliveryStatus === "sent") {
      await executeRaw(
        ctx.tx,
        `UPDATE pgboss.job SET start_after = now()
          WHERE name = 'message.deliver' AND state = 'created' AND start_after > now()
            AND data->>'issueId' = $1 AND data ? 'deferrals'`,
        [issue.id],
      );
    }
    await ctx.notify({ kind: "message", id: messageId, issueNumber: issue.number, action: "delivery" });
  });
}
