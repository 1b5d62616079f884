// Read models for the Slack channel: the connection of a workspace, candidate connections for an
// incoming delivery, the channel list with its accounts, and who a Slack user is to us.
import { and, asc, eq, isNull, or, sql } from "drizzle-orm";
import type { Executor } from "../db/connect";
import { selectRows } from "../db/raw";
import {
  accounts,
  broadcastRecipients,
  contacts,
  issues,
  messages,
  slackChannels,
  slackConnections,
  users,
  workspaces,
} from "../db/schema";
import { ownDomains } from "./accountSettings";

export type SlackConnectionRow = typeof slackConnections.$inferSelect;
export type SlackChannelRow = typeof slackChannels.$inferSelect;

export async function slackConnectionOf(db: Executor, workspaceId: string): Promise<SlackConnectionRow | undefined> {
  const [row] = await db.select().from(slackConnections).where(eq(slackConnections.workspaceId, workspaceId));
  return row;
}

/**
 * Connections that may have sent a delivery: those whose team or app matches, plus connections
 * not yet identified (no team id). The signature check decides among them.
 */
export async function slackConnectionCandidates(
  db: Executor,
  ids: { teamId?: string; appId?: string },
): Promise<SlackConnectionRow[]> {
  const conditions = [
    isNull(slackConnections.teamId),
    ids.teamId ? eq(slackConnections.teamId, ids.teamId) : undefined,
    ids.appId ? eq(slackConnections.appId, ids.appId) : undefined,
  ].filter((c) => c !== undefined);
  return db
    .select()
    .from(slackConnections)
    .where(or(...conditions))
    .limit(50);
}

/** Every stored connection (url_verification carries no team: any signing secret may match). */
export async function allSlackConnections(db: Executor): Promise<SlackConnectionRow[]> {
  return db.select().from(slackConnections).limit(500);
}

export async function slackChannelBySlackId(
  db: Executor,
  workspaceId: string,
  slackChannelId: string,
): Promise<SlackChannelRow | undefined> {
  const [row] = await db
    .select()
    .from(slackChannels)
    .where(and(eq(slackChannels.workspaceId, workspaceId), eq(slackChannels.slackChannelId, slackChannelId)));
  return row;
}

export async function listSlackChannels(
  db: Executor,
  workspaceId: string,
  filter: { status?: "mapped" | "unmapped" } = {},
) {
  const status =
    filter.status === "mapped"
      ? sql`${slackChannels.accountId} IS NOT NULL`
      : filter.status === "unmapped"
        ? isNull(slackChannels.accountId)
        : undefined;
  return (
    db
      .select({ channel: slackChannels, account: { id: accounts.id, name: accounts.name } })
      .from(slackChannels)
      .leftJoin(accounts, eq(accounts.id, slackChannels.accountId))
      // Internal channels are listed (and configured) under /internal-channels, never mapped.
      .where(and(eq(slackChannels.workspaceId, workspaceId), eq(slackChannels.kind, "customer"), status))
      // Unmapped first: they are the ones that need an admin.
      .orderBy(sql`${slackChannels.accountId} IS NOT NULL`, asc(slackChannels.name))
  );
}

export async function accountCandidates(db: Executor, workspaceId: string) {
  return db
    .select({ id: accounts.id, name: accounts.name, domains: accounts.domains })
    .from(accounts)
    .where(eq(accounts.workspaceId, workspaceId));
}

export async function workspaceName(db: Executor, workspaceId: string): Promise<string> {
  const [row] = await db.select({ name: workspaces.name }).from(workspaces).where(eq(workspaces.id, workspaceId));
  return row?.name ?? "";
}

/** Who a Slack user is to us when we have met them: a colleague (user) first, else a customer contact. */
export type KnownSlackPerson =
  | { kind: "user"; id: string; name: string; email: string | null }
  | { kind: "contact"; id: string; name: string; email: string | null; accountId: string | null };

/**
 * The user and the contact a Slack user id names, selected as left joins onto `workspace` (a
 * contact is unique per Slack user id): the one reading of "who is this" for both lookups below.
 */
const slackPersonColumns = {
  user: { id: users.id, name: users.name, email: users.email },
  contact: { id: contacts.id, name: contacts.name, email: contacts.email, accountId: contacts.accountId },
};
const userWithSlackId = (slackUserId: string) =>
  and(eq(users.workspaceId, workspaces.id), eq(users.slackUserId, slackUserId));
const contactWithSlackId = (slackUserId: string) =>
  and(eq(contacts.workspaceId, workspaces.id), eq(contacts.slackUserId, slackUserId));

function knownPerson(row: {
  user: Omit<Extract<KnownSlackPerson, { kind: "user" }>, "kind"> | null;
  contact: Omit<Extract<KnownSlackPerson, { kind: "contact" }>, "kind"> | null;
}): KnownSlackPerson | undefined {
  if (row.user) return { kind: "user", ...row.user };
  return row.contact ? { kind: "contact", ...row.contact } : undefined;
}

/** The colleague or contact already known by this Slack user id (saves a users.info call). */
export async function knownSlackPerson(
  db: Executor,
  workspaceId: string,
  slackUserId: string,
): Promise<KnownSlackPerson | undefined> {
  const [row] = await db
    .select(slackPersonColumns)
    .from(workspaces)
    .leftJoin(users, userWithSlackId(slackUserId))
    .leftJoin(contacts, contactWithSlackId(slackUserId))
    .where(eq(workspaces.id, workspaceId))
    .limit(1);
  return row && knownPerson(row);
}

