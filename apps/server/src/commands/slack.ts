// Slack commands: the connection, the channel list and its account mapping, accepted Events API
// deliveries, and what Slack-side changes (edits, deletions, reactions, splits) do to issues.
import { and, eq, inArray, notInArray, sql } from "drizzle-orm";
import type { Executor } from "../db/connect";
import { executeRaw } from "../db/raw";
import { issues, messages, slackChannels, slackConnections, slackEvents, slackInteractions, users } from "../db/schema";
import type { SlackChannelMode, SlackConnectedTeam } from "../db/schema/slack";
import { AppError, conflict, notFound } from "../domain/errors";
import { recordSettingChange } from "./audit";
import { authorize } from "./authorize";
import type { CommandContext } from "./context";
import { appendEvent } from "./events";
import { type InboundDelivery, type IngestResult, ingestInbound, ingestInboundMany, isRefusal } from "./inbound";
import type { InboundMessage } from "./inboundMessage";
import { changeState } from "./issues";
import { assertAccount, type IssueRow, loadIssueByIdForUpdate, messageByExternalId } from "./lookup";
import { replaceMessageText } from "./messageEdits";
import { quarantineDelivery } from "./quarantine";

export interface SlackConnectionInput {
  botToken: string;
  signingSecret: string;
  apiUrl?: string | null;
  issueEmoji?: string;
  teamId?: string | null;
  appId?: string | null;
  botUserId?: string | null;
  botId?: string | null;
}

/** What is stored: the secrets arrive sealed by the caller (services.secrets), as the SMTP password. */
export interface StoredSlackConnectionInput extends Omit<SlackConnectionInput, "botToken" | "signingSecret"> {
  botTokenSealed: string;
  signingSecretSealed: string;
  /** The signing secret is the one stored already: what the webhook saw of it stays true. */
  sameSigningSecret: boolean;
}

export async function saveSlackConnection(ctx: CommandContext, input: StoredSlackConnectionInput) {
  authorize(ctx, "settings.write");
  const before = await slackConnectionOf(ctx);
  const values = {
    botTokenSealed: input.botTokenSealed,
    signingSecretSealed: input.signingSecretSealed,
    apiUrl: input.apiUrl ?? null,
    issueEmoji: normaliseEmoji(input.issueEmoji ?? "ticket"),
    teamId: input.teamId ?? null,
    appId: input.appId ?? null,
    botUserId: input.botUserId ?? null,
    botId: input.botId ?? null,
    updatedAt: new Date(),
  };
  const [row] = await ctx.tx
    .insert(slackConnections)
    .values({ workspaceId: ctx.workspaceId, ...values })
    .onConflictDoUpdate({
      target: slackConnections.workspaceId,
      set: {
        ...values,
        // What we saw of the signing secret stays true only while the secret stays the same.
        ...(!input.sameSigningSecret && { signatureVerifiedAt: null, signatureFailedAt: null }),
      },
    })
    .returning();
  if (!row) throw new Error("slack connection upsert returned nothing");
  await recordSettingChange(ctx, { type: "slack_connection", id: row.id }, before, row);
  await ctx.notify({ kind: "settings", id: row.id, action: "slack.connected" });
  return row;
}

/**
 * Replaces a secret stored in plain (before migration 0019) by its sealed form, only if the row
 * still holds that plain value (servers starting together agree). Not a tenant's action: no actor.
 */
export async function sealStoredSlackSecret(
  db: Executor,
  input: { id: string; column: "botTokenSealed" | "signingSecretSealed"; plain: string; sealed: string },
): Promise<boolean> {
  const done = await db
    .update(slackConnections)
    .set({ [input.column]: input.sealed })
    .where(and(eq(slackConnections.id, input.id), eq(slackConnections[input.column], input.plain)))
    .returning({ id: slackConnections.id });
  return done.length > 0;
}

export async function updateSlackSettings(ctx: CommandContext, input: { issueEmoji?: string }) {
  authorize(ctx, "settings.write");
  const before = await slackConnectionOf(ctx);
  const [row] = await ctx.tx
    .update(slackConnections)
    .set({ ...(input.issueEmoji && { issueEmoji: normaliseEmoji(input.issueEmoji) }), updatedAt: new Date() })
    .where(eq(slackConnections.workspaceId, ctx.workspaceId))
    .returning();
  if (!row) throw notFound("Slack connection");
  await recordSettingChange(ctx, { type: "slack_connection", id: row.id }, before, row);
  return row;
}

