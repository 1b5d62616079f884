// Internal threads on the Slack side: the summary card posted as the bot in an internal channel,
// notes from the issue posted into that thread, replies there brought back as internal notes, and
// a resolution line in every thread when the issue closes. Internal channels are never customer
// channels (events.ts hands their messages here before any customer logic runs).

import {
  recordInternalCard,
  recordInternalCardAttempt,
  recordInternalNoteAttempt,
  recordInternalNoteSent,
  recordInternalReply,
  resolveInternalThread,
} from "../../commands/internalThreads";
import type { CommandJobs, JobPayloadOf } from "../../commands/jobs";
import { publicUrlOf } from "../../config";
import { internalNoteToPost, internalThreadCard, unresolvedInternalThreads } from "../../queries/internalThreads";
import { knownSlackPerson, type SlackChannelRow } from "../../queries/slack";
import type { Services } from "../../services";
import { callSlack, type SlackConnection, slackErrorCode } from "./client";
import { runAsSlack } from "./command";
import { isThreadReply, messageKey, mrkdwnToText, type SlackMessage, tsToDate } from "./normalise";
import { findOwnPost } from "./ownPosts";
import { loadSlackConnection } from "./secrets";
import { REFUSALS } from "./sender";
import { resolveSlackAuthor } from "./users";

type Payload<N extends keyof CommandJobs & string> = JobPayloadOf<CommandJobs, N>;

/** Posted with every card, so the thread is recognisable as ours in Slack's message metadata. */
export const INTERNAL_METADATA_TYPE = "switchboard_internal_thread";
/** Posted with every note from the issue, so a retry can find it in the thread. */
export const INTERNAL_NOTE_METADATA_TYPE = "switchboard_internal_note";

/** Slack mrkdwn treats these three as control characters. */
const mrkdwnEscape = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

export const issueUrl = (services: Services, number: number) => `${publicUrlOf(services.config)}/issues/${number}`;

/** The `internal.post` job: the thread's summary card, as the bot. A refusal is shown on the thread. */
export async function postInternalCard(services: Services, data: Payload<"internal.post">): Promise<void> {
  const found = await internalThreadCard(services.database.db, data.workspaceId, data.threadId);
  if (!found || found.thread.threadTs) return;
  const fail = (error: string) =>
    runAsSlack(services, data.workspaceId, (ctx) => recordInternalCard(ctx, data.threadId, { error }));
  // Re-checked at post time: a channel shared with a customer since it was listed is never used.
  if (found.channel.kind !== "internal" || found.channel.isExtShared)
    return void (await fail("the channel is no longer an internal channel."));
  const connection = await loadSlackConnection(services, data.workspaceId);
  if (!connection) return void (await fail("Slack is not connected for this workspace."));
  const card = internalCard(services, found);
  const posted = (threadTs: string) =>
    runAsSlack(services, data.workspaceId, (ctx) => recordInternalCard(ctx, data.threadId, { threadTs }));
  try {
    // An earlier attempt may have posted the card and died before recording it: find it by our
    // metadata rather than post a second card (as replies do, sender.ts).
    const attempted = found.thread.cardAttemptedAt;
    const earlier =
      attempted &&
      (await findOwnPost(
        connection,
        { channel: found.channel.slackChannelId, oldest: lookbackFrom(attempted) },
        { eventType: INTERNAL_METADATA_TYPE, key: "thread_id", value: data.threadId },
      ));
    if (earlier) return void (await posted(earlier));
    await runAsSlack(services, data.workspaceId, (ctx) => recordInternalCardAttempt(ctx, data.threadId, new Date()));
    const result = await callSlack(connection, "chat.postMessage", {
      channel: found.channel.slackChannelId,
      ...card,
      unfurl_links: false,
      metadata: { event_type: INTERNAL_METADATA_TYPE, event_payload: { thread_id: data.threadId } },
    });
    const ts = typeof result.ts === "string" ? result.ts : undefined;
    if (!ts) return void (await fail("Slack did not answer with the message's ts."));
    await posted(ts);
  } catch (error) {
    const refusal = REFUSALS[slackErrorCode(error) ?? ""];
    if (!refusal) throw error;
    await fail(refusal);
  }
}

/** Slack keeps a card's metadata for us; a minute's margin covers clocks that disagree. */
const LOOKBACK_SECONDS = 60;
const lookbackFrom = (attempted: Date) => (Math.floor(attempted.getTime() / 1000) - LOOKBACK_SECONDS).toFixed(6);

type Card = NonNullable<Awaited<ReturnType<typeof internalThreadCard>>>;

