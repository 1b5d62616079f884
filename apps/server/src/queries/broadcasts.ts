// Read model of broadcasts: the list with per-status counts, one broadcast, its recipients (paged),
// and the plan of who would receive it (the audience evaluated over accounts, their shared Slack
// channels and their contacts with the chosen roles), which the preview shows and the send stores.
import { and, asc, desc, eq, inArray, isNotNull, sql } from "drizzle-orm";
import type { Executor } from "../db/connect";
import { accounts, broadcastRecipients, broadcasts, contacts, issues, slackChannels, users } from "../db/schema";
import type { StoredAudience } from "../db/schema/broadcasts";
import { evaluateConditions } from "../domain/conditions/evaluate";
import type { ConditionFacts } from "../domain/conditions/facts";
import { notFound } from "../domain/errors";
import { afterCursor, page } from "./pagination";

export type BroadcastRow = typeof broadcasts.$inferSelect;
export type RecipientRow = typeof broadcastRecipients.$inferSelect;
type RecipientStatus = RecipientRow["status"];

const STATUSES = ["queued", "sending", "sent", "failed", "replied", "cancelled"] as const;
/** Recipients by status, and `delivered`: sent or replied (a reply means it arrived). */
export type BroadcastCounts = Record<(typeof STATUSES)[number] | "total" | "delivered", number>;

const emptyCounts = (): BroadcastCounts => ({
  total: 0,
  delivered: 0,
  queued: 0,
  sending: 0,
  sent: 0,
  failed: 0,
  replied: 0,
  cancelled: 0,
});

/** A broadcast's counts over all recipients, and per channel. */
export interface BroadcastAnalytics {
  counts: BroadcastCounts;
  byChannel: { slack: BroadcastCounts; email: BroadcastCounts };
}
const emptyAnalytics = (): BroadcastAnalytics => ({
  counts: emptyCounts(),
  byChannel: { slack: emptyCounts(), email: emptyCounts() },
});

export interface BroadcastView extends BroadcastAnalytics {
  broadcast: BroadcastRow;
  createdBy: { id: string; name: string } | null;
}

async function countsOf(db: Executor, ids: readonly string[]) {
  const byId = new Map<string, BroadcastAnalytics>();
  if (ids.length === 0) return byId;
  const r = broadcastRecipients;
  const rows = await db
    .select({ id: r.broadcastId, channel: r.channel, status: r.status, n: sql<number>`count(*)::int` })
    .from(r)
    .where(inArray(r.broadcastId, [...ids]))
    .groupBy(r.broadcastId, r.channel, r.status);
  for (const row of rows) {
    const analytics = byId.get(row.id) ?? emptyAnalytics();
    for (const counts of [analytics.counts, analytics.byChannel[row.channel]]) {
      counts[row.status] += row.n;
      counts.total += row.n;
      if (row.status === "sent" || row.status === "replied") counts.delivered += row.n;
    }
    byId.set(row.id, analytics);
  }
  return byId;
}

const withAuthor = {
  broadcast: broadcasts,
  authorId: users.id,
  authorName: users.name,
};

async function present(
  db: Executor,
  rows: { broadcast: BroadcastRow; authorId: string | null; authorName: string | null }[],
) {
  const analytics = await countsOf(
    db,
    rows.map((r) => r.broadcast.id),
  );
  return rows.map(
    (r): BroadcastView => ({
      broadcast: r.broadcast,
      createdBy: r.authorId && r.authorName ? { id: r.authorId, name: r.authorName } : null,
      ...(analytics.get(r.broadcast.id) ?? emptyAnalytics()),
    }),
  );
}

export async function listBroadcasts(
  db: Executor,
  workspaceId: string,
  o: { limit: number; cursor?: string; status?: BroadcastRow["status"] },
) {
  const rows = await db
    .select(withAuthor)
    .from(broadcasts)
    .leftJoin(users, eq(users.id, broadcasts.createdByUserId))
    .where(
      and(
        eq(broadcasts.workspaceId, workspaceId),
        o.status ? eq(broadcasts.status, o.status) : undefined,
        afterCursor(broadcasts, broadcasts.createdAt, broadcasts.id, o.cursor),
      ),
    )
    .orderBy(desc(broadcasts.createdAt), desc(broadcasts.id))
    .limit(o.limit + 1);
  const paged = page(rows, o.limit, (r) => ({ at: r.broadcast.createdAt, id: r.broadcast.id }));
  return { items: await present(db, paged.items), nextCursor: paged.nextCursor };
}