/** The workspace's connection as stored (the audit log's "before"). */
async function slackConnectionOf(ctx: CommandContext) {
  const [row] = await ctx.tx.select().from(slackConnections).where(eq(slackConnections.workspaceId, ctx.workspaceId));
  return row ?? null;
}

export async function removeSlackConnection(ctx: CommandContext) {
  authorize(ctx, "settings.write");
  const [removed] = await ctx.tx
    .delete(slackConnections)
    .where(eq(slackConnections.workspaceId, ctx.workspaceId))
    .returning();
  if (removed) await recordSettingChange(ctx, { type: "slack_connection", id: removed.id }, removed, null);
  await ctx.notify({ kind: "settings", id: ctx.workspaceId, action: "slack.disconnected" });
}

/**
 * What the webhook saw of a connection's signing secret: a request it verified, or one naming the
 * connection's team or app that it did not (the secret pasted is not this app's). For the
 * connection panel; written at most once a minute per connection and outcome.
 */
export async function recordSlackSignature(ctx: CommandContext, connectionId: string, verified: boolean) {
  const now = new Date();
  await ctx.tx
    .update(slackConnections)
    .set(verified ? { signatureVerifiedAt: now } : { signatureFailedAt: now })
    .where(and(eq(slackConnections.workspaceId, ctx.workspaceId), eq(slackConnections.id, connectionId)));
}

const normaliseEmoji = (name: string) => name.trim().replace(/^:|:$/g, "");

/**
 * Drains of one workspace that may wait at once: an event's lane is its channel's, so events of
 * different channels reach different drains, which any worker process may take. A drain works on
 * every lane (claims skip what another drain holds), so a lane is only how drains fan out.
 */
export const SLACK_DRAIN_LANES = 8;

/** The lane of an inbox event: by the channel of its ordering key (channel:ts), 0 without one. */
export function slackLane(threadKey: string | null): number {
  if (!threadKey) return 0;
  const channel = threadKey.split(":", 1)[0] ?? "";
  let hash = 0;
  for (let i = 0; i < channel.length; i++) hash = (hash * 31 + channel.charCodeAt(i)) | 0;
  return Math.abs(hash) % SLACK_DRAIN_LANES;
}

export interface SlackDelivery {
  eventId: string;
  type: string;
  threadKey: string | null;
  payload: Record<string, unknown>;
}

/**
 * Takes an Events API delivery (or a shortcut) into the Slack inbox, in one transaction with the
 * job that drains it. A retry or duplicate collides on the event id and changes nothing.
 */
export async function acceptSlackDelivery(ctx: CommandContext, input: SlackDelivery): Promise<{ accepted: boolean }> {
  const [outcome] = await acceptSlackDeliveries(ctx, [input]);
  return outcome ?? { accepted: false };
}

/**
 * Deliveries that reached the webhook together (see GroupCommitter), taken with one INSERT and
 * one look for waiting drains. The outcome is that of taking them one by one, in order: of two
 * with one event id, the first is accepted.
 */
export async function acceptSlackDeliveries(
  ctx: CommandContext,
  inputs: readonly SlackDelivery[],
): Promise<{ accepted: boolean }[]> {
  if (inputs.length === 0) return [];
  const rows = await ctx.tx
    .insert(slackEvents)
    .values(inputs.map((input) => ({ workspaceId: ctx.workspaceId, ...input })))
    .onConflictDoNothing()
    .returning({ eventId: slackEvents.eventId });
  const inserted = new Set(rows.map((r) => r.eventId));
  const outcomes = inputs.map((input) => {
    const accepted = inserted.delete(input.eventId);
    return { accepted, lane: slackLane(input.threadKey) };
  });
  const lanes = [...new Set(outcomes.filter((o) => o.accepted).map((o) => o.lane))];
  if (lanes.length > 0) {
    // One waiting drain per lane is enough: it takes every event committed before it runs. A drain
    // waiting for a retry's backoff (start_after ahead) does not count: new events must not wait on it.
    const waiting = await executeRaw(
      ctx.tx,
      `SELECT DISTINCT COALESCE((data->>'lane')::int, 0) AS lane FROM pgboss.job
        WHERE name = 'slack.event' AND state = 'created' AND start_after <= now() AND data->>'workspaceId' = $1`,
      [ctx.workspaceId],
    );
    const covered = new Set((waiting.rows as { lane: number | string }[]).map((r) => Number(r.lane)));
    for (const lane of lanes) if (!covered.has(lane)) await ctx.enqueue("slack.event", { lane });
  }
  return outcomes.map(({ accepted }) => ({ accepted }));
}

