// Adding a message to an issue: the one place where a message moves the lifecycle,
// stamps first response, and schedules outbound delivery.
import { randomUUID } from "node:crypto";
import { and, eq, getTableColumns, inArray, sql } from "drizzle-orm";
import { insertJsonRows } from "../db/jsonRows";
import { executeRaw } from "../db/raw";
import type { AttachmentRef } from "../db/schema";
import { issues, messages } from "../db/schema";
import { conflict, invalid, notFound } from "../domain/errors";
import { type LifecycleEvent, messageActivity, nextState } from "../domain/lifecycle";
import { customerSentiment } from "../domain/sentiment";
import { sanitizeMessageHtml } from "../html/sanitize";
import { claimReplyFiles } from "./attachments";
import { authorize } from "./authorize";
import { type CommandContext, nowOf } from "./context";
import { recordDraftOutcomes, unjudgedDrafts } from "./copilotOutcomes";
import { clearSentDraft, deleteDraftOf } from "./drafts";
import { appendEvent } from "./events";
import { recordStateChange, stateChange } from "./issues";
import {
  type IssueRow,
  loadIssueByIdForUpdate,
  loadIssueForUpdate,
  type MessageRow,
  messageByExternalId,
} from "./lookup";
import { notifyMentions } from "./notifications";
import { assignResponder, undoSendSeconds } from "./sending";

export type { MessageRow };

export type MessageAuthor =
  | { type: "contact"; contactId: string }
  | { type: "user"; userId: string }
  | { type: "agent"; agentId: string }
  | { type: "system" };

export interface AddMessageInput {
  visibility: "public" | "internal";
  bodyText: string;
  bodyHtml?: string | null;
  /** Defaults to the acting principal. */
  author?: MessageAuthor;
  attachments?: AttachmentRef[];
  channel?: string;
  externalId?: string | null;
  createdAt?: Date;
  /** True when the message arrived through the channel (already delivered; never sent back out). */
  inbound?: boolean;
  /** Email: who else the mail was addressed to (see MessageRow.emailCc). */
  emailCc?: string[];
}

export const MAX_BODY_CHARS = 100_000;

export interface AddMessageResult {
  issue: IssueRow;
  message: MessageRow;
  duplicate: boolean;
}

export interface ReplyInput extends AddMessageInput {
  /** Files uploaded to this issue (uploadReplyFile) that the reply or note carries. */
  attachmentIds?: readonly string[];
}

export async function replyToIssue(ctx: CommandContext, number: number, input: ReplyInput) {
  authorize(ctx, "message.write");
  return replyOn(ctx, await loadIssueForUpdate(ctx, number), input, { opened: false });
}

/** `replyToIssue` on an issue locked FOR UPDATE in this transaction, as stored. */
export async function replyToLockedIssue(ctx: CommandContext, issue: IssueRow, input: ReplyInput) {
  authorize(ctx, "message.write");
  return replyOn(ctx, issue, input, { opened: false });
}

/**
 * The first message of an issue this same command opened (`POST /issues` with a body), on the
 * row its INSERT returned. Nothing outside this transaction can see the issue yet, so no draft
 * of it can exist to clear and no copilot draft to score: two statements fewer than a reply.
 */
export async function replyToOpenedIssue(ctx: CommandContext, issue: IssueRow, input: ReplyInput) {
  authorize(ctx, "message.write");
  return replyOn(ctx, issue, input, { opened: true });
}

