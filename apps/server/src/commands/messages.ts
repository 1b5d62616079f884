// Adding a message to an issue: the one place where a message moves the lifecycle,
// stamps first response, and schedules outbound delivery.
import { and, eq } from "drizzle-orm";
import { sanitizeMessageHtml } from "../content/sanitize";
import { executeRaw } from "../db/raw";
import type { AttachmentRef } from "../db/schema";
import { issues, messages } from "../db/schema";
import { conflict, invalid, notFound } from "../domain/errors";
import { type LifecycleEvent, nextState } from "../domain/lifecycle";
import { authorize } from "./authorize";
import { type CommandContext, nowOf } from "./context";
import { appendEvent } from "./events";
import { applyState } from "./issues";
import {
  type IssueRow,
  loadIssueByIdForUpdate,
  loadIssueForUpdate,
  type MessageRow,
  messageByExternalId,
} from "./lookup";
import { notifyMentions } from "./notifications";

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

export async function replyToIssue(ctx: CommandContext, number: number, input: AddMessageInput) {
  authorize(ctx, "message.write");
  const issue = await loadIssueForUpdate(ctx, number);
  return addMessage(ctx, issue, input);
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
  const author = input.author ?? authorFromActor(ctx);
  validateMessage(author, input);
  if (issue.mergedIntoIssueId)
    throw conflict(`Issue #${issue.number} was merged; reply on the issue it was merged into.`);
  const inserted = await insertMessage(ctx, issue, author, input);
  if (!inserted) return { issue, message: await existingMessage(ctx, input), duplicate: true };

  const updated = await applyMessageEffects(ctx, issue, inserted, author, input);
  await appendEvent(ctx, issue, "message", {
    messageId: inserted.id,
    authorType: author.type,
    visibility: inserted.visibility,
  });
  await ctx.notify({ kind: "message", id: inserted.id, issueNumber: issue.number, action: "created" });
  if (inserted.visibility === "internal" && author.type === "user")
    await notifyMentions(ctx, updated, inserted.bodyText);
  await enqueueFollowUps(ctx, updated, inserted, author);
  return { issue: updated, message: inserted, duplicate: false };
}

function validateMessage(author: MessageAuthor, input: AddMessageInput) {
  if (input.bodyText.trim().length === 0 && (input.attachments ?? []).length === 0) {
    throw invalid("A message needs some text or an attachment.");
  }
  if (input.bodyText.length > MAX_BODY_CHARS) throw invalid(`A message may have at most ${MAX_BODY_CHARS} characters.`);
  if (author.type === "contact" && input.visibility === "internal")
    throw invalid("Customers cannot write internal notes.");
}

async function insertMessage(ctx: CommandContext, issue: IssueRow, author: MessageAuthor, input: AddMessageInput) {
  const rows = await ctx.tx
    .insert(messages)
    .values({
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
      deliveryStatus: needsDelivery(issue, author, input) ? "pending" : null,
      emailCc: input.emailCc?.length ? input.emailCc : null,
      createdAt: input.createdAt ?? nowOf(ctx),
    })
    // A channel retry carries the same external id: keep the first, report a duplicate.
    .onConflictDoNothing()
    .returning();
  return rows[0];
}

async function existingMessage(ctx: CommandContext, input: AddMessageInput): Promise<MessageRow> {
  const row = await messageByExternalId(ctx, input.channel ?? "api", input.externalId ?? "");
  if (!row) throw new Error("duplicate message not found");
  return row;
}

function lifecycleEventFor(author: MessageAuthor, input: AddMessageInput): LifecycleEvent {
  if (input.visibility === "internal" || author.type === "system") return { kind: "internal_note" };
  return author.type === "contact" ? { kind: "customer_message" } : { kind: "agent_public_reply" };
}

async function applyMessageEffects(
  ctx: CommandContext,
  issue: IssueRow,
  message: MessageRow,
  author: MessageAuthor,
  input: AddMessageInput,
): Promise<IssueRow> {
  const event = lifecycleEventFor(author, input);
  const at = message.createdAt;
  const patch: Partial<IssueRow> = { lastMessageAt: at, updatedAt: nowOf(ctx) };
  if (event.kind === "customer_message") patch.lastCustomerMessageAt = at;
  if (event.kind === "agent_public_reply" && !issue.firstResponseAt) patch.firstResponseAt = at;
  const [touched] = await ctx.tx.update(issues).set(patch).where(eq(issues.id, issue.id)).returning();
  if (!touched) throw new Error("issue vanished");
  const transition = nextState(touched.state, event);
  if (!transition.ok || transition.state === touched.state) return touched;
  return applyState(ctx, touched, transition.state, transition.reopened);
}

function needsDelivery(issue: IssueRow, author: MessageAuthor, input: AddMessageInput): boolean {
  return (
    !input.inbound &&
    input.visibility === "public" &&
    author.type !== "contact" &&
    author.type !== "system" &&
    issue.channel !== "api"
  );
}

async function enqueueFollowUps(ctx: CommandContext, issue: IssueRow, message: MessageRow, author: MessageAuthor) {
  if (author.type === "contact") {
    await ctx.enqueue("message.received", { issueId: issue.id, messageId: message.id });
  }
  if (message.deliveryStatus === "pending") {
    await ctx.enqueue("message.deliver", { issueId: issue.id, messageId: message.id, channel: issue.channel });
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