export type ClaimedSlackEvent = Pick<
  typeof slackEvents.$inferSelect,
  "eventId" | "payload" | "attempts" | "seq" | "threadKey"
>;

/**
 * Up to `limit` inbox events to work on, for worker process `processId`, oldest first: only the
 * first open event of each thread (an event waits while an earlier one of its thread is open,
 * whichever drain holds it: per-thread order), skipping rows another drain is claiming (SKIP
 * LOCKED), so drains of every process work side by side on different threads. Events of a worker
 * process that no longer beats (worker_process), claimed too long ago, or claimed by this process
 * and no longer `working` on (its drain failed, the database having gone away) are taken again.
 */
export async function claimSlackEvents(
  ctx: CommandContext,
  processId: string,
  working: readonly string[] = [],
  limit = 1,
): Promise<ClaimedSlackEvent[]> {
  const e = slackEvents;
  const next = ctx.tx
    .select({ eventId: e.eventId })
    .from(e)
    .where(
      and(
        eq(e.workspaceId, ctx.workspaceId),
        // Spelled as the open-event indexes' predicate, so the walk in seq order uses them.
        sql`${e.status} IN ('pending', 'processing')`,
        sql`(${e.status} = 'pending' OR ${e.claimedAt} < now() - interval '5 minutes'
          OR NOT EXISTS (SELECT 1 FROM worker_process w WHERE w.id = ${e.claimedBy})
          OR (${e.claimedBy} = ${processId} AND ${working.length > 0 ? notInArray(e.eventId, [...working]) : sql`true`}))`,
        sql`${e.availableAt} <= now()`,
        sql`NOT EXISTS (SELECT 1 FROM slack_event p WHERE p.workspace_id = ${e.workspaceId}
          AND p.thread_key = ${e.threadKey} AND p.seq < ${e.seq} AND p.status IN ('pending', 'processing'))`,
      ),
    )
    .orderBy(e.seq)
    .limit(limit)
    .for("update", { skipLocked: true });
  const claimed = await ctx.tx
    .update(e)
    .set({ status: "processing", claimedAt: sql`now()`, claimedBy: processId, attempts: sql`${e.attempts} + 1` })
    .where(and(eq(e.workspaceId, ctx.workspaceId), inArray(e.eventId, next)))
    .returning({ eventId: e.eventId, payload: e.payload, attempts: e.attempts, seq: e.seq, threadKey: e.threadKey });
  return claimed.sort((a, b) => a.seq - b.seq);
}

export async function completeSlackEvent(ctx: CommandContext, eventId: string) {
  await completeSlackEvents(ctx, [eventId]);
}

/** Marks worked events done, with one statement (a drain's batch: see `ingestSlackMessages`). */
export async function completeSlackEvents(ctx: CommandContext, eventIds: readonly string[]) {
  if (eventIds.length === 0) return;
  await ctx.tx
    .update(slackEvents)
    .set({ status: "done", payload: {}, error: null })
    .where(and(eq(slackEvents.workspaceId, ctx.workspaceId), inArray(slackEvents.eventId, [...eventIds])));
}

export const MAX_SLACK_EVENT_ATTEMPTS = 5;

/**
 * A failed event waits `retryInSeconds` and is tried again; after the last attempt it goes to
 * quarantine with its payload and reason, and stops holding back its thread.
 */