async function replyOn(
  ctx: CommandContext,
  locked: IssueRow,
  { attachmentIds, ...input }: ReplyInput,
  { opened }: { opened: boolean },
) {
  let issue = locked;
  const files = await claimReplyFiles(ctx, issue.id, attachmentIds);
  if (input.visibility === "public") issue = await assignResponder(ctx, issue);
  // Acceptance of the copilot: a person's public reply is judged against the drafts they were
  // given, read in the statement that clears their own draft.
  const actor = ctx.actor;
  const judged = !opened && input.visibility === "public" && actor.type === "user";
  const drafts = judged ? await unjudgedDrafts(ctx, issue.id, deleteDraftOf(ctx, issue.id, actor.userId)) : [];
  if (!opened && !judged) await clearSentDraft(ctx, issue.id);
  const attachments = [...(input.attachments ?? []), ...files];
  const result = await addMessage(ctx, issue, attachments.length > 0 ? { ...input, attachments } : input);
  if (judged && !result.duplicate) await recordDraftOutcomes(ctx, issue, result.message, drafts);
  return result;
}

export async function addMessageToIssueId(ctx: CommandContext, issueId: string, input: AddMessageInput) {
  const issue = await loadIssueByIdForUpdate(ctx, issueId);
  return addMessage(ctx, issue, input);
}

/** `issue` must have been loaded FOR UPDATE in this transaction. */
export async function addMessage(
  ctx: CommandContext,
  issue: IssueRow,
  input: AddMessageInput,
): Promise<AddMessageResult> {
  const [result] = await addMessages(ctx, [{ issue, input }]);
  if (!result) throw new Error("addMessages returned nothing");
  return result;
}

export interface MessageToAdd {
  /** Loaded FOR UPDATE (or opened) in this transaction. */
  issue: IssueRow;
  input: AddMessageInput;
  /**
   * This message's own context in the batch's transaction: history (an import) is written at its
   * own time by its own author. Defaults to the batch's.
   */
  ctx?: CommandContext;
}

/**
 * Adds messages with one INSERT and one issue UPDATE, however many (a burst of mail shares a
 * transaction). Messages to the same issue apply in order, each seeing the issue as the one
 * before left it, so the outcome is that of adding them one by one.
 */
export async function addMessages(ctx: CommandContext, items: readonly MessageToAdd[]): Promise<AddMessageResult[]> {
  const undoWindow = items.some(({ input, ctx: own }) => isPersonsReply(own ?? ctx, input))
    ? await undoSendSeconds(ctx)
    : 0;
  const planned = items.map(({ issue, input, ctx: own }) => {
    const c = own ?? ctx;
    const author = input.author ?? authorFromActor(c);
    validateMessage(author, input);
    validateCc(issue, input);
    if (issue.mergedIntoIssueId)
      throw conflict(`Issue #${issue.number} was merged; reply on the issue it was merged into.`);
    const row = messageRow(c, issue, author, input);
    if (row.deliveryStatus && undoWindow > 0 && isPersonsReply(c, input))
      row.deliverAfter = new Date(row.createdAt.getTime() + undoWindow * 1000);
    return { issue, input, author, row, c };
  });
  const inserted = await insertMessages(
    ctx,
    planned.map((p) => p.row),
  );
  // Each issue as the messages so far have left it; written back once at the end.
  const touched = new Map<string, IssueRow>();
  const results: AddMessageResult[] = [];
  for (const { issue, input, author, row, c } of planned) {
    const current = touched.get(issue.id) ?? issue;
    const message = inserted.get(row.id);
    if (!message) {
      results.push({ issue: current, message: await existingMessage(c, row), duplicate: true });
      continue;
    }
    const updated = await applyMessageEffects(c, current, message, author, input);
    touched.set(issue.id, updated);
    await appendEvent(c, issue, "message", {
      messageId: message.id,
      authorType: author.type,
      visibility: message.visibility,
    });
    await c.notify({ kind: "message", id: message.id, issueNumber: issue.number, action: "created" });
    // An imported note's mentions were read long ago in the other help desk.
    if (message.visibility === "internal" && author.type === "user" && !c.imported)
      await notifyMentions(c, updated, message.bodyText);
    await enqueueFollowUps(c, updated, message, author);
    results.push({ issue: updated, message, duplicate: false });
  }
  const given = new Map(items.map(({ issue }) => [issue.id, issue]));
  const saved = await saveMessageActivity(
    ctx,
    [...touched.values()].map((after) => ({ before: given.get(after.id) as IssueRow, after })),
  );
  // Each issue's last result is the row as stored; earlier ones show it after their own message.
  return results.map((result) =>
    result.issue === touched.get(result.issue.id)
      ? { ...result, issue: saved.get(result.issue.id) ?? result.issue }
      : result,
  );
}

