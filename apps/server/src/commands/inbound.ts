// ingestInbound: the single entry for every channel (Slack, email, widget, portal). Resolves
// who wrote and for which account, finds or opens the issue, and adds the message idempotently.
import { and, eq, inArray, sql } from "drizzle-orm";
import type { InboundAuthor, InboundMessage } from "../channels/inbound";
import { linkInlineImages } from "../content/inlineImages";
import { contacts, issues, messages, users } from "../db/schema";
import { storeAttachments } from "./attachments";
import type { CommandContext } from "./context";
import { accountForEmail, type ContactRow } from "./customers";
import { openIssue } from "./issues";
import { type IssueRow, loadIssueByIdForUpdate } from "./lookup";
import { type AddMessageResult, addMessage, type MessageAuthor } from "./messages";

export interface IngestResult extends AddMessageResult {
  createdIssue: boolean;
}

/** What a channel already knows, so intake skips lookups it has done itself (email threading). */
export interface IngestHints {
  /** The thread's issue, locked FOR UPDATE in this transaction; null: none, open a new one. */
  thread?: IssueRow | null;
  /** The delivery's external id is known not to be stored yet (no duplicate check needed). */
  knownNew?: boolean;
}

export async function ingestInbound(
  ctx: CommandContext,
  inbound: InboundMessage,
  hints: IngestHints = {},
): Promise<IngestResult> {
  const duplicate = hints.knownNew ? undefined : await findDuplicate(ctx, inbound);
  if (duplicate) return { ...duplicate, duplicate: true, createdIssue: false };

  const colleague = await findColleague(ctx, inbound.author);
  const customer = colleague && inbound.requester ? inbound.requester : colleague ? undefined : inbound.author;
  const contact = customer ? await resolveContact(ctx, customer, inbound.accountId) : undefined;
  const author: MessageAuthor = colleague
    ? { type: "user", userId: colleague.id }
    : { type: "contact", contactId: requireContact(contact).id };

  let issue =
    hints.thread === undefined
      ? await findThreadIssue(ctx, inbound)
      : hints.thread && (await followMerges(ctx, hints.thread));
  const createdIssue = !issue;
  if (!issue) {
    issue = await openIssue(ctx, {
      title: titleFor(inbound),
      accountId: inbound.accountId ?? contact?.accountId ?? null,
      requesterContactId: contact?.id ?? null,
      channel: inbound.channel,
      threadKey: inbound.threadKey,
      source: inbound.source,
      teamId: inbound.defaultTeamId ?? null,
    });
  }
  const stored = await storeAttachments(ctx, issue.id, inbound.attachments);
  const result = await addMessage(ctx, issue, {
    visibility: "public",
    bodyText: inbound.text,
    bodyHtml: inbound.html ? linkInlineImages(inbound.html, stored) : null,
    attachments: stored,
    // A colleague's mail to the customer: the customer is the requester, not a Cc.
    emailCc: customer === inbound.requester ? inbound.cc?.filter((a) => a !== customer?.email) : inbound.cc,
    author,
    channel: inbound.channel,
    externalId: inbound.externalId,
    createdAt: threadTime(issue, inbound.sentAt),
    inbound: true,
  });
  return { ...result, createdIssue };
}

/**
 * Where a delivery sits in the thread: its sent time, but never before the thread's latest
 * message. Sender clocks skew and email Date headers have whole seconds, so a customer's
 * answer to our reply could otherwise sort above the reply it answers.
 */
function threadTime(issue: { lastMessageAt: Date | null }, sentAt: Date): Date {
  const last = issue.lastMessageAt?.getTime();
  return last !== undefined && sentAt.getTime() <= last ? new Date(last + 1) : sentAt;
}

async function findDuplicate(ctx: CommandContext, inbound: InboundMessage) {
  const [row] = await ctx.tx
    .select({ message: messages, issue: issues })
    .from(messages)
    .innerJoin(issues, eq(issues.id, messages.issueId))
    .where(
      and(
        eq(messages.workspaceId, ctx.workspaceId),
        eq(messages.channel, inbound.channel),
        eq(messages.externalId, inbound.externalId),
      ),
    );
  return row;
}