/** What a customer's Slack message needs to know before it is taken in, read at once. */
export interface SlackMessageContext {
  /** The channel as stored; undefined for one we have never seen. */
  channel: SlackChannelRow | undefined;
  /** The workspace's own email domains (ownDomains). */
  domains: string[];
  /** The author, when we have met them (knownSlackPerson). */
  known: KnownSlackPerson | undefined;
  /** The message's thread is a broadcast's (a recipient has its thread key): a customer's reply opens an issue. */
  inBroadcastThread: boolean;
}

/**
 * `slackChannelBySlackId`, `workspaceDomains`, `knownSlackPerson` and whether the thread is a
 * broadcast's, in one statement: every message event asks them all, and at a thousand events a
 * second each round trip counts (four or five statements per event before).
 */
export async function slackMessageContext(
  db: Executor,
  workspaceId: string,
  message: { slackChannelId: string; slackUserId: string; threadKey: string },
): Promise<SlackMessageContext> {
  const { slackChannelId, slackUserId, threadKey } = message;
  const [row] = await db
    .select({
      domain: workspaces.domain,
      domains: workspaces.domains,
      inBroadcastThread: sql<boolean>`EXISTS (SELECT 1 FROM ${broadcastRecipients}
        WHERE ${broadcastRecipients.workspaceId} = ${workspaces.id} AND ${broadcastRecipients.threadKey} = ${threadKey})`,
      channel: slackChannels,
      ...slackPersonColumns,
    })
    .from(workspaces)
    .leftJoin(
      slackChannels,
      and(eq(slackChannels.workspaceId, workspaces.id), eq(slackChannels.slackChannelId, slackChannelId)),
    )
    .leftJoin(users, userWithSlackId(slackUserId))
    .leftJoin(contacts, contactWithSlackId(slackUserId))
    .where(eq(workspaces.id, workspaceId))
    .limit(1);
  if (!row) return { channel: undefined, domains: [], known: undefined, inBroadcastThread: false };
  return {
    channel: row.channel ?? undefined,
    domains: ownDomains(row),
    known: knownPerson(row),
    inBroadcastThread: row.inBroadcastThread,
  };
}

export async function userByEmail(db: Executor, workspaceId: string, email: string) {
  const [user] = await db
    .select({ id: users.id, name: users.name, slackUserId: users.slackUserId })
    .from(users)
    .where(and(eq(users.workspaceId, workspaceId), sql`lower(${users.email}) = ${email.toLowerCase()}`));
  return user;
}

/** A mapped channel of the account this Slack user's contact belongs to (the DM pointer). */
export async function sharedChannelForSlackUser(db: Executor, workspaceId: string, slackUserId: string) {
  const [row] = await db
    .select({ slackChannelId: slackChannels.slackChannelId })
    .from(contacts)
    .innerJoin(slackChannels, eq(slackChannels.accountId, contacts.accountId))
    .where(and(eq(contacts.workspaceId, workspaceId), eq(contacts.slackUserId, slackUserId)))
    .limit(1);
  return row?.slackChannelId;
}

export async function issueByThreadKey(db: Executor, workspaceId: string, key: string) {
  const [row] = await db
    .select({ id: issues.id, number: issues.number })
    .from(issues)
    .where(and(eq(issues.workspaceId, workspaceId), eq(issues.channel, "slack"), eq(issues.threadKey, key)));
  return row;
}

/** Who wrote an outbound message, as Slack should show it (chat:write.customize). */
export async function outboundAuthor(db: Executor, message: { authorUserId: string | null }) {
  if (!message.authorUserId) return undefined;
  const [user] = await db
    .select({ name: users.name, avatarUrl: users.avatarUrl })
    .from(users)
    .where(eq(users.id, message.authorUserId));
  return user;
}

/**
 * An earlier public reply of the same issue still waiting for Slack: a later one must wait
 * (replies reach the thread in the order they were written). Failures older than 30 min no longer block.
 */
export async function earlierUndelivered(
  db: Executor,
  message: { id: string; issueId: string; createdAt: Date },
): Promise<boolean> {
  const [row] = await db
    .select({ id: messages.id })
    .from(messages)
    .where(
      and(
        eq(messages.issueId, message.issueId),
        sql`${messages.deliveryStatus} IN ('pending', 'failed')`,
        sql`(${messages.createdAt}, ${messages.id}) < (${message.createdAt.toISOString()}::timestamptz, ${message.id}::uuid)`,
        sql`${messages.createdAt} > now() - interval '30 minutes'`,
      ),
    )
    .limit(1);
  return Boolean(row);
}

/**
 * Workspaces with Slack inbox events that are due but that no drain will reach: waiting, or
 * claimed by a worker process that no longer beats, with no drain job waiting or running.
 */
export async function workspacesWithStrandedSlackEvents(db: Executor): Promise<string[]> {
  const rows = await selectRows<{ workspace_id: string }>(
    db,
    sql`SELECT DISTINCT e.workspace_id FROM slack_event e
         WHERE e.status IN ('pending', 'processing') AND e.available_at <= now()
           AND (e.status = 'pending' OR NOT EXISTS (SELECT 1 FROM worker_process w WHERE w.id = e.claimed_by))
           AND NOT EXISTS (SELECT 1 FROM pgboss.job j WHERE j.name = 'slack.event'
                 AND j.state IN ('created', 'retry', 'active') AND j.data->>'workspaceId' = e.workspace_id::text)`,
  );
  return rows.map((r) => r.workspace_id);
}