function validateMessage(author: MessageAuthor, input: AddMessageInput) {
  if (input.bodyText.trim().length === 0 && (input.attachments ?? []).length === 0) {
    throw invalid("A message needs some text or an attachment.");
  }
  if (input.bodyText.length > MAX_BODY_CHARS) throw invalid(`A message may have at most ${MAX_BODY_CHARS} characters.`);
  if (author.type === "contact" && input.visibility === "internal")
    throw invalid("Customers cannot write internal notes.");
}

/** Copying people in is a public email reply's: other channels have no Cc to put them on. */
function validateCc(issue: IssueRow, input: AddMessageInput) {
  if (input.inbound || !input.emailCc?.length) return;
  if ((input.channel ?? issue.channel) !== "email" || input.visibility !== "public")
    throw invalid("Cc is for public replies on email issues only.", { field: "cc" });
}

function messageRow(ctx: CommandContext, issue: IssueRow, author: MessageAuthor, input: AddMessageInput) {
  return {
    // Drawn here so each input finds its row in RETURNING, and a duplicate by its absence.
    id: randomUUID(),
    workspaceId: ctx.workspaceId,
    issueId: issue.id,
    authorType: author.type,
    authorContactId: author.type === "contact" ? author.contactId : null,
    authorUserId: author.type === "user" ? author.userId : null,
    authorAgentId: author.type === "agent" ? author.agentId : null,
    visibility: input.visibility,
    bodyText: input.bodyText,
    bodyHtml: input.bodyHtml ? sanitizeMessageHtml(input.bodyHtml) : null,
    attachments: input.attachments ?? [],
    channel: input.channel ?? issue.channel,
    externalId: input.externalId ?? null,
    deliveryStatus: needsDelivery(ctx, issue, author, input) ? ("pending" as const) : null,
    emailCc: input.emailCc?.length ? input.emailCc : null,
    /** Set when a person's reply waits out the undo window (addMessages). */
    deliverAfter: null as Date | null,
    createdAt: input.createdAt ?? nowOf(ctx),
    // Scored as it is stored, on every channel alike: what the customer said, and why it reads so.
    ...customerSentiment(author.type, input.visibility, input.bodyText),
  };
}

/** A reply a person writes themselves; it waits out the undo window (an AI's or a trigger's does not). */
function isPersonsReply(ctx: CommandContext, input: AddMessageInput): boolean {
  return ctx.actor.type === "user" && !input.author && input.visibility === "public" && !input.inbound;
}

async function insertMessages(ctx: CommandContext, rows: ReturnType<typeof messageRow>[]) {
  if (rows.length === 0) return new Map<string, MessageRow>();
  // A channel retry carries the same external id: keep the first, report a duplicate.
  const inserted = await insertJsonRows(ctx.tx, messages, rows, { onConflictDoNothing: true });
  return new Map(inserted.map((m) => [m.id, m]));
}

/** The stored message a duplicate collided with: same channel (the issue's, unless given) and external id. */
async function existingMessage(
  ctx: CommandContext,
  planned: Pick<ReturnType<typeof messageRow>, "channel" | "externalId">,
): Promise<MessageRow> {
  const row = await messageByExternalId(ctx, planned.channel, planned.externalId ?? "");
  if (!row) throw new Error("duplicate message not found");
  return row;
}

export function lifecycleEventFor(author: MessageAuthor, input: Pick<AddMessageInput, "visibility">): LifecycleEvent {
  if (input.visibility === "internal" || author.type === "system") return { kind: "internal_note" };
  return author.type === "contact" ? { kind: "customer_message" } : { kind: "agent_public_reply" };
}

