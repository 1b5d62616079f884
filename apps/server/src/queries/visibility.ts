// What a read scope sees, as SQL: the one place every issue-related query takes its WHERE from.
// Issues follow the scope's audience (scope.ts); rows hanging off an issue follow their issue,
// and a customer additionally sees only what was said to them: public, undeleted messages,
// the customer-facing events, and attachments of those messages.
import { and, eq, inArray, type SQL, sql } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";
import { accounts, attachments, contacts, emailOutbox, issueEvents, issues, messages } from "../db/schema";
import { CUSTOMER_EVENT_TYPES, isCustomer, issueAudience, type ReadScope, seesWholeWorkspace } from "./scope";

/** The issues the scope may read. For an agent this is exactly "of the workspace". */
export function issueVisibility(scope: ReadScope): SQL {
  const audience = issueAudience(scope);
  if (audience.nobody) return sql`false`;
  return all(
    eq(issues.workspaceId, scope.workspaceId),
    audience.accountId ? eq(issues.accountId, audience.accountId) : undefined,
    audience.requesterContactId ? eq(issues.requesterContactId, audience.requesterContactId) : undefined,
  );
}

/** Rows of a table hanging off an issue whose issue the scope may read. */
function ofVisibleIssue(scope: ReadScope, table: { workspaceId: PgColumn; issueId: PgColumn }): SQL {
  const inWorkspace = eq(table.workspaceId, scope.workspaceId);
  if (seesWholeWorkspace(scope)) return inWorkspace;
  return all(
    inWorkspace,
    sql`${table.issueId} IN (SELECT ${issues.id} FROM ${issues} WHERE ${issueVisibility(scope)})`,
  );
}

/** Messages the scope may read, of issues it may read. */
export function messageVisibility(scope: ReadScope): SQL {
  return all(ofVisibleIssue(scope, messages), saidToCustomer(scope));
}

/** Outbound emails (the full text sent to a customer) follow the read rights of their issue. */
export function outboxVisibility(scope: ReadScope): SQL {
  return ofVisibleIssue(scope, emailOutbox);
}

/**
 * The part of message visibility that does not depend on the issue: text search uses it, so a
 * customer cannot find an issue by a word of an internal note.
 */
export function saidToCustomer(scope: ReadScope): SQL | undefined {
  return isCustomer(scope) ? publicMessage() : undefined;
}

const publicMessage = () => sql`(${messages.visibility} = 'public' AND ${messages.deletedAt} IS NULL)`;

export function eventVisibility(scope: ReadScope): SQL {
  const visible = ofVisibleIssue(scope, issueEvents);
  if (!isCustomer(scope)) return visible;
  return all(
    visible,
    inArray(issueEvents.type, [...CUSTOMER_EVENT_TYPES]),
    sql`(${issueEvents.type} <> 'message' OR ${issueEvents.data} ->> 'visibility' = 'public')`,
  );
}

/** Attachments of readable issues; for a customer, only those of a message said to them. */
export function attachmentVisibility(scope: ReadScope): SQL {
  const visible = ofVisibleIssue(scope, { workspaceId: attachments.workspaceId, issueId: attachments.issueId });
  if (!isCustomer(scope)) return visible;
  return all(
    visible,
    sql`EXISTS (SELECT 1 FROM ${messages} WHERE ${messages.issueId} = ${attachments.issueId}
      AND ${publicMessage()}
      AND ${messages.attachments} @> jsonb_build_array(jsonb_build_object('id', ${attachments.id}::text)))`,
  );
}

/** Accounts the scope may read: a customer sees their own account only. */
export function accountVisibility(scope: ReadScope): SQL {
  const audience = issueAudience(scope);
  if (audience.nobody) return sql`false`;
  return all(
    eq(accounts.workspaceId, scope.workspaceId),
    audience.accountId ? eq(accounts.id, audience.accountId) : undefined,
    audience.requesterContactId
      ? sql`${accounts.id} IN (SELECT ${contacts.accountId} FROM ${contacts} WHERE ${contacts.id} = ${audience.requesterContactId})`
      : undefined,
  );
}

/** Contacts the scope may read: a customer sees the people of their account (or only themself). */
export function contactVisibility(scope: ReadScope): SQL {
  const audience = issueAudience(scope);
  if (audience.nobody) return sql`false`;
  return all(
    eq(contacts.workspaceId, scope.workspaceId),
    audience.accountId ? eq(contacts.accountId, audience.accountId) : undefined,
    audience.requesterContactId ? eq(contacts.id, audience.requesterContactId) : undefined,
  );
}

/** AND of the present conditions; the first is always present, so the result is never empty. */
function all(first: SQL, ...rest: (SQL | undefined)[]): SQL {
  return and(first, ...rest) ?? first;
}
