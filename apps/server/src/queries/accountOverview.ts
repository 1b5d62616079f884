// The account 360: one account with everything around it, for agents (a customer never reads it).
// Each part is one bounded query over the account's issues.
import { and, count, desc, eq, gte, ne, sql } from "drizzle-orm";
import type { Executor } from "../db/connect";
import { contacts, csatResponses, issueEvents, issues, linearLinks, slackChannels, users } from "../db/schema";
import { getAccount } from "./accounts";
import { type ReadScope, staffOf } from "./scope";
import { accountIssueSentiments, accountSentimentSubquery, accountSentimentTrend, summarize } from "./sentiment";

const DAY = 86_400_000;

export async function accountOverview(db: Executor, scope: ReadScope, accountId: string, now: Date) {
  const { workspaceId } = staffOf(scope);
  const account = await getAccount(db, scope, accountId);
  const ofAccount = and(eq(issues.workspaceId, workspaceId), eq(issues.accountId, account.id));
  const [owner, open, openCount, recentlyClosed, people, channels, links, csat, timeline, sentiment] =
    await Promise.all([
      account.ownerUserId
        ? db
            .select({ id: users.id, name: users.name, email: users.email })
            .from(users)
            .where(and(eq(users.workspaceId, workspaceId), eq(users.id, account.ownerUserId)))
            .then((rows) => rows[0] ?? null)
        : null,
      issueSummaries(db, and(ofAccount, ne(issues.state, "closed")), 20),
      db
        .select({ n: count() })
        .from(issues)
        .where(and(ofAccount, ne(issues.state, "closed")))
        .then((rows) => rows[0]?.n ?? 0),
      issueSummaries(
        db,
        and(ofAccount, eq(issues.state, "closed"), gte(issues.updatedAt, new Date(now.getTime() - 90 * DAY))),
        10,
      ),
      db
        .select({
          id: contacts.id,
          name: contacts.name,
          email: contacts.email,
          roles: contacts.roles,
          portalAdmin: contacts.portalAdmin,
          issueCount: sql<number>`(SELECT count(*)::int FROM ${issues} WHERE ${issues.requesterContactId} = ${contacts.id})`,
        })
        .from(contacts)
        .where(and(eq(contacts.workspaceId, workspaceId), eq(contacts.accountId, account.id)))
        .orderBy(contacts.name)
        .limit(50),
      db
        .select({ id: slackChannels.id, name: slackChannels.name, slackChannelId: slackChannels.slackChannelId })
        .from(slackChannels)
        .where(and(eq(slackChannels.workspaceId, workspaceId), eq(slackChannels.accountId, account.id)))
        .orderBy(slackChannels.name),
      db
        .select({
          identifier: linearLinks.identifier,
          title: linearLinks.title,
          url: linearLinks.url,
          stateName: linearLinks.stateName,
          stateType: linearLinks.stateType,
          issueNumber: issues.number,
        })
        .from(linearLinks)
        .innerJoin(issues, eq(issues.id, linearLinks.issueId))
        .where(and(eq(linearLinks.workspaceId, workspaceId), ofAccount))
        .orderBy(desc(linearLinks.updatedAt))
        .limit(100),
      db
        .select({
          issueNumber: issues.number,
          score: csatResponses.score,
          comment: csatResponses.comment,
          channel: csatResponses.channel,
          createdAt: csatResponses.createdAt,
        })
        .from(csatResponses)
        .innerJoin(issues, eq(issues.id, csatResponses.issueId))
        .where(and(eq(csatResponses.workspaceId, workspaceId), ofAccount))
        .orderBy(desc(csatResponses.createdAt))
        .limit(20),
      db
        .select({
          type: issueEvents.type,
          issueNumber: issues.number,
          issueTitle: issues.title,
          actorType: issueEvents.actorType,
          actorName: sql<
            string | null
          >`CASE WHEN ${issueEvents.actorType} = 'user' THEN (SELECT ${users.name} FROM ${users} WHERE ${users.id}::text = ${issueEvents.actorId}) WHEN ${issueEvents.actorType} = 'contact' THEN (SELECT ${contacts.name} FROM ${contacts} WHERE ${contacts.id}::text = ${issueEvents.actorId}) END`,
          createdAt: issueEvents.createdAt,
        })
        .from(issueEvents)
        .innerJoin(issues, eq(issues.id, issueEvents.issueId))
        .where(and(eq(issueEvents.workspaceId, workspaceId), ofAccount))
        .orderBy(desc(issueEvents.seq))
        .limit(30),
      accountSentiment(db, workspaceId, account, now),
    ]);
  return {
    account,
    owner,
    renewalInDays: account.renewalDate ? daysUntil(account.renewalDate, now) : null,
    issues: { openCount: Number(openCount), open, recentlyClosed },
    contacts: people.map((c) => ({ ...c, issueCount: Number(c.issueCount) })),
    slackChannels: channels,
    linearIssues: groupLinks(links),
    csat: {
      average: csat.length ? Math.round((csat.reduce((s, r) => s + r.score, 0) / csat.length) * 10) / 10 : null,
      responses: csat,
    },
    timeline,
    sentiment,
  };
}

/** The account's sentiment now, by week and per issue, and the health the job last wrote. */
async function accountSentiment(
  db: Executor,
  workspaceId: string,
  account: Awaited<ReturnType<typeof getAccount>>,
  now: Date,
) {
  const summaries = accountSentimentSubquery(db, workspaceId, now);
  const [summary, trend, perIssue] = await Promise.all([
    db
      .select()
      .from(summaries)
      .where(eq(summaries.accountId, account.id))
      .then((rows) => (rows[0] ? summarize(rows[0]) : null)),
    accountSentimentTrend(db, workspaceId, account.id, now),
    accountIssueSentiments(db, workspaceId, account.id, now),
  ]);
  return {
    summary,
    trend,
    issues: perIssue,
    health:
      account.health === null
        ? null
        : { score: account.health, computedAt: account.healthAt, drivers: account.healthDrivers ?? [] },
  };
}

/** Whole days from today (UTC) to a YYYY-MM-DD date. */
export function daysUntil(date: string, now: Date): number {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return Math.round((Date.parse(`${date}T00:00:00Z`) - today) / DAY);
}

function issueSummaries(db: Executor, where: ReturnType<typeof and>, limit: number) {
  return db
    .select({
      number: issues.number,
      title: issues.title,
      state: issues.state,
      priority: issues.priority,
      channel: issues.channel,
      assigneeName: users.name,
      createdAt: issues.createdAt,
      updatedAt: issues.updatedAt,
    })
    .from(issues)
    .leftJoin(users, eq(users.id, issues.assigneeUserId))
    .where(where)
    .orderBy(desc(issues.updatedAt), desc(issues.id))
    .limit(limit);
}

/** One Linear issue per row, with every customer issue of the account linked to it. */
function groupLinks(
  rows: { identifier: string; title: string; url: string; stateName: string; stateType: string; issueNumber: number }[],
) {
  const byIdentifier = new Map<string, Omit<(typeof rows)[number], "issueNumber"> & { issueNumbers: number[] }>();
  for (const { issueNumber, ...link } of rows) {
    const seen = byIdentifier.get(link.identifier);
    if (seen) seen.issueNumbers.push(issueNumber);
    else byIdentifier.set(link.identifier, { ...link, issueNumbers: [issueNumber] });
  }
  return [...byIdentifier.values()];
}