/** The issue after `message`: activity times, first response, and the lifecycle move it causes. */
async function applyMessageEffects(
  ctx: CommandContext,
  issue: IssueRow,
  message: MessageRow,
  author: MessageAuthor,
  input: AddMessageInput,
): Promise<IssueRow> {
  const event = lifecycleEventFor(author, input);
  const touched: IssueRow = {
    ...issue,
    ...messageActivity(issue, event, message.createdAt),
    updatedAt: nowOf(ctx),
  };
  const transition = nextState(touched.state, event);
  if (!transition.ok || transition.state === touched.state) return touched;
  await recordStateChange(ctx, touched, transition.state, transition.reopened);
  return { ...touched, ...stateChange(touched, transition.state, transition.reopened, nowOf(ctx)) };
}

/** An issue as the batch's messages left it, beside the row the caller passed in. */
interface Touched {
  before: IssueRow;
  after: IssueRow;
}

const same = (a: Date | string | null, b: Date | string | null) =>
  a instanceof Date && b instanceof Date ? a.getTime() === b.getTime() : a === b;

/**
 * Writes what the messages changed on their issues, all issues in one statement, and returns
 * the rows as stored. Only the fields the messages changed are written, so an issue row the
 * caller changed since loading it (a trigger that closed it, then adds a note) keeps those
 * changes. An issue opened with its first message already stamped (`OpenIssueInput.firstMessage`)
 * has nothing to write: rewriting it in the same transaction was a fifth of the database's
 * work per ingested mail.
 */
async function saveMessageActivity(ctx: CommandContext, touched: Iterable<Touched>): Promise<Map<string, IssueRow>> {
  const saved = new Map<string, IssueRow>();
  const values = [];
  for (const { before, after } of touched) {
    const moved = after.state !== before.state;
    const changed =
      moved ||
      !same(after.lastMessageAt, before.lastMessageAt) ||
      !same(after.lastCustomerMessageAt, before.lastCustomerMessageAt) ||
      !same(after.firstResponseAt, before.firstResponseAt);
    if (!changed) {
      saved.set(after.id, { ...after, updatedAt: before.updatedAt });
      continue;
    }
    values.push({
      id: after.id,
      moved,
      state: after.state,
      resolved_at: after.resolvedAt,
      last_message_at: after.lastMessageAt,
      // Null where unchanged: the stored value stays (messages never clear these two).
      last_customer_message_at: same(after.lastCustomerMessageAt, before.lastCustomerMessageAt)
        ? null
        : after.lastCustomerMessageAt,
      first_response_at: same(after.firstResponseAt, before.firstResponseAt) ? null : after.firstResponseAt,
      updated_at: after.updatedAt,
    });
  }
  if (values.length === 0) return saved;
  const rows = await ctx.tx
    .update(issues)
    .set({
      state: sql`CASE WHEN v.moved THEN v.state ELSE ${issues.state} END`,
      resolvedAt: sql`CASE WHEN v.moved THEN v.resolved_at ELSE ${issues.resolvedAt} END`,
      lastMessageAt: sql`v.last_message_at`,
      lastCustomerMessageAt: sql`coalesce(v.last_customer_message_at, ${issues.lastCustomerMessageAt})`,
      firstResponseAt: sql`coalesce(v.first_response_at, ${issues.firstResponseAt})`,
      updatedAt: sql`v.updated_at`,
    })
    .from(
      sql`jsonb_to_recordset(${JSON.stringify(values)}::jsonb) AS v(id uuid, moved boolean, state text,
        resolved_at timestamptz, last_message_at timestamptz, last_customer_message_at timestamptz,
        first_response_at timestamptz, updated_at timestamptz)`,
    )
    .where(
      and(
        sql`${issues.id} = v.id`,
        eq(issues.workspaceId, ctx.workspaceId),
        // The id list lets the planner fetch the rows by primary key; it cannot see into the
        // JSON and would otherwise hash-join against a scan of every issue.
        inArray(
          issues.id,
          values.map((v) => v.id),
        ),
      ),
    )
    .returning(getTableColumns(issues));
  for (const row of rows) saved.set(row.id, row);
  return saved;
}

