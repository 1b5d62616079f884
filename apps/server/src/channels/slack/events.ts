// The `slack.event` job: what an accepted Events API delivery (or shortcut) means for issues.
// The webhook only verified and recorded it; the work — lookups, users.info, ingest — is here.

import type { InboundMessage } from "../../commands/inboundMessage";
import {
  deleteSlackMessage,
  editSlackMessage,
  ingestSlackMessage,
  openIssueFromSlackMessage,
  recordSlackReaction,
  renameSlackChannel,
  type SlackMessageIntake,
} from "../../commands/slack";
import {
  type SlackChannelRow,
  sharedChannelForSlackUser,
  slackChannelBySlackId,
  slackMessageContext,
} from "../../queries/slack";
import type { Services } from "../../services";
import { callSlack, type SlackConnection } from "./client";
import { runAsSlack } from "./command";
import { downloadSlackFiles } from "./files";
import { onInternalMessage } from "./internal";
import {
  classifyMessage,
  isThreadReply,
  messageKey,
  mrkdwnToText,
  SlackEnvelope,
  SlackMessage,
  SlackShortcut,
  splitThreadKey,
  threadKey,
  tsToDate,
} from "./normalise";
import { loadSlackConnection } from "./secrets";
import { refreshSlackChannel } from "./sync";
import { resolveSlackAuthor } from "./users";

type Event = Record<string, unknown> & { type: string };

/**
 * How a customer's message is written: by default in its own transaction; a drain hands it to a
 * group commit instead, so messages worked at once share one (see inbox.ts).
 */
export type SlackIngester = (intake: SlackMessageIntake) => Promise<void>;

/**
 * One accepted delivery from the inbox: an Events API envelope or a shortcut payload. A drain
 * passes the connection it loaded (`null`: none) so its events do not each open the secrets.
 */
export async function handleSlackEvent(
  services: Services,
  data: { workspaceId: string; payload: unknown },
  loaded?: SlackConnection | null,
  ingest?: SlackIngester,
): Promise<void> {
  const connection = loaded === undefined ? await loadSlackConnection(services, data.workspaceId) : loaded;
  if (!connection) return;
  const shortcut = SlackShortcut.safeParse(data.payload);
  if (shortcut.success) return onShortcut(services, connection, shortcut.data);
  const envelope = SlackEnvelope.parse(data.payload);
  const ingester: SlackIngester =
    ingest ??
    (async ({ inbound, joinOnly }) => {
      await runAsSlack(services, connection.workspaceId, (ctx) => ingestSlackMessage(ctx, inbound, { joinOnly }));
    });
  if (envelope.event) await onEvent(services, connection, envelope.event, ingester);
}

async function onEvent(
  services: Services,
  connection: SlackConnection,
  event: Event,
  ingest: SlackIngester,
): Promise<void> {
  const channelId = typeof event.channel === "string" ? event.channel : undefined;
  switch (event.type) {
    case "message":
      return onMessage(services, connection, SlackMessage.parse(withTs(event)), ingest);
    case "reaction_added":
    case "reaction_removed":
      return onReaction(services, connection, event);
    case "member_joined_channel":
      // Only the bot joining changes what we see; customers joining is ordinary channel life.
      if (channelId && event.user === connection.botUserId) await refreshSlackChannel(services, connection, channelId);
      return;
    case "channel_shared":
    case "channel_unshared":
      if (channelId) await refreshSlackChannel(services, connection, channelId);
      return;
    case "channel_rename": {
      const channel = event.channel as { id?: string; name?: string } | undefined;
      if (channel?.id && channel.name) {
        const { id, name } = channel;
        await runAsSlack(services, connection.workspaceId, (ctx) => renameSlackChannel(ctx, id, name));
      }
      return;
    }
    default:
      return;
  }
}

/** message_deleted events carry no ts of their own at the top level in every shape; keep the parser happy. */
function withTs(event: Event): Event {
  return typeof event.ts === "string" ? event : { ...event, ts: String(event.deleted_ts ?? event.event_ts ?? "0") };
}

