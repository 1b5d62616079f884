// Agent public replies to the customer's Slack thread, shown with the agent's name and avatar.
// Runs inside the durable `message.deliver` job: a 429 is waited out here (client.ts), and a reply
// never overtakes an earlier one of the same issue that is still undelivered.
import type { IssueRow, MessageRow } from "../../commands/lookup";
import { type DeliveryAttempt, DeliveryDeferred, DeliveryRefused, type DeliveryResult } from "../../commands/outbound";
import { earlierUndelivered, outboundAuthor } from "../../queries/slack";
import type { Services } from "../../services";
import { callSlack, type SlackConnection, slackErrorCode } from "./client";
import { messageKey } from "./normalise";
import { findOwnPost } from "./ownPosts";
import { shareReplyFiles } from "./replyFiles";
import { loadSlackConnection } from "./secrets";

/** Token errors: the app was uninstalled, the token revoked or replaced. */
const RECONNECT = "Switchboard's token is no longer valid. Reconnect Slack in Settings › Slack, then send again.";

/**
 * Slack errors that retrying cannot fix, in words an agent can act on. Anything else (Slack's
 * own outages, network errors) is retried by the job.
 */
export const REFUSALS: Record<string, string> = {
  not_in_channel: "the Switchboard app is not in this channel. Invite it (/invite), then send again.",
  channel_not_found: "the channel no longer exists or the app cannot see it.",
  is_archived: "the channel is archived. Unarchive it, then send again.",
  msg_too_long: "the reply is longer than Slack allows. Shorten it and send it as a new reply.",
  restricted_action: "this workspace's settings do not let the app post in this channel.",
  ekm_access_denied: "the workspace's key management denied access to the channel.",
  invalid_auth: RECONNECT,
  not_authed: RECONNECT,
  token_revoked: RECONNECT,
  account_inactive: RECONNECT,
};

/** Channel and thread of an issue: from its source facts, else from its thread key. */
export function slackThreadOf(issue: { threadKey: string | null; source: Record<string, string> }) {
  const [keyChannel, keyTs] = (issue.threadKey ?? "").split(/[:>]/);
  const channel = issue.source.slackChannelId ?? keyChannel;
  const threadTs = issue.source.slackThreadTs ?? keyTs;
  return channel && threadTs ? { channel, threadTs } : undefined;
}

/** Posted with every reply (Slack message metadata), so a reply can be found in its thread again. */
export const REPLY_METADATA_TYPE = "switchboard_reply";

/**
 * Posts the reply in its thread. Each post carries our message id in Slack message metadata; when
 * an earlier attempt's outcome is unknown (`uncertain`: the process died mid-post), the thread is
 * read first and a reply already there is taken as sent instead of being posted a second time.
 */
export async function sendSlackReply(
  services: Services,
  issue: IssueRow,
  message: MessageRow,
  attempt: DeliveryAttempt,
): Promise<DeliveryResult> {
  const db = services.database.db;
  // Internal notes are never delivered (addMessage does not enqueue them); guard anyway.
  if (message.visibility !== "public") return {};
  const connection = await loadSlackConnection(services, issue.workspaceId);
  if (!connection) return { unsent: "Slack is not connected for this workspace.", fix: "slack_connection" };
  const thread = slackThreadOf(issue);
  if (!thread) throw new Error(`Issue #${issue.number} has no Slack thread to reply in.`);
  if (await earlierUndelivered(db, message))
    throw new DeliveryDeferred("Waiting for an earlier reply in this Slack thread to be delivered first.");
  const refused = (error: unknown): never => {
    const refusal = REFUSALS[slackErrorCode(error) ?? ""];
    if (!refusal) throw error;
    throw new DeliveryRefused(
      `Slack refused the reply: ${refusal}`,
      refusal === RECONNECT ? "slack_connection" : undefined,
    );
  };
  // A reply whose text went out in an earlier attempt (its files did not yet) is not posted again.
  const earlier = attempt.progress?.posted;
  const posted = earlier ? { ts: earlier } : await postText(services, connection, thread, message, attempt, refused);
  if (!earlier && posted.ts) await attempt.record?.({ posted: posted.ts });
  await shareReplyFiles(services, connection, thread, message, attempt).catch(refused);
  return {
    ...(posted.ts && { externalId: messageKey(thread.channel, posted.ts) }),
    ...(posted.recovered && { recovered: posted.recovered }),
  };
}

/**
 * The reply's text in its thread (a reply of files alone names them), unless an attempt whose
 * outcome is unknown already posted it.
 */
async function postText(
  services: Services,
  connection: SlackConnection,
  thread: { channel: string; threadTs: string },
  message: MessageRow,
  attempt: DeliveryAttempt,
  refused: (error: unknown) => never,
): Promise<{ ts?: string; recovered?: "found" | "resent" }> {
  if (attempt.uncertain) {
    const found = await findOwnPost(connection, thread, {
      eventType: REPLY_METADATA_TYPE,
      key: "message_id",
      value: message.id,
    }).catch(refused);
    if (found) return { ts: found, recovered: "found" };
  }
  const author = await outboundAuthor(services.database.db, message);
  const text = message.bodyText.trim() ? message.bodyText : message.attachments.map((a) => a.filename).join(", ");
  const result = await callSlack(connection, "chat.postMessage", {
    channel: thread.channel,
    thread_ts: thread.threadTs,
    text,
    unfurl_links: false,
    metadata: { event_type: REPLY_METADATA_TYPE, event_payload: { message_id: message.id } },
    ...(author && { username: author.name }),
    ...(author?.avatarUrl && { icon_url: author.avatarUrl }),
  }).catch(refused);
  return {
    ...(typeof result.ts === "string" && { ts: result.ts }),
    ...(attempt.uncertain && { recovered: "resent" as const }),
  };
}