export async function failSlackEvent(
  ctx: CommandContext,
  event: ClaimedSlackEvent,
  input: { reason: string; retryInSeconds: number },
): Promise<"retry" | "quarantined"> {
  const final = event.attempts >= MAX_SLACK_EVENT_ATTEMPTS;
  await ctx.tx
    .update(slackEvents)
    .set({
      status: final ? "failed" : "pending",
      error: input.reason,
      availableAt: sql`now() + make_interval(secs => ${input.retryInSeconds})`,
    })
    .where(and(eq(slackEvents.workspaceId, ctx.workspaceId), eq(slackEvents.eventId, event.eventId)));
  if (!final) return "retry";
  await quarantineDelivery(ctx.tx, {
    workspaceId: ctx.workspaceId,
    channel: "slack",
    reason: input.reason,
    raw: JSON.stringify(event.payload),
    meta: { eventId: event.eventId, attempts: event.attempts },
  });
  return "quarantined";
}

export interface SlackChannelFacts {
  slackChannelId: string;
  name: string;
  isPrivate: boolean;
  isExtShared: boolean;
  isMember: boolean;
  connectedTeams?: SlackConnectedTeam[];
}

/** Keeps the stored channel list current (sync, joins, shares, renames); never touches mapping. */
export async function upsertSlackChannels(ctx: CommandContext, channels: SlackChannelFacts[]): Promise<number> {
  if (channels.length === 0) return 0;
  const rows = channels.map((c) => ({
    workspaceId: ctx.workspaceId,
    slackChannelId: c.slackChannelId,
    name: c.name,
    isPrivate: c.isPrivate,
    isExtShared: c.isExtShared,
    isMember: c.isMember,
    connectedTeams: c.connectedTeams ?? [],
  }));
  const result = await ctx.tx
    .insert(slackChannels)
    .values(rows)
    .onConflictDoUpdate({
      target: [slackChannels.workspaceId, slackChannels.slackChannelId],
      set: {
        name: sql`excluded.name`,
        isPrivate: sql`excluded.is_private`,
        isExtShared: sql`excluded.is_ext_shared`,
        isMember: sql`excluded.is_member`,
        // An event that could not look the teams up must not erase what a sync found.
        connectedTeams: sql`CASE WHEN jsonb_array_length(excluded.connected_teams) > 0 THEN excluded.connected_teams ELSE ${slackChannels.connectedTeams} END`,
        updatedAt: new Date(),
      },
    })
    .returning({ id: slackChannels.id });
  await ctx.notify({ kind: "settings", id: ctx.workspaceId, action: "slack.channels" });
  return result.length;
}

export async function renameSlackChannel(ctx: CommandContext, slackChannelId: string, name: string) {
  await ctx.tx
    .update(slackChannels)
    .set({ name, updatedAt: new Date() })
    .where(and(eq(slackChannels.workspaceId, ctx.workspaceId), eq(slackChannels.slackChannelId, slackChannelId)));
}

export async function mapSlackChannel(
  ctx: CommandContext,
  channelId: string,
  input: { accountId?: string | null; mode?: SlackChannelMode },
) {
  authorize(ctx, "settings.write");
  if (input.accountId) await assertAccount(ctx, input.accountId);
  const [channel] = await ctx.tx
    .select({ kind: slackChannels.kind })
    .from(slackChannels)
    .where(and(eq(slackChannels.workspaceId, ctx.workspaceId), eq(slackChannels.id, channelId)));
  if (channel?.kind === "internal")
    throw new AppError("conflict", "This is an internal channel; remove it from the internal channels first.");
  const [row] = await ctx.tx
    .update(slackChannels)
    .set({
      ...(input.accountId !== undefined && { accountId: input.accountId }),
      ...(input.mode !== undefined && { mode: input.mode }),
      updatedAt: new Date(),
    })
    .where(and(eq(slackChannels.workspaceId, ctx.workspaceId), eq(slackChannels.id, channelId)))
    .returning();
  if (!row) throw notFound("Slack channel");
  await ctx.notify({ kind: "settings", id: row.id, action: "slack.channel.mapped" });
  return row;
}

/** Remembers a colleague's Slack user id (found via users.info email) for later messages. */
export async function linkSlackUser(ctx: CommandContext, userId: string, slackUserId: string) {
  await ctx.tx
    .update(users)
    .set({ slackUserId })
    .where(and(eq(users.workspaceId, ctx.workspaceId), eq(users.id, userId)));
}

/**
 * Ingests a Slack message. Thread replies only join an issue that exists: a reply under a
 * message that never became an issue (reaction mode, a colleague's post) is not a new issue.
 */