async function onMessage(
  services: Services,
  connection: SlackConnection,
  message: SlackMessage,
  ingest: SlackIngester,
): Promise<void> {
  const kind = classifyMessage(message, connection);
  if (kind === "edit") return onEdit(services, connection, message);
  if (kind === "delete") return onDelete(services, connection, message);
  if (kind === "dm") return answerDirectMessage(services, connection, message);
  if (kind !== "content" || !message.channel || !message.user) return;
  const rootTs = message.thread_ts ?? message.ts;
  const key = threadKey(message.channel, rootTs);
  const seen = await slackMessageContext(services.database.db, connection.workspaceId, {
    slackChannelId: message.channel,
    slackUserId: message.user,
    threadKey: key,
  });
  const channel = seen.channel ?? (await addedChannel(services, connection, message.channel));
  // Internal channels are ours, never a customer's: only their threads' replies count, as notes.
  if (channel?.kind === "internal") return onInternalMessage(services, connection, channel, message);
  if (!channel?.accountId) return;
  const reply = isThreadReply(message);
  const author = await resolveSlackAuthor(services, connection, message.user, seen);
  // Top-level posts open issues only from customers, and only in `all` channels: our own people
  // (Switchboard users, our Slack team, our email domains) talk there without opening issues.
  if (!reply && (channel.mode !== "all" || author.isInternal)) return;
  // A customer answering a broadcast in its thread opens an issue (linked to the broadcast).
  const answersBroadcast = reply && !author.isInternal && seen.inBroadcastThread;
  const inbound = await toInbound(connection, channel, message, author, key);
  await ingest({ inbound, joinOnly: reply && !answersBroadcast });
}

/** The channel as stored; a message from a channel we have never seen adds it (unmapped, visible). */
async function knownChannel(
  services: Services,
  connection: SlackConnection,
  slackChannelId: string,
): Promise<SlackChannelRow | undefined> {
  const stored = await slackChannelBySlackId(services.database.db, connection.workspaceId, slackChannelId);
  return stored ?? addedChannel(services, connection, slackChannelId);
}

/** A channel not stored yet, as Slack describes it now (refreshSlackChannel adds it). */
async function addedChannel(
  services: Services,
  connection: SlackConnection,
  slackChannelId: string,
): Promise<SlackChannelRow | undefined> {
  await refreshSlackChannel(services, connection, slackChannelId);
  return slackChannelBySlackId(services.database.db, connection.workspaceId, slackChannelId);
}

async function toInbound(
  connection: SlackConnection,
  channel: SlackChannelRow,
  message: SlackMessage,
  author: Awaited<ReturnType<typeof resolveSlackAuthor>>,
  key: string,
): Promise<InboundMessage> {
  const { attachments, skipped } = await downloadSlackFiles(connection, message.files);
  const text = mrkdwnToText(message.text ?? "");
  const note = skipped.length > 0 ? `\n\n(Not copied from Slack, too large: ${skipped.join(", ")})` : "";
  const rootTs = message.thread_ts ?? message.ts;
  return {
    workspaceId: connection.workspaceId,
    channel: "slack",
    threadKey: key,
    externalId: messageKey(channel.slackChannelId, message.ts),
    author: { slackUserId: author.slackUserId, name: author.name, email: author.email },
    text: `${text || (attachments.length > 0 ? attachments.map((a) => a.filename).join(", ") : "")}${note}`,
    attachments,
    sentAt: tsToDate(message.ts),
    accountId: channel.accountId ?? undefined,
    source: {
      slackChannelId: channel.slackChannelId,
      slackChannelName: channel.name,
      slackThreadTs: rootTs,
      slackTs: message.ts,
      ...(connection.teamId && { slackTeamId: connection.teamId }),
    },
  };
}

async function onEdit(services: Services, connection: SlackConnection, event: SlackMessage): Promise<void> {
  const edited = SlackMessage.safeParse(event.message);
  if (!edited.success || !event.channel || classifyMessage(edited.data, connection) === "bot") return;
  const input = {
    externalId: messageKey(event.channel, edited.data.ts),
    text: mrkdwnToText(edited.data.text ?? ""),
    at: tsToDate(event.ts),
  };
  await runAsSlack(services, connection.workspaceId, (ctx) => editSlackMessage(ctx, input));
}