export async function getBroadcast(db: Executor, workspaceId: string, id: string): Promise<BroadcastView> {
  const rows = await db
    .select(withAuthor)
    .from(broadcasts)
    .leftJoin(users, eq(users.id, broadcasts.createdByUserId))
    .where(and(eq(broadcasts.workspaceId, workspaceId), eq(broadcasts.id, id)));
  const [view] = await present(db, rows);
  if (!view) throw notFound("Broadcast");
  return view;
}

export async function listRecipients(
  db: Executor,
  workspaceId: string,
  broadcastId: string,
  o: { limit: number; cursor?: string; status?: RecipientStatus },
) {
  const rows = await db
    .select({
      recipient: broadcastRecipients,
      accountName: accounts.name,
      contactName: contacts.name,
      issueNumber: issues.number,
    })
    .from(broadcastRecipients)
    .leftJoin(accounts, eq(accounts.id, broadcastRecipients.accountId))
    .leftJoin(contacts, eq(contacts.id, broadcastRecipients.contactId))
    .leftJoin(issues, eq(issues.id, broadcastRecipients.issueId))
    .where(
      and(
        eq(broadcastRecipients.workspaceId, workspaceId),
        eq(broadcastRecipients.broadcastId, broadcastId),
        o.status ? eq(broadcastRecipients.status, o.status) : undefined,
        afterCursor(broadcastRecipients, broadcastRecipients.createdAt, broadcastRecipients.id, o.cursor),
      ),
    )
    .orderBy(desc(broadcastRecipients.createdAt), desc(broadcastRecipients.id))
    .limit(o.limit + 1);
  return page(rows, o.limit, (r) => ({ at: r.recipient.createdAt, id: r.recipient.id }));
}

// ---- the plan: who a broadcast reaches --------------------------------------------------------

export type AccountFacts = Pick<
  typeof accounts.$inferSelect,
  "id" | "name" | "type" | "tier" | "ownerUserId" | "customFields" | "tags"
>;

export interface PlannedRecipient {
  account: AccountFacts;
  contact: { id: string; name: string; email: string } | null;
  channel: "slack" | "email";
  /** Slack channel id or email address; `none:<account id>` when the account has nowhere to send. */
  address: string;
  label: string;
  /** Why it cannot be sent; stored as a failed recipient. */
  problem: string | null;
}

/** The facts an audience condition reads: the account alone (no issue is involved). */
function accountFacts(account: AccountFacts, now: Date): ConditionFacts {
  return {
    issue: {
      title: "",
      channel: "",
      state: "",
      priority: "",
      teamId: null,
      assigneeUserId: null,
      assigneeAgentId: null,
      tags: [],
      customFields: {},
      source: {},
    },
    account: {
      name: account.name,
      type: account.type,
      tier: account.tier,
      ownerUserId: account.ownerUserId,
      customFields: account.customFields,
      tags: account.tags,
    },
    contact: null,
    message: null,
    now,
  };
}

export async function audienceAccounts(
  db: Executor,
  workspaceId: string,
  audience: StoredAudience,
  now: Date,
): Promise<AccountFacts[]> {
  const columns = {
    id: accounts.id,
    name: accounts.name,
    type: accounts.type,
    tier: accounts.tier,
    ownerUserId: accounts.ownerUserId,
    customFields: accounts.customFields,
    tags: accounts.tags,
  };
  if (audience.kind === "accounts") {
    if (audience.accountIds.length === 0) return [];
    return db
      .select(columns)
      .from(accounts)
      .where(and(eq(accounts.workspaceId, workspaceId), inArray(accounts.id, audience.accountIds)))
      .orderBy(asc(accounts.name));
  }
  const all = await db
    .select(columns)
    .from(accounts)
    .where(eq(accounts.workspaceId, workspaceId))
    .orderBy(asc(accounts.name));
  return all.filter((account) => evaluateConditions(audience.condition, accountFacts(account, now)).matched);
}

