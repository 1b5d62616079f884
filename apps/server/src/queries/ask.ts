// Ask AI's reads: the workspace's names a question may mention (the catalog), and the issues its
// filters select — always through issueVisibility, so Ask reads exactly what the asker's issue
// list would show and nothing of another workspace.
import { and, asc, desc, eq, gte, isNotNull, lt, or, type SQL, sql } from "drizzle-orm";
import type { Executor } from "../db/connect";
import { accounts, issues, linearLinks, messages, tags, teams, topicQuestions, topics } from "../db/schema";
import type { AskCatalog, AskFilters } from "../domain/ask";
import { issueFilterConditions, textMatch } from "./issues";
import type { ReadScope } from "./scope";
import { accountVisibility } from "./visibility";

/** Issues read per question: enough to rank and summarise, few enough to answer at once. */
export const ASK_READ_LIMIT = 200;

export async function askCatalog(db: Executor, scope: ReadScope): Promise<AskCatalog> {
  const [accountRows, teamRows, tagRows, usedTags, tierRows] = await Promise.all([
    db.select({ id: accounts.id, name: accounts.name }).from(accounts).where(accountVisibility(scope)).limit(5_000),
    db.select({ id: teams.id, name: teams.name }).from(teams).where(eq(teams.workspaceId, scope.workspaceId)),
    db.select({ name: tags.name }).from(tags).where(eq(tags.workspaceId, scope.workspaceId)),
    // Tags on issues need not be in the tag list (a channel or API may add new ones).
    db
      .selectDistinct({ name: sql<string>`unnest(${issues.tags})` })
      .from(issues)
      .where(eq(issues.workspaceId, scope.workspaceId))
      .limit(1_000),
    db
      .selectDistinct({ tier: accounts.tier })
      .from(accounts)
      .where(and(accountVisibility(scope), isNotNull(accounts.tier))),
  ]);
  return {
    accounts: accountRows,
    teams: teamRows,
    tags: [...new Set([...tagRows, ...usedTags].map((t) => t.name))],
    tiers: tierRows.flatMap((t) => (t.tier ? [t.tier] : [])),
  };
}

export interface AskedIssue {
  number: number;
  title: string;
  state: string;
  channel: string;
  createdAt: Date;
  tags: string[];
  customFields: Record<string, unknown>;
  accountName: string | null;
  /** The customer's first public message: what they asked. */
  firstMessage: string | null;
  /** Titles of the Linear issues it is linked to (the feature-request facet). */
  linearTitles: string[];
  /** Labels of the common topics its customers' questions are in (the topics model). */
  topicLabels: string[];
}

export function askConditions(scope: ReadScope, f: AskFilters): SQL[] {
  const conditions = issueFilterConditions(scope, {
    states: f.states,
    teamId: f.team?.id,
    accountId: f.account?.id,
    channel: f.channel,
    tag: f.tag,
  });
  if (f.window) conditions.push(gte(issues.createdAt, f.window.since));
  if (f.window?.until) conditions.push(lt(issues.createdAt, f.window.until));
  const accountsWhere = (cond: SQL) =>
    sql`${issues.accountId} IN (SELECT ${accounts.id} FROM ${accounts} WHERE ${accounts.workspaceId} = ${scope.workspaceId} AND ${cond})`;
  if (f.tier) conditions.push(accountsWhere(sql`lower(${accounts.tier}) = ${f.tier.toLowerCase()}`));
  if (f.accountType) conditions.push(accountsWhere(sql`${accounts.type} = ${f.accountType}`));
  if (f.featureRequests) {
    // The feature-request facet: linked to a Linear issue, tagged so, or a field saying so.
    conditions.push(sql`(EXISTS (SELECT 1 FROM ${linearLinks} WHERE ${linearLinks.issueId} = ${issues.id})
      OR 'feature-request' = ANY(${issues.tags}) OR 'feature request' = ANY(${issues.tags})
      OR EXISTS (SELECT 1 FROM jsonb_each_text(${issues.customFields}) cf WHERE lower(cf.value) LIKE '%feature request%'))`);
  }
  const words = f.terms.map((t) => textMatch(scope, t));
  const anyWord = or(...words);
  if (anyWord) conditions.push(anyWord);
  return conditions;
}

export async function askIssues(db: Executor, scope: ReadScope, f: AskFilters) {
  const where = and(...askConditions(scope, f));
  const first = sql<string | null>`(SELECT ${messages.bodyText} FROM ${messages}
    WHERE ${messages.issueId} = ${issues.id} AND ${messages.visibility} = 'public'
    ORDER BY ${messages.createdAt} LIMIT 1)`;
  const linear = sql<string[] | null>`(SELECT array_agg(${linearLinks.title} ORDER BY ${linearLinks.title})
    FROM ${linearLinks} WHERE ${linearLinks.issueId} = ${issues.id})`;
  const topicLabels = sql<string[] | null>`(SELECT array_agg(DISTINCT ${topics.label}) FROM ${topicQuestions}
    JOIN ${topics} ON ${topics.id} = ${topicQuestions.topicId} WHERE ${topicQuestions.issueId} = ${issues.id})`;
  const [counted, rows] = await Promise.all([
    db.select({ n: sql<number>`count(*)::int` }).from(issues).where(where),
    db
      .select({
        number: issues.number,
        title: issues.title,
        state: issues.state,
        channel: issues.channel,
        createdAt: issues.createdAt,
        tags: issues.tags,
        customFields: issues.customFields,
        accountName: accounts.name,
        firstMessage: first,
        linearTitles: linear,
        topicLabels,
      })
      .from(issues)
      .leftJoin(accounts, eq(accounts.id, issues.accountId))
      .where(where)
      .orderBy(desc(issues.createdAt), asc(issues.number))
      .limit(ASK_READ_LIMIT),
  ]);
  return {
    total: Number(counted[0]?.n ?? 0),
    issues: rows.map(
      (r): AskedIssue => ({ ...r, linearTitles: r.linearTitles ?? [], topicLabels: r.topicLabels ?? [] }),
    ),
  };
}
