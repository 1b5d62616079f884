// Agent public replies to the customer's Slack thread, shown with the agent's name and avatar.
// Runs inside the durable `message.deliver` job: a 429 is waited out here (client.ts), and a reply
// never overtakes an earlier one of the same issue that is still undelivered.
import { DeliveryDeferred, type OutboundSender } from "../../jobs/deliver";
import { earlierUndelivered, outboundAuthor, slackConnectionOf } from "../../queries/slack";
import { callSlack } from "./client";
import { messageKey } from "./normalise";

/** Channel and thread of an issue: from its source facts, else from its thread key. */
export function slackThreadOf(issue: { threadKey: string | null; source: Record<string, string> }) {
  const [keyChannel, keyTs] = (issue.threadKey ?? "").split(/[:>]/);
  const channel = issue.source.slackChannelId ?? keyChannel;
  const threadTs = issue.source.slackThreadTs ?? keyTs;
  return channel && threadTs ? { channel, threadTs } : undefined;
}

export const slackSender: OutboundSender = {
  async send(services, issue, message) {
    const db = services.database.db;
    // Internal notes are never delivered (addMessage does not enqueue them); guard anyway.
    if (message.visibility !== "public") return {};
    const connection = await slackConnectionOf(db, issue.workspaceId);
    if (!connection) return { unsent: "Slack is not connected for this workspace." };
    const thread = slackThreadOf(issue);
    if (!thread) throw new Error(`Issue #${issue.number} has no Slack thread to reply in.`);
    if (await earlierUndelivered(db, message))
      throw new DeliveryDeferred("Waiting for an earlier reply in this Slack thread to be delivered first.");
    const author = await outboundAuthor(db, message);
    const result = await callSlack(connection, "chat.postMessage", {
      channel: thread.channel,
      thread_ts: thread.threadTs,
      text: message.bodyText,
      unfurl_links: false,
      ...(author && { username: author.name }),
      ...(author?.avatarUrl && { icon_url: author.avatarUrl }),
    });
    const ts = typeof result.ts === "string" ? result.ts : undefined;
    return ts ? { externalId: messageKey(thread.channel, ts) } : {};
  },
};
