// Loads rows for a command, always scoped to the caller's workspace: another tenant's id
// is indistinguishable from a missing one (404, never 403).
import { and, eq, inArray, type SQL, sql } from "drizzle-orm";
import { selectRows } from "../db/raw";
import { accounts, contacts, issues, messages, teams, users } from "../db/schema";
import { notFound } from "../domain/errors";
import type { CommandContext } from "./context";

export type IssueRow = typeof issues.$inferSelect;
export type MessageRow = typeof messages.$inferSelect;

/** The message a channel delivered under this id (Slack `channel:ts`, email Message-ID), locked for update. */
export async function messageByExternalId(
  ctx: CommandContext,
  channel: MessageRow["channel"],
  externalId: string,
): Promise<MessageRow | undefined> {
  const [row] = await ctx.tx
    .select()
    .from(messages)
    .where(
      and(
        eq(messages.workspaceId, ctx.workspaceId),
        eq(messages.channel, channel),
        eq(messages.externalId, externalId),
      ),
    )
    .for("update");
  return row;
}

export async function loadIssueForUpdate(ctx: CommandContext, number: number): Promise<IssueRow> {
  const [issue] = await ctx.tx
    .select()
    .from(issues)
    .where(and(eq(issues.workspaceId, ctx.workspaceId), eq(issues.number, number)))
    .for("update");
  if (!issue) throw notFound(`Issue #${number}`);
  return unchangedByPass(ctx, issue);
}

export async function loadIssueByIdForUpdate(ctx: CommandContext, id: string): Promise<IssueRow> {
  const [issue] = await ctx.tx
    .select()
    .from(issues)
    .where(and(eq(issues.workspaceId, ctx.workspaceId), eq(issues.id, id)))
    .for("update");
  if (!issue) throw notFound("Issue");
  return unchangedByPass(ctx, issue);
}

/** Under write-behind the database shows an issue the pass changed as it was: reading it back is a bug. */
function unchangedByPass(ctx: CommandContext, issue: IssueRow): IssueRow {
  if (ctx.writeBehind?.changed(issue.id))
    throw new Error(`issue ${issue.id} was read back after a write-behind change`);
  return issue;
}

export async function assertTeam(ctx: CommandContext, teamId: string) {
  const [team] = await ctx.tx
    .select()
    .from(teams)
    .where(and(eq(teams.workspaceId, ctx.workspaceId), eq(teams.id, teamId)));
  if (!team) throw notFound("Team");
  return team;
}

export async function assertUser(ctx: CommandContext, userId: string) {
  const [user] = await ctx.tx
    .select()
    .from(users)
    .where(and(eq(users.workspaceId, ctx.workspaceId), eq(users.id, userId)));
  if (!user) throw notFound("User");
  return user;
}

export async function assertAccount(ctx: CommandContext, accountId: string) {
  const [account] = await ctx.tx
    .select()
    .from(accounts)
    .where(and(eq(accounts.workspaceId, ctx.workspaceId), eq(accounts.id, accountId)));
  if (!account) throw notFound("Account");
  return account;
}

export async function assertContact(ctx: CommandContext, contactId: string) {
  const [contact] = await ctx.tx
    .select()
    .from(contacts)
    .where(and(eq(contacts.workspaceId, ctx.workspaceId), eq(contacts.id, contactId)));
  if (!contact) throw notFound("Contact");
  return contact;
}

export interface References {
  accountId?: string | null;
  contactId?: string | null;
  teamId?: string | null;
}

/**
 * Checks in one round trip that each given id names a row of this workspace (opening an issue
 * names up to three; one query each was most of its cost, and a batch of opens names many).
 * The first missing one is a 404.
 */
export async function assertReferences(ctx: CommandContext, refs: readonly References[]): Promise<void> {
  const checks = referenceChecks(ctx, refs);
  if (checks.length === 0) return;
  const [row = {}] = await selectRows(
    ctx.tx,
    sql`SELECT ${sql.join(
      checks.map((c, i) => sql`${c.probe} AS ${sql.identifier(`ok${i}`)}`),
      sql`, `,
    )}`,
  );
  const missing = checks.find((_, i) => row[`ok${i}`] !== true);
  if (missing) throw notFound(missing.label);
}

/**
 * The condition `assertReferences` checks, for a write to make itself (`WHERE` it holds), so the
 * check costs no round trip of its own; undefined when nothing is named.
 */
export function referencesExist(ctx: CommandContext, refs: readonly References[]): SQL | undefined {
  const checks = referenceChecks(ctx, refs);
  return checks.length === 0
    ? undefined
    : sql.join(
        checks.map((c) => c.probe),
        sql` AND `,
      );
}

function referenceChecks(ctx: CommandContext, refs: readonly References[]): { label: string; probe: SQL }[] {
  const wanted = (pick: (r: References) => string | null | undefined) => [
    ...new Set(refs.map(pick).filter((id): id is string => Boolean(id))),
  ];
  // Every id of the list names a row: as many rows match as there are distinct ids.
  const allExist = (table: typeof accounts | typeof contacts | typeof teams, ids: string[]) =>
    sql`(SELECT count(*) FROM ${table} WHERE ${table.workspaceId} = ${ctx.workspaceId} AND ${inArray(table.id, ids)}) = ${ids.length}`;
  const kinds = [
    { label: "Account", table: accounts, ids: wanted((r) => r.accountId) },
    { label: "Contact", table: contacts, ids: wanted((r) => r.contactId) },
    { label: "Team", table: teams, ids: wanted((r) => r.teamId) },
  ] as const;
  return kinds.flatMap(({ label, table, ids }) => (ids.length > 0 ? [{ label, probe: allExist(table, ids) }] : []));
}
