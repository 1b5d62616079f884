// Read models for issues: filtered, searchable, keyset-paginated lists and single issues.
import { and, asc, desc, eq, inArray, isNull, type SQL, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Executor } from "../db/connect";
import { accounts, contacts, issueEvents, issues, messages, teams, users } from "../db/schema";
import { notFound } from "../domain/errors";
import type { IssueState, Priority } from "../domain/lifecycle";
import { afterCursor, page } from "./pagination";

export interface IssueFilter {
  q?: string;
  states?: IssueState[];
  teamId?: string | "none";
  assigneeUserId?: string | "none";
  accountId?: string;
  priority?: Priority;
  channel?: string;
  tag?: string;
}

const requester = alias(contacts, "requester");

const issueColumns = {
  issue: issues,
  team: { id: teams.id, name: teams.name },
  assignee: { id: users.id, name: users.name, email: users.email },
  account: { id: accounts.id, name: accounts.name, type: accounts.type, tier: accounts.tier },
  requester: { id: requester.id, name: requester.name, email: requester.email },
};

export type IssueListRow = {
  issue: typeof issues.$inferSelect;
  team: { id: string; name: string } | null;
  assignee: { id: string; name: string; email: string } | null;
  account: { id: string; name: string; type: string; tier: string | null } | null;
  requester: { id: string; name: string; email: string | null } | null;
};

/** The issue list's select with its joins; views add their own WHERE and ORDER BY. */
export function issueListQuery(db: Executor) {
  return db
    .select(issueColumns)
    .from(issues)
    .leftJoin(teams, eq(teams.id, issues.teamId))
    .leftJoin(users, eq(users.id, issues.assigneeUserId))
    .leftJoin(accounts, eq(accounts.id, issues.accountId))
    .leftJoin(requester, eq(requester.id, issues.requesterContactId));
}

export function issueFilterConditions(workspaceId: string, filter: IssueFilter): SQL[] {
  const conditions: (SQL | undefined)[] = [eq(issues.workspaceId, workspaceId)];
  if (filter.states?.length) conditions.push(inArray(issues.state, filter.states));
  if (filter.teamId)
    conditions.push(filter.teamId === "none" ? isNull(issues.teamId) : eq(issues.teamId, filter.teamId));
  if (filter.assigneeUserId) {
    conditions.push(
      filter.assigneeUserId === "none"
        ? isNull(issues.assigneeUserId)
        : eq(issues.assigneeUserId, filter.assigneeUserId),
    );
  }
  if (filter.accountId) conditions.push(eq(issues.accountId, filter.accountId));
  if (filter.priority) conditions.push(eq(issues.priority, filter.priority));
  if (filter.channel) conditions.push(sql`${issues.channel} = ${filter.channel}`);
  if (filter.tag) conditions.push(sql`${filter.tag.toLowerCase()} = ANY(${issues.tags})`);
  if (filter.q) conditions.push(textMatch(workspaceId, filter.q));
  return conditions.filter((c): c is SQL => c !== undefined);
}

/**
 * Full-text over the title and every message of the issue (PostgreSQL FTS). Each half is its own
 * uncorrelated set, so each uses its GIN index: written as `title @@ q OR EXISTS (messages …)`,
 * neither index could serve the OR, and the list walked the workspace's issues row by row.
 */
export function textMatch(workspaceId: string, q: string): SQL {
  const query = sql`plainto_tsquery('simple', ${q})`;
  return sql`${issues.id} IN (
    SELECT t.id FROM ${issues} t WHERE t.workspace_id = ${workspaceId} AND t.title_search @@ ${query}
    UNION
    SELECT m.issue_id FROM ${messages} m WHERE m.workspace_id = ${workspaceId} AND m.search @@ ${query})`;
}

export async function listIssues(
  db: Executor,
  workspaceId: string,
  filter: IssueFilter,
  options: { limit: number; cursor?: string },
) {
  const conditions = issueFilterConditions(workspaceId, filter);
  const after = afterCursor(issues, issues.createdAt, issues.id, options.cursor);
  if (after) conditions.push(after);
  const rows = await issueListQuery(db)
    .where(and(...conditions))
    .orderBy(desc(issues.createdAt), desc(issues.id))
    .limit(options.limit + 1);
  return page(rows as IssueListRow[], options.limit, (r) => ({ at: r.issue.createdAt, id: r.issue.id }));
}

export async function getIssue(db: Executor, workspaceId: string, number: number): Promise<IssueListRow> {
  const [row] = await issueListQuery(db).where(and(eq(issues.workspaceId, workspaceId), eq(issues.number, number)));
  if (!row) throw notFound(`Issue #${number}`);
  return row as IssueListRow;
}

const authorUser = alias(users, "author_user");
const authorContact = alias(contacts, "author_contact");

export async function listMessages(db: Executor, workspaceId: string, issueId: string) {
  return db
    .select({
      message: messages,
      user: { id: authorUser.id, name: authorUser.name },
      contact: { id: authorContact.id, name: authorContact.name, email: authorContact.email },
    })
    .from(messages)
    .leftJoin(authorUser, eq(authorUser.id, messages.authorUserId))
    .leftJoin(authorContact, eq(authorContact.id, messages.authorContactId))
    .where(and(eq(messages.workspaceId, workspaceId), eq(messages.issueId, issueId)))
    .orderBy(asc(messages.createdAt), asc(messages.id));
}

export async function listIssueEvents(db: Executor, workspaceId: string, issueId: string) {
  return db
    .select()
    .from(issueEvents)
    .where(and(eq(issueEvents.workspaceId, workspaceId), eq(issueEvents.issueId, issueId)))
    .orderBy(asc(issueEvents.seq));
}