async function onDelete(services: Services, connection: SlackConnection, event: SlackMessage): Promise<void> {
  const deletedTs = (event as { deleted_ts?: unknown }).deleted_ts;
  if (!event.channel || typeof deletedTs !== "string") return;
  const input = { externalId: messageKey(event.channel, deletedTs), at: tsToDate(event.ts) };
  await runAsSlack(services, connection.workspaceId, (ctx) => deleteSlackMessage(ctx, input));
}

/** DMs are not issues (they would bypass the shared channel); the bot points there instead. */
async function answerDirectMessage(services: Services, connection: SlackConnection, message: SlackMessage) {
  if (!message.channel || !message.user || isThreadReply(message)) return;
  const shared = await sharedChannelForSlackUser(services.database.db, connection.workspaceId, message.user);
  const where = shared ? `<#${shared}>` : "your shared channel with us";
  await callSlack(connection, "chat.postMessage", {
    channel: message.channel,
    text: `Thanks for reaching out! I don't pick up direct messages. Please post in ${where} so the whole team sees it and gets back to you.`,
  });
}

async function onReaction(services: Services, connection: SlackConnection, event: Event): Promise<void> {
  const item = event.item as { type?: string; channel?: string; ts?: string } | undefined;
  const reaction = typeof event.reaction === "string" ? event.reaction : undefined;
  const user = typeof event.user === "string" ? event.user : undefined;
  if (item?.type !== "message" || !item.channel || !item.ts || !reaction || !user) return;
  if (user === connection.botUserId) return;
  if (reaction === connection.issueEmoji && event.type === "reaction_added") {
    const channel = await knownChannel(services, connection, item.channel);
    const message = channel?.accountId ? await fetchMessage(connection, item.channel, item.ts) : undefined;
    if (channel && message) return openIssueFor(services, connection, channel, message);
  }
  const input = {
    externalId: messageKey(item.channel, item.ts),
    emoji: reaction,
    slackUserId: user,
    removed: event.type === "reaction_removed",
  };
  await runAsSlack(services, connection.workspaceId, (ctx) => recordSlackReaction(ctx, input));
}

async function onShortcut(services: Services, connection: SlackConnection, shortcut: SlackShortcut) {
  if (shortcut.callback_id !== "create_issue") return;
  const channel = await knownChannel(services, connection, shortcut.channel.id);
  if (!channel?.accountId) return;
  await openIssueFor(services, connection, channel, { ...shortcut.message, channel: shortcut.channel.id });
}

/** A marked message (reaction, shortcut) becomes its own issue; a thread reply is split out. */
async function openIssueFor(
  services: Services,
  connection: SlackConnection,
  channel: SlackChannelRow,
  message: SlackMessage,
): Promise<void> {
  if (!message.user || classifyMessage(message, connection) === "bot") return;
  const author = await resolveSlackAuthor(services, connection, message.user);
  const key =
    message.thread_ts && isThreadReply(message)
      ? splitThreadKey(channel.slackChannelId, message.thread_ts, message.ts)
      : threadKey(channel.slackChannelId, message.ts);
  // Someone asked for this issue: a colleague's message may become one too.
  const inbound = { ...(await toInbound(connection, channel, message, author, key)), allowInternal: true };
  await runAsSlack(services, connection.workspaceId, (ctx) => openIssueFromSlackMessage(ctx, inbound));
}

/** A message by ts: top-level ones from history, thread replies from conversations.replies. */
async function fetchMessage(connection: SlackConnection, channel: string, ts: string) {
  const history = (await callSlack(connection, "conversations.history", {
    channel,
    latest: ts,
    oldest: ts,
    inclusive: true,
    limit: 1,
  })) as { messages?: unknown[] };
  const found = pick(history.messages, ts);
  if (found) return { ...found, channel };
  const replies = (await callSlack(connection, "conversations.replies", { channel, ts })) as { messages?: unknown[] };
  const reply = pick(replies.messages, ts);
  return reply ? { ...reply, channel } : undefined;
}

function pick(messages: unknown[] | undefined, ts: string): SlackMessage | undefined {
  for (const m of messages ?? []) {
    const parsed = SlackMessage.safeParse(m);
    if (parsed.success && parsed.data.ts === ts) return parsed.data;
  }
  return undefined;
}