/**
 * A public reply goes out through the issue's channel when a person, an AI agent or a trigger
 * (a macro reply: an acknowledgement the customer must receive) wrote it. Other system messages
 * (history replayed by the seed) and anything a customer wrote stay where they are.
 */
function needsDelivery(ctx: CommandContext, issue: IssueRow, author: MessageAuthor, input: AddMessageInput): boolean {
  const sender = author.type === "system" ? ctx.actor.type === "trigger" : author.type !== "contact";
  return !input.inbound && input.visibility === "public" && sender && issue.channel !== "api";
}

async function enqueueFollowUps(ctx: CommandContext, issue: IssueRow, message: MessageRow, author: MessageAuthor) {
  if (author.type === "contact") {
    await ctx.enqueue("message.received", { issueId: issue.id, messageId: message.id });
  }
  if (message.deliveryStatus === "pending") {
    const wait = message.deliverAfter ? Math.ceil((message.deliverAfter.getTime() - nowOf(ctx).getTime()) / 1000) : 0;
    await ctx.enqueue(
      "message.deliver",
      { issueId: issue.id, messageId: message.id, channel: issue.channel },
      wait > 0 ? { startAfter: wait } : undefined,
    );
  }
}

/** Delivery states a reply can be sent again from: it failed for good, or found no transport. */
const RESENDABLE = new Set(["failed", "unsent"]);

/**
 * Sends a public reply again once the cause is fixed (SMTP configured, the recipient's server
 * back): the same message, so the customer gets one email with the same Message-ID.
 */
export async function resendMessage(ctx: CommandContext, messageId: string): Promise<MessageRow> {
  authorize(ctx, "message.write");
  const [row] = await ctx.tx
    .select({ message: messages, issue: { id: issues.id, number: issues.number, channel: issues.channel } })
    .from(messages)
    .innerJoin(issues, eq(issues.id, messages.issueId))
    .where(and(eq(messages.workspaceId, ctx.workspaceId), eq(messages.id, messageId)))
    .for("update", { of: messages });
  if (!row) throw notFound("Message");
  if (row.message.visibility !== "public" || !RESENDABLE.has(row.message.deliveryStatus ?? ""))
    throw conflict("Only a reply whose delivery failed or was not sent can be sent again.");
  // A failed attempt that pg-boss will still retry must not race a second delivery job.
  const scheduled = await executeRaw(
    ctx.tx,
    "SELECT 1 FROM pgboss.job WHERE name = 'message.deliver' AND data->>'messageId' = $1 AND state IN ('created', 'retry', 'active') LIMIT 1",
    [messageId],
  );
  if (scheduled.rows.length > 0) throw conflict("A delivery attempt is still scheduled; it retries by itself.");
  const [updated] = await ctx.tx
    .update(messages)
    .set({ deliveryStatus: "pending", deliveryError: null })
    .where(eq(messages.id, messageId))
    .returning();
  await ctx.enqueue("message.deliver", { issueId: row.issue.id, messageId, channel: row.issue.channel });
  await ctx.notify({ kind: "message", id: messageId, issueNumber: row.issue.number, action: "delivery" });
  return updated ?? row.message;
}

function authorFromActor(ctx: CommandContext): MessageAuthor {
  const actor = ctx.actor;
  switch (actor.type) {
    case "user":
      return { type: "user", userId: actor.userId };
    case "contact":
      return { type: "contact", contactId: actor.contactId };
    case "agent":
      return { type: "agent", agentId: actor.agentId };
    default:
      return { type: "system" };
  }
}
