// A broadcast's Slack posts: one message in each account's shared channel, as the bot. A pass
// claims recipients (intent recorded first), posts with bounded concurrency at the workspace's
// BROADCAST_SLACK_POSTS_PER_MINUTE — client.ts also paces chat.postMessage per channel (Slack's ~1
// message per second) and waits out 429s — and records each outcome. A post whose earlier
// attempt's outcome is unknown (a crash, a dropped connection, a timeout) is looked for in the
// channel (our recipient id rides in the message metadata) before it is posted again.
import {
  afterDeliveryPass,
  beginBroadcast,
  type ClaimedRecipient,
  claimRecipients,
  failQueuedRecipients,
  type RecipientOutcome,
  recordRecipientOutcomes,
} from "../../commands/broadcasts";
import type { CommandJobs, JobPayloadOf } from "../../commands/jobs";
import { escapeMrkdwn, markdownToMrkdwn, renderBody } from "../../domain/broadcasts";
import { getBroadcast, recipientFacts } from "../../queries/broadcasts";
import type { Services } from "../../services";
import { pacer } from "../pace";
import { callSlack, type SlackConnection, SlackRateLimited, slackErrorCode } from "./client";
import { runAsSlack } from "./command";
import { threadKey } from "./normalise";
import { findOwnPost } from "./ownPosts";
import { loadSlackConnection } from "./secrets";
import { REFUSALS } from "./sender";

export const BROADCAST_METADATA_TYPE = "switchboard_broadcast";
/** Recipients taken per claim; the broadcast's cancel is seen between claims. */
const CLAIM = 50;
/** Posts in flight at once (each to a different channel: the per-channel pace is client.ts's). */
const CONCURRENCY = 16;
/** A pass ends after this long and continues as a new job, so no job runs for an hour. */
const PASS_MS = 60_000;

export async function deliverSlackBroadcast(
  services: Services,
  data: JobPayloadOf<CommandJobs, "broadcast.slack">,
): Promise<void> {
  const { workspaceId, broadcastId } = data;
  const run = <T>(fn: Parameters<typeof runAsSlack<T>>[2]) => runAsSlack(services, workspaceId, fn);
  const begun = await run((ctx) => beginBroadcast(ctx, broadcastId));
  if ("stop" in begun) return;
  if ("waitSeconds" in begun) {
    await services.jobs.enqueue("broadcast.slack", data, { startAfter: begun.waitSeconds });
    return;
  }
  const connection = await loadSlackConnection(services, workspaceId);
  if (!connection) {
    await run((ctx) => failQueuedRecipients(ctx, broadcastId, "slack", "Slack is not connected for this workspace."));
    await run((ctx) => afterDeliveryPass(ctx, broadcastId, "slack"));
    return;
  }
  const { broadcast } = await getBroadcast(services.database.db, workspaceId, broadcastId);
  const pace = pacer(`${workspaceId}:broadcast.slack`, services.config.BROADCAST_SLACK_POSTS_PER_MINUTE);
  const until = Date.now() + PASS_MS;
  let waitSeconds: number | undefined;
  while (Date.now() < until && waitSeconds === undefined) {
    const claimed = await run((ctx) => claimRecipients(ctx, broadcastId, "slack", CLAIM));
    if (claimed.length === 0) break;
    const factsOf = await recipientFacts(services.database.db, claimed);
    const outcomes: { recipient: ClaimedRecipient; outcome: RecipientOutcome }[] = [];
    await inParallel(claimed, CONCURRENCY, async (recipient) => {
      const text = markdownToMrkdwn(renderBody(broadcast.body, factsOf(recipient), escapeMrkdwn));
      const outcome = await postOne(connection, recipient, text, pace).catch((error: unknown): RecipientOutcome => {
        if (error instanceof SlackRateLimited) {
          waitSeconds = Math.max(waitSeconds ?? 0, error.retryAfterSeconds);
          return { later: error.message };
        }
        const message = error instanceof Error ? error.message : String(error);
        // Slack answered (ok:false): nothing was posted. No answer at all: it may have been.
        return slackErrorCode(error) ? { later: message } : { later: message, unknown: true };
      });
      outcomes.push({ recipient, outcome });
    });
    await run((ctx) => recordRecipientOutcomes(ctx, outcomes));
  }
  await run((ctx) => afterDeliveryPass(ctx, broadcastId, "slack", waitSeconds));
}

async function postOne(
  connection: SlackConnection,
  recipient: ClaimedRecipient,
  text: string,
  pace: () => Promise<void>,
): Promise<RecipientOutcome> {
  const channel = recipient.address;
  const refused = (error: unknown): RecipientOutcome => {
    const refusal = REFUSALS[slackErrorCode(error) ?? ""];
    if (!refusal) throw error;
    return { failed: `Slack refused the message: ${refusal}` };
  };
  try {
    if (recipient.uncertain) {
      // Our post to this recipient is among the channel's latest messages, if an earlier attempt made it.
      const ts = await findOwnPost(
        connection,
        { channel, limit: 100, latestPageOnly: true },
        { eventType: BROADCAST_METADATA_TYPE, key: "recipient_id", value: recipient.id },
      );
      if (ts) return { sent: true, threadKey: threadKey(channel, ts) };
    }
    await pace();
    const result = await callSlack(connection, "chat.postMessage", {
      channel,
      text,
      unfurl_links: false,
      metadata: { event_type: BROADCAST_METADATA_TYPE, event_payload: { recipient_id: recipient.id } },
    });
    const ts = typeof result.ts === "string" ? result.ts : undefined;
    return { sent: true, threadKey: ts ? threadKey(channel, ts) : null };
  } catch (error) {
    return refused(error);
  }
}

/** Runs `work` over `items` with at most `limit` at a time. */
export async function inParallel<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>) {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  });
  await Promise.all(lanes);
}
