// Read models of the chat widget: widgets by workspace and app id, a session by its token, and the
// customer's conversations and threads, always through the customer's read scope.
import { and, asc, desc, eq, gt, isNull, or, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Executor } from "../db/connect";
import { contacts, csatResponses, issues, messages, users, widgetSeen, widgetSessions, widgets } from "../db/schema";
import { notFound } from "../domain/errors";
import { tokenHash } from "../domain/widget";
import { customerScope, type ReadScope } from "./scope";
import { issueVisibility, messageVisibility } from "./visibility";

export type WidgetRow = typeof widgets.$inferSelect;
export type WidgetSessionRow = typeof widgetSessions.$inferSelect;

export async function listWidgets(db: Executor, workspaceId: string): Promise<WidgetRow[]> {
  return db.select().from(widgets).where(eq(widgets.workspaceId, workspaceId)).orderBy(asc(widgets.createdAt));
}

export async function widgetByAppId(db: Executor, appId: string): Promise<WidgetRow | undefined> {
  const [row] = await db.select().from(widgets).where(eq(widgets.appId, appId));
  return row;
}

/** The live session a bearer token names, or undefined (unknown, expired, or its widget deleted). */
export async function sessionByToken(db: Executor, token: string, now: Date): Promise<WidgetSessionRow | undefined> {
  const [row] = await db
    .select()
    .from(widgetSessions)
    .where(and(eq(widgetSessions.tokenHash, tokenHash(token)), gt(widgetSessions.expiresAt, now)));
  return row;
}

/**
 * Who the session is as a contact: a verified session is the contact with its email (their past
 * conversations included); an anonymous visitor is only the contact this session created.
 * Undefined until the first message creates the contact.
 */
export async function sessionContact(db: Executor, session: WidgetSessionRow) {
  const identity =
    session.verified && session.email
      ? sql`lower(${contacts.email}) = ${session.email}`
      : eq(contacts.externalId, session.visitorKey);
  const [row] = await db
    .select({ contactId: contacts.id, accountId: contacts.accountId })
    .from(contacts)
    .where(and(eq(contacts.workspaceId, session.workspaceId), identity))
    .orderBy(asc(contacts.createdAt))
    .limit(1);
  return row;
}

/** The widget shows a customer their own conversations, even when their account has more. */
export function widgetScope(session: WidgetSessionRow, contact: { contactId: string; accountId: string | null }) {
  return customerScope(session.workspaceId, contact, { contactId: contact.contactId });
}

/** Agent replies the customer can see: public, and delivered (a reply still in its undo window is not). */
const agentReplySeen = () =>
  sql`${messages.authorContactId} IS NULL AND (${messages.deliveryStatus} IS NULL OR ${messages.deliveryStatus} = 'sent')`;

const unreadCount = sql<number>`(SELECT count(*)::int FROM ${messages} WHERE ${messages.issueId} = ${issues.id}
  AND ${messages.visibility} = 'public' AND ${messages.deletedAt} IS NULL AND ${agentReplySeen()}
  AND ${messages.createdAt} > coalesce(${widgetSeen.seenAt}, '-infinity'::timestamptz))`;

function conversationQuery(db: Executor) {
  return db
    .select({
      id: issues.id,
      number: issues.number,
      title: issues.title,
      threadKey: issues.threadKey,
      state: issues.state,
      updatedAt: issues.updatedAt,
      unread: unreadCount,
    })
    .from(issues)
    .leftJoin(widgetSeen, eq(widgetSeen.issueId, issues.id));
}

export async function widgetConversations(db: Executor, scope: ReadScope) {
  return conversationQuery(db)
    .where(and(issueVisibility(scope), eq(issues.channel, "widget"), isNull(issues.mergedIntoIssueId)))
    .orderBy(desc(issues.updatedAt))
    .limit(50);
}

export async function widgetConversation(db: Executor, scope: ReadScope, number: number) {
  const [row] = await conversationQuery(db).where(and(issueVisibility(scope), eq(issues.number, number)));
  if (!row) throw notFound(`Conversation #${number}`);
  return row;
}

const authorUser = alias(users, "widget_author_user");
const authorContact = alias(contacts, "widget_author_contact");

/** The thread as the customer sees it: public messages only, agent replies once delivered. */
export async function widgetMessages(db: Executor, scope: ReadScope, issueId: string) {
  return db
    .select({
      id: messages.id,
      contactId: messages.authorContactId,
      text: messages.bodyText,
      channel: messages.channel,
      attachments: messages.attachments,
      editedAt: messages.editedAt,
      createdAt: messages.createdAt,
      userName: authorUser.name,
      userAvatarUrl: authorUser.avatarUrl,
      contactName: authorContact.name,
    })
    .from(messages)
    .leftJoin(authorUser, eq(authorUser.id, messages.authorUserId))
    .leftJoin(authorContact, eq(authorContact.id, messages.authorContactId))
    .where(
      and(
        messageVisibility(scope),
        eq(messages.issueId, issueId),
        or(sql`${messages.authorContactId} IS NOT NULL`, agentReplySeen()),
      ),
    )
    .orderBy(asc(messages.createdAt), asc(messages.id));
}

/** The CSAT answers of these issues, newest resolution first. */
export async function csatOf(db: Executor, workspaceId: string, issueId: string) {
  const [row] = await db
    .select()
    .from(csatResponses)
    .where(and(eq(csatResponses.workspaceId, workspaceId), eq(csatResponses.issueId, issueId)))
    .orderBy(desc(csatResponses.resolution))
    .limit(1);
  return row;
}