export async function ingestSlackMessage(
  ctx: CommandContext,
  inbound: InboundMessage,
  options: { joinOnly: boolean },
): Promise<IngestResult | undefined> {
  if (options.joinOnly && !(await threadIssue(ctx, inbound.threadKey))) return undefined;
  return ingestInbound(ctx, inbound);
}

/**
 * Turns one Slack message into its own issue (ticket reaction, "Create issue" shortcut). A thread
 * reply already recorded on its parent issue is copied (the parent keeps its history) and the
 * parent records the split.
 */
export async function openIssueFromSlackMessage(ctx: CommandContext, inbound: InboundMessage) {
  const existing = await threadIssue(ctx, inbound.threadKey);
  if (existing) return { issue: existing, created: false };
  const [recorded] = await ctx.tx
    .select({ issueId: messages.issueId })
    .from(messages)
    .where(
      and(
        eq(messages.workspaceId, ctx.workspaceId),
        eq(messages.channel, "slack"),
        eq(messages.externalId, inbound.externalId),
      ),
    );
  const result = await ingestInbound(
    ctx,
    recorded ? { ...inbound, externalId: `${inbound.externalId}#split` } : inbound,
  );
  if (recorded) {
    const parent = await loadIssueByIdForUpdate(ctx, recorded.issueId);
    await appendEvent(ctx, parent, "reaction", { split: true, intoIssueNumber: result.issue.number });
  }
  return { issue: result.issue, created: result.createdIssue };
}

/** A Slack message to ingest, as `ingestSlackMessage` takes it. */
export interface SlackMessageIntake {
  inbound: InboundMessage;
  /** A thread reply: it joins its thread's issue, and is dropped when the thread has none. */
  joinOnly: boolean;
}

/**
 * Slack messages of one workspace, ingested in one pass with the outcome of ingesting them one by
 * one, in order (`ingestSlackMessage`): their threads' issues are looked up and locked with one
 * statement, then `ingestInboundMany` writes them together. A reply whose root opens its issue
 * earlier in the batch joins it. A refusal fails the whole batch (its caller runs each alone).
 */
export async function ingestSlackMessages(
  ctx: CommandContext,
  intakes: readonly SlackMessageIntake[],
): Promise<(IngestResult | undefined)[]> {
  if (intakes.length === 0) return [];
  const keys = [...new Set(intakes.map((i) => i.inbound.threadKey))];
  const threads = await ctx.tx
    .select()
    .from(issues)
    .where(and(eq(issues.workspaceId, ctx.workspaceId), eq(issues.channel, "slack"), inArray(issues.threadKey, keys)))
    .orderBy(issues.id)
    .for("update");
  const byKey = new Map(threads.map((issue) => [issue.threadKey, issue]));
  // A key no issue has may name a stored message (as ingestInbound's thread lookup finds it):
  // those few are left to that lookup; the others open new issues. Thread keys and message ids
  // are both `channel:ts`, so one lookup answers for the keys and for the messages themselves.
  const unknown = keys.filter((key) => !byKey.has(key));
  const stored = await storedSlackMessages(ctx, [
    ...new Set([...unknown, ...intakes.map((i) => i.inbound.externalId)]),
  ]);
  const deliveries: InboundDelivery[] = [];
  const slots: number[] = [];
  const opening = new Set<string>();
  const seen = new Set<string>();
  for (const [i, { inbound, joinOnly }] of intakes.entries()) {
    const key = inbound.threadKey;
    const thread = byKey.get(key);
    if (!thread && joinOnly && !opening.has(key)) continue;
    if (!thread) opening.add(key);
    // Known new: neither stored nor earlier in the batch (a repeat is left to the duplicate check).
    const knownNew = !stored.has(inbound.externalId) && !seen.has(inbound.externalId);
    seen.add(inbound.externalId);
    const hints = thread ? { thread, knownNew } : stored.has(key) ? { knownNew } : { thread: null, knownNew };
    slots.push(i);
    deliveries.push({ inbound, hints });
  }
  const outcomes = await ingestInboundMany(ctx, deliveries);
  const results: (IngestResult | undefined)[] = intakes.map(() => undefined);
  for (const [k, outcome] of outcomes.entries()) {
    if (isRefusal(outcome)) throw conflict(outcome.refused);
    const slot = slots[k];
    if (slot !== undefined) results[slot] = outcome;
  }
  return results;
}