/** Every recipient of the broadcast as it stands now, accounts in name order. */
export async function planRecipients(
  db: Executor,
  broadcast: Pick<BroadcastRow, "workspaceId" | "audience" | "channels" | "contactRoles">,
  now: Date,
): Promise<PlannedRecipient[]> {
  const targets = await audienceAccounts(db, broadcast.workspaceId, broadcast.audience, now);
  const ids = targets.map((a) => a.id);
  const wantsSlack = broadcast.channels !== "email";
  const wantsEmail = broadcast.channels !== "slack";
  const channels =
    wantsSlack && ids.length > 0
      ? await db
          .select({ accountId: slackChannels.accountId, id: slackChannels.slackChannelId, name: slackChannels.name })
          .from(slackChannels)
          .where(
            and(
              eq(slackChannels.workspaceId, broadcast.workspaceId),
              inArray(slackChannels.accountId, ids),
              eq(slackChannels.kind, "customer"),
            ),
          )
          .orderBy(asc(slackChannels.name))
      : [];
  const roles = broadcast.contactRoles;
  const people =
    wantsEmail && ids.length > 0
      ? await db
          .select({ accountId: contacts.accountId, id: contacts.id, name: contacts.name, email: contacts.email })
          .from(contacts)
          .where(
            and(
              eq(contacts.workspaceId, broadcast.workspaceId),
              inArray(contacts.accountId, ids),
              isNotNull(contacts.email),
              roles.length > 0 ? sql`${contacts.roles} && ${sql.param(roles)}::text[]` : undefined,
            ),
          )
          .orderBy(asc(contacts.name))
      : [];
  const planned: PlannedRecipient[] = [];
  const none = (account: AccountFacts, channel: "slack" | "email", problem: string): PlannedRecipient => ({
    account,
    contact: null,
    channel,
    address: `none:${account.id}`,
    label: "—",
    problem,
  });
  for (const account of targets) {
    if (wantsSlack) {
      const own = channels.filter((c) => c.accountId === account.id);
      if (own.length === 0) planned.push(none(account, "slack", "The account has no shared Slack channel."));
      for (const c of own)
        planned.push({ account, contact: null, channel: "slack", address: c.id, label: `#${c.name}`, problem: null });
    }
    if (wantsEmail) {
      const own = people.filter((p) => p.accountId === account.id);
      const who = roles.length > 0 ? `with the role ${roles.join(" or ")}` : "with an email address";
      if (own.length === 0) planned.push(none(account, "email", `The account has no contact ${who}.`));
      for (const p of own) {
        const email = (p.email ?? "").toLowerCase();
        planned.push({
          account,
          contact: { id: p.id, name: p.name, email },
          channel: "email",
          address: email,
          label: email,
          problem: null,
        });
      }
    }
  }
  return planned;
}

/** What a delivery job needs of claimed recipients: their account's and contact's facts. */
export async function recipientFacts(db: Executor, recipients: readonly RecipientRow[]) {
  const accountIds = [...new Set(recipients.map((r) => r.accountId).filter((id): id is string => Boolean(id)))];
  const contactIds = [...new Set(recipients.map((r) => r.contactId).filter((id): id is string => Boolean(id)))];
  const [accountRows, contactRows] = await Promise.all([
    accountIds.length > 0
      ? db
          .select({ id: accounts.id, name: accounts.name, tier: accounts.tier, type: accounts.type })
          .from(accounts)
          .where(inArray(accounts.id, accountIds))
      : [],
    contactIds.length > 0
      ? db
          .select({ id: contacts.id, name: contacts.name, email: contacts.email })
          .from(contacts)
          .where(inArray(contacts.id, contactIds))
      : [],
  ]);
  const accountOf = new Map(accountRows.map((a) => [a.id, a]));
  const contactOf = new Map(contactRows.map((c) => [c.id, c]));
  return (r: RecipientRow) => ({
    account: (r.accountId && accountOf.get(r.accountId)) || { name: "", tier: null, type: "customer" },
    contact: (r.contactId && contactOf.get(r.contactId)) || null,
  });
}
