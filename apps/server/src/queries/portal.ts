// Read models of the customer portal: ticket forms, a customer session by its token, and the
// customer's issues and threads, always through their read scope (a portal admin's covers their
// account, anyone else's only their own requests).
import { and, asc, desc, eq, gt, isNull, or, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Executor } from "../db/connect";
import {
  accounts,
  contacts,
  customFields,
  emailInboxes,
  issues,
  messages,
  portalForms,
  portalLogins,
  portalSessions,
  users,
  workspaces,
} from "../db/schema";
import { notFound } from "../domain/errors";
import { customerScope, type ReadScope } from "./scope";
import { issueVisibility, messageVisibility } from "./visibility";

export type PortalFormRow = typeof portalForms.$inferSelect;

export async function listPortalForms(db: Executor, workspaceId: string): Promise<PortalFormRow[]> {
  return db
    .select()
    .from(portalForms)
    .where(eq(portalForms.workspaceId, workspaceId))
    .orderBy(asc(portalForms.position), asc(portalForms.createdAt));
}

export async function getPortalForm(db: Executor, workspaceId: string, formId: string): Promise<PortalFormRow> {
  const [row] = await db
    .select()
    .from(portalForms)
    .where(and(eq(portalForms.workspaceId, workspaceId), eq(portalForms.id, formId)));
  if (!row) throw notFound("Portal form");
  return row;
}

/** The issue custom fields a form can name, by key. */
export async function issueFieldCatalog(db: Executor, workspaceId: string) {
  const rows = await db
    .select({
      key: customFields.key,
      label: customFields.label,
      type: customFields.type,
      options: customFields.options,
    })
    .from(customFields)
    .where(and(eq(customFields.workspaceId, workspaceId), eq(customFields.object, "issue")));
  return new Map(rows.map((r) => [r.key, r]));
}

export async function workspaceOfDomain(db: Executor, domain: string) {
  const [row] = await db
    .select({ id: workspaces.id, name: workspaces.name, domain: workspaces.domain })
    .from(workspaces)
    .where(sql`lower(${workspaces.domain}) = ${domain.toLowerCase()}`);
  return row;
}

export async function workspaceById(db: Executor, workspaceId: string) {
  const [row] = await db
    .select({ id: workspaces.id, name: workspaces.name, domain: workspaces.domain })
    .from(workspaces)
    .where(eq(workspaces.id, workspaceId));
  return row;
}

/** The workspace a magic link's login belongs to (the link alone names it). */
export async function workspaceOfLink(db: Executor, linkHash: string): Promise<string | undefined> {
  const [row] = await db
    .select({ workspaceId: portalLogins.workspaceId })
    .from(portalLogins)
    .where(eq(portalLogins.linkHash, linkHash));
  return row?.workspaceId;
}

export interface PortalCustomer {
  sessionId: string;
  workspaceId: string;
  contactId: string;
  accountId: string | null;
  name: string;
  email: string | null;
  portalAdmin: boolean;
  accountName: string | null;
}

/** The signed-in customer a session token names, or undefined (unknown, expired, contact gone). */
export async function portalCustomer(db: Executor, tokenHash: string, now: Date): Promise<PortalCustomer | undefined> {
  const [row] = await db
    .select({
      sessionId: portalSessions.id,
      workspaceId: portalSessions.workspaceId,
      contactId: contacts.id,
      accountId: contacts.accountId,
      name: contacts.name,
      email: contacts.email,
      portalAdmin: contacts.portalAdmin,
      accountName: accounts.name,
    })
    .from(portalSessions)
    .innerJoin(
      contacts,
      and(eq(contacts.id, portalSessions.contactId), eq(contacts.workspaceId, portalSessions.workspaceId)),
    )
    .leftJoin(accounts, eq(accounts.id, contacts.accountId))
    .where(and(eq(portalSessions.tokenHash, tokenHash), gt(portalSessions.expiresAt, now)));
  return row;
}

/**
 * What the customer may read: a portal admin with an account reads all of it; anyone else only
 * the issues they asked for. `mine` narrows an admin to their own requests too.
 */
export function portalScope(customer: PortalCustomer, which: "mine" | "account" = "account"): ReadScope {
  const contact = { contactId: customer.contactId, accountId: customer.accountId };
  const wholeAccount = customer.portalAdmin && customer.accountId && which === "account";
  return customerScope(customer.workspaceId, contact, wholeAccount ? undefined : { contactId: customer.contactId });
}

const requester = alias(contacts, "portal_requester");

function issueQuery(db: Executor) {
  return db
    .select({
      id: issues.id,
      number: issues.number,
      title: issues.title,
      threadKey: issues.threadKey,
      channel: issues.channel,
      state: issues.state,
      requesterContactId: issues.requesterContactId,
      requesterName: requester.name,
      createdAt: issues.createdAt,
      updatedAt: issues.updatedAt,
    })
    .from(issues)
    .leftJoin(requester, eq(requester.id, issues.requesterContactId));
}

export type PortalIssueRow = Awaited<ReturnType<typeof portalIssue>>;

/**
 * The customer's issues of the scope on every channel (Slack, email, widget, portal), newest
 * activity first: the portal is where they read all of them.
 */
export async function portalIssues(db: Executor, scope: ReadScope) {
  return issueQuery(db)
    .where(and(issueVisibility(scope), isNull(issues.mergedIntoIssueId)))
    .orderBy(desc(issues.updatedAt))
    .limit(100);
}

export async function portalIssue(db: Executor, scope: ReadScope, number: number) {
  const [row] = await issueQuery(db).where(and(issueVisibility(scope), eq(issues.number, number)));
  if (!row) throw notFound(`Issue #${number}`);
  return row;
}

const authorUser = alias(users, "portal_author_user");
const authorContact = alias(contacts, "portal_author_contact");

/** Agent replies show once delivered: a reply still in its undo window is not said yet. */
const agentReplySaid = () =>
  sql`${messages.authorContactId} IS NULL AND (${messages.deliveryStatus} IS NULL OR ${messages.deliveryStatus} = 'sent')`;

/** The thread as the customer sees it: public messages only (messageVisibility), agent replies once sent. */
export async function portalMessages(db: Executor, scope: ReadScope, issueId: string) {
  return db
    .select({
      id: messages.id,
      contactId: messages.authorContactId,
      text: messages.bodyText,
      attachments: messages.attachments,
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
        or(sql`${messages.authorContactId} IS NOT NULL`, agentReplySaid()),
      ),
    )
    .orderBy(asc(messages.createdAt), asc(messages.id));
}

/** Who portal mail comes from: the workspace's first inbox, else no-reply at its domain. */
export async function portalSender(db: Executor, workspaceId: string) {
  const workspace = await workspaceById(db, workspaceId);
  if (!workspace) return undefined;
  const [inbox] = await db
    .select({ address: emailInboxes.address })
    .from(emailInboxes)
    .where(eq(emailInboxes.workspaceId, workspaceId))
    .orderBy(asc(emailInboxes.createdAt))
    .limit(1);
  return { workspace, address: inbox?.address ?? `no-reply@${workspace.domain}` };
}

/** Where a portal issue's replies are announced: its requester's address. */
export async function requesterEmail(db: Executor, workspaceId: string, contactId: string | null) {
  if (!contactId) return undefined;
  const [row] = await db
    .select({ email: contacts.email })
    .from(contacts)
    .where(and(eq(contacts.workspaceId, workspaceId), eq(contacts.id, contactId)));
  return row?.email ?? undefined;
}
