// Pure helpers that turn Slack's wire shapes into our words: ids, thread keys, plain text.
import { z } from "zod";

/** The Events API envelope (outer callback); the inner event stays loose and is read per type. */
export const SlackEnvelope = z.looseObject({
  type: z.string(),
  challenge: z.string().optional(),
  team_id: z.string().optional(),
  api_app_id: z.string().optional(),
  event_id: z.string().optional(),
  event_time: z.number().optional(),
  event: z.looseObject({ type: z.string() }).optional(),
});
export type SlackEnvelope = z.infer<typeof SlackEnvelope>;

export const SlackFile = z.looseObject({
  id: z.string(),
  name: z.string().optional(),
  title: z.string().optional(),
  mimetype: z.string().optional(),
  size: z.number().optional(),
  url_private: z.string().optional(),
  url_private_download: z.string().optional(),
});
export type SlackFile = z.infer<typeof SlackFile>;

export const SlackMessage = z.looseObject({
  type: z.string().optional(),
  subtype: z.string().optional(),
  channel: z.string().optional(),
  channel_type: z.string().optional(),
  user: z.string().optional(),
  bot_id: z.string().optional(),
  app_id: z.string().optional(),
  text: z.string().optional(),
  ts: z.string(),
  thread_ts: z.string().optional(),
  files: z.array(SlackFile).optional(),
});
export type SlackMessage = z.infer<typeof SlackMessage>;

/** A message shortcut ("Create issue") from the interactivity endpoint. */
export const SlackShortcut = z.looseObject({
  type: z.literal("message_action"),
  callback_id: z.string(),
  trigger_id: z.string(),
  team: z.looseObject({ id: z.string() }).optional(),
  api_app_id: z.string().optional(),
  channel: z.looseObject({ id: z.string() }),
  user: z.looseObject({ id: z.string() }),
  message: SlackMessage,
});
export type SlackShortcut = z.infer<typeof SlackShortcut>;

/** Messages are unique per channel by ts; this is their externalId everywhere. */
export const messageKey = (channel: string, ts: string) => `${channel}:${ts}`;
/** A thread (and its issue) is the channel plus the root message's ts. */
export const threadKey = (channel: string, rootTs: string) => messageKey(channel, rootTs);
/** A thread reply split into its own issue keeps its own key inside the parent thread. */
export const splitThreadKey = (channel: string, rootTs: string, ts: string) => `${channel}:${rootTs}>${ts}`;

export function tsToDate(ts: string): Date {
  const seconds = Number(ts);
  return Number.isFinite(seconds) ? new Date(Math.round(seconds * 1000)) : new Date();
}

export function isThreadReply(message: Pick<SlackMessage, "ts" | "thread_ts">): boolean {
  return Boolean(message.thread_ts && message.thread_ts !== message.ts);
}

/** Subtypes that carry a person's words; joins, topic changes and the like are not messages to us. */
const CONTENT_SUBTYPES = new Set([undefined, "file_share", "thread_broadcast", "me_message"]);

export type MessageKind = "bot" | "noise" | "dm" | "edit" | "delete" | "content";

/** What to do with a `message` event: ours and other bots' posts are never re-ingested. */
export function classifyMessage(
  message: SlackMessage,
  bot: { botUserId: string | null; botId: string | null },
): MessageKind {
  if (message.subtype === "message_changed") return "edit";
  if (message.subtype === "message_deleted") return "delete";
  if (message.bot_id || message.subtype === "bot_message") return "bot";
  if (bot.botUserId && message.user === bot.botUserId) return "bot";
  if (!CONTENT_SUBTYPES.has(message.subtype) || !message.user) return "noise";
  if (message.channel_type === "im") return "dm";
  return "content";
}

const ENTITIES: Record<string, string> = { "&amp;": "&", "&lt;": "<", "&gt;": ">" };

/** Slack mrkdwn to readable plain text: mentions, channel links and URLs lose their brackets. */
export function mrkdwnToText(text: string): string {
  return text
    .replace(/<([^<>|]+)\|([^<>]+)>/g, (_m, target: string, label: string) => linkText(target, label))
    .replace(/<([^<>]+)>/g, (_m, target: string) => linkText(target, undefined))
    .replace(/&(amp|lt|gt);/g, (m) => ENTITIES[m] ?? m);
}

function linkText(target: string, label: string | undefined): string {
  if (target.startsWith("@")) return `@${label ?? target.slice(1)}`;
  if (target.startsWith("#")) return `#${label ?? target.slice(1)}`;
  if (target.startsWith("!")) return `@${label ?? target.slice(1).split("^")[0]}`;
  return label && label !== target ? `${label} (${target})` : target;
}

/**
 * The thread an inbox event belongs to (channel:root ts), so one thread's events are worked in
 * order: a message, its edit, its deletion, a reaction on it, a shortcut on it.
 */
export function orderingKey(payload: Record<string, unknown>): string | null {
  const event = (payload.event ?? payload) as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === "string" ? v : undefined);
  const sub = (v: unknown) => (v && typeof v === "object" ? (v as Record<string, unknown>) : {});
  if (payload.type === "message_action") {
    const channel = str(sub(payload.channel).id);
    const message = sub(payload.message);
    const root = str(message.thread_ts) ?? str(message.ts);
    return channel && root ? threadKey(channel, root) : null;
  }
  const channel = str(event.channel) ?? str(sub(event.item).channel);
  const inner = sub(event.message ?? event.previous_message);
  const root =
    str(event.thread_ts) ??
    str(inner.thread_ts) ??
    str(inner.ts) ??
    str(event.deleted_ts) ??
    str(sub(event.item).ts) ??
    str(event.ts);
  return channel && root ? threadKey(channel, root) : null;
}
