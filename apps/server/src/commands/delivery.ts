// Outbound delivery of a public reply through its issue's channel (the `message.deliver` job).
// With no sender for the channel the message is marked `unsent` (visible), never dropped.
import type { DeliveryFix } from "@switchboard/api/vocabulary";
import { and, eq, sql } from "drizzle-orm";
import { executeRaw } from "../db/raw";
import { type DeliveryProgress, issues, messages } from "../db/schema";
import type { IssueEventDataOf } from "../domain/events";
import { type CommandRunner, runCommand } from "./context";
import { appendEvent } from "./events";
import type { CommandJobPayload } from "./jobs";
import { DeliveryDeferred, DeliveryFailed, DeliveryRefused, deferralDelaySeconds, type Outbound } from "./outbound";

export async function deliverMessage(
  runner: CommandRunner,
  outbound: Outbound,
  data: CommandJobPayload<"message.deliver">,
): Promise<void> {
  const { workspaceId, messageId } = data;
  const [row] = await runner.database.db
    .select({ message: messages, issue: issues })
    .from(messages)
    .innerJoin(issues, eq(issues.id, messages.issueId))
    .where(and(eq(messages.workspaceId, workspaceId), eq(messages.id, messageId)));
  if (!row || row.message.deliveryStatus === "sent") return;
  // Still inside its undo window (a job run early, or a window lengthened): wait it out.
  const waitMs = row.message.deliverAfter ? row.message.deliverAfter.getTime() - Date.now() : 0;
  if (waitMs > 0 && !row.message.deliveryStartedAt) {
    await runner.jobs.enqueue("message.deliver", data, { startAfter: Math.ceil(waitMs / 1000) });
    return;
  }
  // Claim the message before the channel sees it: from here on it cannot be withdrawn (undo
  // locks the same row), and a message withdrawn first is gone, so nothing goes out half-way.
  if (!(await claimDelivery(runner, workspaceId, messageId))) return;
  const sender = outbound.get(row.issue.channel);
  if (!sender) {
    await setDelivery(runner, workspaceId, row.issue, messageId, {
      deliveryStatus: "unsent",
      deliveryError: `No ${row.issue.channel} transport is configured.`,
      deliveryFix: NO_SENDER_FIX[row.issue.channel] ?? null,
    });
    return;
  }
  // Committed before the channel sees the message: if this process dies before the outcome is
  // recorded, the next attempt knows the message may already be out.
  const uncertain = row.message.deliveryAttemptedAt !== null;
  await markAttempt(runner, messageId, new Date());
  try {
    let progress = row.message.deliveryProgress ?? {};
    const record = async (step: DeliveryProgress) => {
      progress = { ...progress, ...step };
      await runner.database.db.update(messages).set({ deliveryProgress: progress }).where(eq(messages.id, messageId));
    };
    const result = await sender.send(row.issue, row.message, { uncertain, progress, record });
    if (result.unsent) {
      await setDelivery(runner, workspaceId, row.issue, messageId, {
        deliveryStatus: "unsent",
        deliveryError: result.unsent,
        deliveryFix: result.fix ?? null,
      });
      return;
    }
    await setDelivery(
      runner,
      workspaceId,
      row.issue,
      messageId,
      {
        deliveryStatus: "sent",
        deliveryError: null,
        deliveryFix: null,
        ...(result.externalId && !row.message.externalId ? { externalId: result.externalId } : {}),
      },
      result.recovered && {
        messageId,
        channel: row.issue.channel,
        outcome: result.recovered,
        note: RECOVERY_NOTES[result.recovered],
      },
    );
  } catch (error) {
    if (error instanceof DeliveryDeferred) {
      // Nothing was handed to the channel.
      await markAttempt(runner, messageId, null);
      const deferrals = data.deferrals ?? 0;
      await runner.jobs.enqueue(
        "message.deliver",
        { ...data, deferrals: deferrals + 1 },
        { startAfter: deferralDelaySeconds(deferrals) },
      );
      return;
    }
    await setDelivery(runner, workspaceId, row.issue, messageId, {
      deliveryStatus: "failed",
      deliveryError: error instanceof Error ? error.message : String(error),
      deliveryFix: error instanceof DeliveryFailed || error instanceof DeliveryRefused ? (error.fix ?? null) : null,
    });
    // Rethrow so pg-boss retries with backoff; the message already shows the failure.
    if (!(error instanceof DeliveryRefused)) throw error;
  }
}

/** The setting to look at when a channel has no sender at all. */
const NO_SENDER_FIX: Record<string, DeliveryFix> = { email: "outgoing_email", slack: "slack_connection" };

const RECOVERY_NOTES = {
  found:
    "An earlier attempt to deliver this reply was interrupted; the reply was found in the Slack thread and not posted again.",
  resent:
    "An earlier attempt to deliver this reply was interrupted with no known outcome; it was sent again under the same id, so the customer sees it once.",
} as const;

async function markAttempt(runner: CommandRunner, messageId: string, at: Date | null) {
  await runner.database.db.update(messages).set({ deliveryAttemptedAt: at }).where(eq(messages.id, messageId));
}

/** Records a delivery's outcome (which ends its attempt), and a recovery from an unknown outcome. */

async function claimDelivery(runner: CommandRunner, workspaceId: string, messageId: string): Promise<boolean> {
  const claimed = await runner.database.db
    .update(messages)
    .set({ deliveryStartedAt: sql`coalesce(${messages.deliveryStartedAt}, now())` })
    .where(and(eq(messages.workspaceId, workspaceId), eq(messages.id, messageId)))
    .returning({ id: messages.id });
  return claimed.length > 0;
}

async function setDelivery(
  runner: CommandRunner,
  workspaceId: string,
  issue: { id: string; number: number },
  messageId: string,
  patch: Partial<typeof messages.$inferInsert>,
  recovered?: IssueEventDataOf<"delivery_recovered">,
) {
  await runCommand(runner, { workspaceId, actor: { type: "system", name: "delivery" } }, async (ctx) => {
    await ctx.tx
      .update(messages)
      .set({ ...patch, deliveryAttemptedAt: null })
      .where(eq(messages.id, messageId));
    if (recovered) await appendEvent(ctx, issue, "delivery_recovered", recovered);
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