async function threadIssue(ctx: CommandContext, key: string): Promise<IssueRow | undefined> {
  const [row] = await ctx.tx
    .select({ id: issues.id })
    .from(issues)
    .where(and(eq(issues.workspaceId, ctx.workspaceId), eq(issues.channel, "slack"), eq(issues.threadKey, key)));
  return row ? loadIssueByIdForUpdate(ctx, row.id) : undefined;
}

/** An edit in Slack replaces the text; the previous text stays in the issue's event log. */
export async function editSlackMessage(ctx: CommandContext, input: { externalId: string; text: string; at: Date }) {
  const message = await messageByExternalId(ctx, "slack", input.externalId);
  if (!message || message.deletedAt || message.bodyText === input.text) return undefined;
  await replaceMessageText(ctx, message, input.text, input.at);
  return message.id;
}

/** A deletion in Slack hides the message; its text stays in the event log for audit. */
export async function deleteSlackMessage(ctx: CommandContext, input: { externalId: string; at: Date }) {
  const message = await messageByExternalId(ctx, "slack", input.externalId);
  if (!message || message.deletedAt) return undefined;
  await ctx.tx.update(messages).set({ deletedAt: input.at }).where(eq(messages.id, message.id));
  const issue = await loadIssueByIdForUpdate(ctx, message.issueId);
  await appendEvent(ctx, issue, "message_deleted", { messageId: message.id, previousText: message.bodyText });
  await ctx.notify({ kind: "message", id: message.id, issueNumber: issue.number, action: "deleted" });
  return message.id;
}

export const RESOLUTION_EMOJI = "white_check_mark";

export interface SlackReactionInput {
  /** externalId (channel:ts) of the message reacted to. */
  externalId: string;
  emoji: string;
  slackUserId: string;
  removed: boolean;
}

/**
 * Records a reaction on a message of an issue. :white_check_mark: added means "resolved": the
 * issue is closed unless a required-on-close field is still empty (then only recorded).
 */
export async function recordSlackReaction(ctx: CommandContext, input: SlackReactionInput) {
  const message = await messageByExternalId(ctx, "slack", input.externalId);
  if (!message) return undefined;
  const issue = await loadIssueByIdForUpdate(ctx, message.issueId);
  const resolution = input.emoji === RESOLUTION_EMOJI && !input.removed;
  await appendEvent(ctx, issue, "reaction", {
    messageId: message.id,
    emoji: input.emoji,
    slackUserId: input.slackUserId,
    removed: input.removed,
    onAuthorType: message.authorType,
    ...(resolution && { resolution: true }),
  });
  if (resolution && issue.state !== "closed") await closeOnResolution(ctx, issue);
  return issue;
}

async function closeOnResolution(ctx: CommandContext, issue: IssueRow) {
  try {
    await changeState(ctx, issue.number, "closed");
  } catch (error) {
    // Required fields still empty: the reaction is recorded, an agent closes it properly.
    if (!(error instanceof AppError && error.code === "validation_failed")) throw error;
  }
}

/** Takes an interaction (a click, a modal submission) once: false when it was taken before. */
export async function takeSlackInteraction(ctx: CommandContext, interactionId: string): Promise<boolean> {
  const rows = await ctx.tx
    .insert(slackInteractions)
    .values({ workspaceId: ctx.workspaceId, interactionId })
    .onConflictDoNothing()
    .returning({ id: slackInteractions.interactionId });
  return rows.length > 0;
}

/** Which of these Slack message ids (channel:ts) are already stored in the workspace. */
async function storedSlackMessages(ctx: CommandContext, externalIds: string[]): Promise<Set<string | null>> {
  if (externalIds.length === 0) return new Set();
  const rows = await ctx.tx
    .select({ externalId: messages.externalId })
    .from(messages)
    .where(
      and(
        eq(messages.workspaceId, ctx.workspaceId),
        eq(messages.channel, "slack"),
        inArray(messages.externalId, externalIds),
      ),
    );
  return new Set(rows.map((r) => r.externalId));
}
