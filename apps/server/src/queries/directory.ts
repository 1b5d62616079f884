// Read models for the workspace directory: accounts, contacts, people, teams, settings lists.
// Accounts and contacts read through a scope (a customer sees their own account's people);
// the rest is agent-only and takes the workspace id (see scope.ts).
import { and, asc, desc, eq, ilike, or, sql } from "drizzle-orm";
import type { Executor } from "../db/connect";
import {
  accounts,
  apiTokens,
  contacts,
  customFields,
  quarantine,
  tags,
  teamMembers,
  teams,
  users,
  views,
} from "../db/schema";
import { notFound } from "../domain/errors";
import { afterCursor, page } from "./pagination";
import type { ReadScope } from "./scope";
import { accountVisibility, contactVisibility } from "./visibility";

interface ListOptions {
  q?: string;
  limit: number;
  cursor?: string;
}

export async function listAccounts(db: Executor, scope: ReadScope, o: ListOptions) {
  const rows = await db
    .select()
    .from(accounts)
    .where(
      and(
        accountVisibility(scope),
        o.q ? ilike(accounts.name, `%${escapeLike(o.q)}%`) : undefined,
        afterCursor(accounts, accounts.createdAt, accounts.id, o.cursor),
      ),
    )
    .orderBy(desc(accounts.createdAt), desc(accounts.id))
    .limit(o.limit + 1);
  return page(rows, o.limit, (r) => ({ at: r.createdAt, id: r.id }));
}

export async function getAccount(db: Executor, scope: ReadScope, id: string) {
  const [row] = await db
    .select()
    .from(accounts)
    .where(and(accountVisibility(scope), eq(accounts.id, id)));
  if (!row) throw notFound("Account");
  return row;
}

export async function listContacts(db: Executor, scope: ReadScope, o: ListOptions & { accountId?: string }) {
  const rows = await db
    .select()
    .from(contacts)
    .where(
      and(
        contactVisibility(scope),
        o.accountId ? eq(contacts.accountId, o.accountId) : undefined,
        o.q
          ? or(ilike(contacts.name, `%${escapeLike(o.q)}%`), ilike(contacts.email, `%${escapeLike(o.q)}%`))
          : undefined,
        afterCursor(contacts, contacts.createdAt, contacts.id, o.cursor),
      ),
    )
    .orderBy(desc(contacts.createdAt), desc(contacts.id))
    .limit(o.limit + 1);
  return page(rows, o.limit, (r) => ({ at: r.createdAt, id: r.id }));
}

export async function getContact(db: Executor, scope: ReadScope, id: string) {
  const [row] = await db
    .select()
    .from(contacts)
    .where(and(contactVisibility(scope), eq(contacts.id, id)));
  if (!row) throw notFound("Contact");
  return row;
}

export const listUsers = (db: Executor, workspaceId: string) =>
  db.select().from(users).where(eq(users.workspaceId, workspaceId)).orderBy(asc(users.name));

export async function getUser(db: Executor, workspaceId: string, id: string) {
  const [row] = await db
    .select()
    .from(users)
    .where(and(eq(users.workspaceId, workspaceId), eq(users.id, id)));
  if (!row) throw notFound("User");
  return row;
}

export async function listTeams(db: Executor, workspaceId: string) {
  const [teamRows, memberRows] = await Promise.all([
    db.select().from(teams).where(eq(teams.workspaceId, workspaceId)).orderBy(asc(teams.name)),
    db.select().from(teamMembers).where(eq(teamMembers.workspaceId, workspaceId)),
  ]);
  return teamRows.map((team) => ({
    team,
    members: memberRows.filter((m) => m.teamId === team.id).map((m) => ({ userId: m.userId, tiers: m.tiers })),
  }));
}

export const listTags = (db: Executor, workspaceId: string) =>
  db.select().from(tags).where(eq(tags.workspaceId, workspaceId)).orderBy(asc(tags.name));

export const listCustomFields = (db: Executor, workspaceId: string) =>
  db
    .select()
    .from(customFields)
    .where(eq(customFields.workspaceId, workspaceId))
    .orderBy(asc(customFields.object), asc(customFields.position), asc(customFields.label));

/** Views the user can see: their own, their workspace's, and every team view. */
export const listViews = (db: Executor, workspaceId: string, userId: string) =>
  db
    .select()
    .from(views)
    .where(
      and(eq(views.workspaceId, workspaceId), or(sql`${views.ownerType} <> 'user'`, eq(views.ownerUserId, userId))),
    )
    .orderBy(asc(views.position), asc(views.name));

export const listApiTokens = (db: Executor, workspaceId: string) =>
  db
    .select({
      id: apiTokens.id,
      name: apiTokens.name,
      userId: apiTokens.userId,
      lastUsedAt: apiTokens.lastUsedAt,
      revokedAt: apiTokens.revokedAt,
      createdAt: apiTokens.createdAt,
    })
    .from(apiTokens)
    .where(eq(apiTokens.workspaceId, workspaceId))
    .orderBy(desc(apiTokens.createdAt));

export const listQuarantine = (db: Executor, workspaceId: string) =>
  db
    .select()
    .from(quarantine)
    .where(eq(quarantine.workspaceId, workspaceId))
    .orderBy(desc(quarantine.createdAt))
    .limit(200);

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