/** Title (linked back), account and tier, and the question: all a colleague needs to answer. */
export function internalCard(services: Services, card: Card) {
  const url = issueUrl(services, card.issue.number);
  const title = `#${card.issue.number} ${card.issue.title}`;
  const account = card.account?.name ?? "No account";
  const tier = card.account?.tier ?? "—";
  const asker = card.askedBy ?? "An agent";
  return {
    text: `${asker} asks about ${title} (${account}, ${tier}): ${card.thread.question}`,
    blocks: [
      { type: "section", text: { type: "mrkdwn", text: `*<${url}|${mrkdwnEscape(title)}>*` } },
      {
        type: "section",
        fields: [
          { type: "mrkdwn", text: `*Account*\n${mrkdwnEscape(account)}` },
          { type: "mrkdwn", text: `*Tier*\n${mrkdwnEscape(tier)}` },
        ],
      },
      {
        type: "section",
        text: { type: "mrkdwn", text: `*${mrkdwnEscape(asker)} asks:*\n${mrkdwnEscape(card.thread.question)}` },
      },
      {
        type: "context",
        elements: [
          {
            type: "mrkdwn",
            text: "Reply in this thread: replies reach the issue as internal notes, never the customer.",
          },
        ],
      },
    ],
  };
}

/** The `internal.note` job: a note from the issue, posted in its thread under the agent's name. */
export async function postInternalNote(services: Services, data: Payload<"internal.note">): Promise<void> {
  const note = await internalNoteToPost(services.database.db, data.workspaceId, data.messageId);
  if (!note || note.message.externalId) return;
  if (note.kind !== "internal") return;
  // The card is still being posted; the job's retry comes back for it.
  if (!note.thread.threadTs) throw new Error("The thread's card is not in Slack yet.");
  const connection = await loadSlackConnection(services, data.workspaceId);
  if (!connection) return;
  const sent = (ts: string) =>
    runAsSlack(services, data.workspaceId, (ctx) =>
      recordInternalNoteSent(ctx, data.messageId, messageKey(note.slackChannelId, ts)),
    );
  const thread = { channel: note.slackChannelId, threadTs: note.thread.threadTs };
  const earlier =
    note.message.attemptedAt &&
    (await findOwnPost(connection, thread, {
      eventType: INTERNAL_NOTE_METADATA_TYPE,
      key: "message_id",
      value: data.messageId,
    }));
  if (earlier) return void (await sent(earlier));
  await runAsSlack(services, data.workspaceId, (ctx) => recordInternalNoteAttempt(ctx, data.messageId, new Date()));
  const result = await callSlack(connection, "chat.postMessage", {
    channel: note.slackChannelId,
    thread_ts: note.thread.threadTs,
    text: note.message.bodyText,
    unfurl_links: false,
    metadata: { event_type: INTERNAL_NOTE_METADATA_TYPE, event_payload: { message_id: data.messageId } },
    ...(note.author && { username: note.author }),
  });
  if (typeof result.ts !== "string") return;
  await sent(result.ts);
}

/** After `issue.changed`: a closed issue posts one resolution line in each of its open threads. */
export async function resolveInternalThreads(services: Services, data: Payload<"issue.changed">): Promise<void> {
  if (data.change !== "state" || data.to !== "closed") return;
  const db = services.database.db;
  const threads = await unresolvedInternalThreads(db, data.workspaceId, data.issueId);
  if (threads.length === 0) return;
  const connection = await loadSlackConnection(services, data.workspaceId);
  if (!connection) return;
  for (const thread of threads) {
    const card = await internalThreadCard(db, data.workspaceId, thread.id);
    if (!card || !thread.threadTs) continue;
    const title = `#${card.issue.number} ${card.issue.title}`;
    await callSlack(connection, "chat.postMessage", {
      channel: thread.slackChannelId,
      thread_ts: thread.threadTs,
      text: `:white_check_mark: Resolved: <${issueUrl(services, card.issue.number)}|${mrkdwnEscape(title)}> was closed in Switchboard. Thanks for the help!`,
      unfurl_links: false,
    });
    await runAsSlack(services, data.workspaceId, (ctx) => resolveInternalThread(ctx, thread.id, new Date()));
  }
}

/**
 * A message in an internal channel. Only replies in one of our threads mean anything: they become
 * internal notes. Top-level posts there never open issues, whoever writes them.
 */
export async function onInternalMessage(
  services: Services,
  connection: SlackConnection,
  channel: SlackChannelRow,
  message: SlackMessage,
): Promise<void> {
  if (!message.user || !message.thread_ts || !isThreadReply(message)) return;
  const author = await resolveSlackAuthor(services, connection, message.user);
  const person = author.isColleague
    ? await knownSlackPerson(services.database.db, connection.workspaceId, message.user)
    : undefined;
  const input = {
    channelId: channel.id,
    threadTs: message.thread_ts,
    externalId: messageKey(channel.slackChannelId, message.ts),
    text: mrkdwnToText(message.text ?? "") || "(a message without text)",
    author: person?.kind === "user" ? { userId: person.id } : { name: author.name ?? message.user },
    at: tsToDate(message.ts),
  };
  await runAsSlack(services, connection.workspaceId, (ctx) => recordInternalReply(ctx, input));
}