/** A workspace member writing through a channel (their own email, their Slack user). */
async function findColleague(ctx: CommandContext, author: InboundAuthor) {
  const conditions = [
    author.email ? sql`lower(${users.email}) = ${author.email.toLowerCase()}` : undefined,
    author.slackUserId ? eq(users.slackUserId, author.slackUserId) : undefined,
  ].filter((c) => c !== undefined);
  if (conditions.length === 0) return undefined;
  const [user] = await ctx.tx
    .select()
    .from(users)
    .where(and(eq(users.workspaceId, ctx.workspaceId), sql.join(conditions, sql` OR `)))
    .limit(1);
  return user;
}

/** Finds the contact by the strongest identity the channel gave, creating it when new. */
async function resolveContact(ctx: CommandContext, who: InboundAuthor, channelAccountId?: string): Promise<ContactRow> {
  const existing = await findContact(ctx, who);
  if (existing?.accountId) return existing;
  const accountId = channelAccountId ?? (who.email ? (await accountForEmail(ctx, who.email))?.id : undefined);
  if (existing) {
    if (accountId) {
      const [linked] = await ctx.tx
        .update(contacts)
        .set({ accountId, updatedAt: new Date() })
        .where(eq(contacts.id, existing.id))
        .returning();
      return linked ?? existing;
    }
    return existing;
  }
  const [created] = await ctx.tx
    .insert(contacts)
    .values({
      workspaceId: ctx.workspaceId,
      name: who.name?.trim() || who.email || who.slackUserId || "Unknown",
      email: who.email?.toLowerCase() ?? null,
      slackUserId: who.slackUserId ?? null,
      externalId: who.externalUserId ?? null,
      accountId: accountId ?? null,
    })
    .returning();
  if (!created) throw new Error("contact insert returned nothing");
  return created;
}

async function findContact(ctx: CommandContext, who: InboundAuthor): Promise<ContactRow | undefined> {
  const ws = eq(contacts.workspaceId, ctx.workspaceId);
  const probes = [
    who.slackUserId ? eq(contacts.slackUserId, who.slackUserId) : undefined,
    who.externalUserId ? eq(contacts.externalId, who.externalUserId) : undefined,
    who.email ? sql`lower(${contacts.email}) = ${who.email.toLowerCase()}` : undefined,
  ];
  for (const probe of probes) {
    if (!probe) continue;
    const [row] = await ctx.tx.select().from(contacts).where(and(ws, probe)).limit(1);
    if (row) return row;
  }
  return undefined;
}

/**
 * The issue this message continues: same thread key, or any candidate key naming either an
 * issue's thread or one of its messages (email References). Merged issues forward to their target.
 */
async function findThreadIssue(ctx: CommandContext, inbound: InboundMessage): Promise<IssueRow | undefined> {
  const keys = [inbound.threadKey, ...(inbound.threadKeyCandidates ?? [])].filter(Boolean);
  const [byThread] = await ctx.tx
    .select({ id: issues.id })
    .from(issues)
    .where(
      and(
        eq(issues.workspaceId, ctx.workspaceId),
        eq(issues.channel, inbound.channel),
        inArray(issues.threadKey, keys),
      ),
    )
    .limit(1);
  const [byMessage] = byThread
    ? [undefined]
    : await ctx.tx
        .select({ id: messages.issueId })
        .from(messages)
        .where(
          and(
            eq(messages.workspaceId, ctx.workspaceId),
            eq(messages.channel, inbound.channel),
            inArray(messages.externalId, keys),
          ),
        )
        .limit(1);
  const id = byThread?.id ?? byMessage?.id;
  return id ? followMerges(ctx, await loadIssueByIdForUpdate(ctx, id)) : undefined;
}

async function followMerges(ctx: CommandContext, issue: IssueRow): Promise<IssueRow> {
  let current = issue;
  for (let hops = 0; current.mergedIntoIssueId && hops < 10; hops++) {
    current = await loadIssueByIdForUpdate(ctx, current.mergedIntoIssueId);
  }
  return current;
}

function titleFor(inbound: InboundMessage): string {
  const subject = inbound.subject?.trim();
  if (subject) return subject.slice(0, 200);
  const firstLine = inbound.text.trim().split("\n")[0] ?? "";
  return firstLine.length > 120 ? `${firstLine.slice(0, 117)}…` : firstLine || "(no text)";
}

function requireContact(contact: ContactRow | undefined): ContactRow {
  if (!contact) throw new Error("inbound message without a resolvable author");
  return contact;
}
