// Read models for routing: triggers, agents and runbooks, the facts a trigger sees about an
// issue, AI decisions and their training labels, team membership and load.
import { and, asc, desc, eq, inArray, isNotNull, ne, sql } from "drizzle-orm";
import type { Executor } from "../db/connect";
import {
  accounts,
  aiAgents,
  aiDecisions,
  aiLabels,
  contacts,
  customFields,
  issueEvents,
  issues,
  macros,
  messages,
  routerModels,
  runbookExamples,
  runbooks,
  teamMembers,
  teamRouting,
  teams,
  triggers,
  users,
} from "../db/schema";
import { notFound } from "../domain/errors";
import type { IssueEventType } from "../domain/events";
import type { ActionNames } from "../domain/triggerActions";
import type { TriggerFacts, WorkspaceCatalog } from "../domain/triggers";
import { newestFirst } from "./pagination";
import { issueCalendar } from "./sla";

export type TriggerRow = typeof triggers.$inferSelect;
export type AgentRow = typeof aiAgents.$inferSelect;
export type RunbookRow = typeof runbooks.$inferSelect;
export type DecisionRow = typeof aiDecisions.$inferSelect;
type IssueRow = typeof issues.$inferSelect;

export async function listTriggers(db: Executor, workspaceId: string): Promise<TriggerRow[]> {
  return db
    .select()
    .from(triggers)
    .where(eq(triggers.workspaceId, workspaceId))
    .orderBy(asc(triggers.position), asc(triggers.createdAt));
}

export async function getTrigger(db: Executor, workspaceId: string, id: string): Promise<TriggerRow> {
  const [row] = await db
    .select()
    .from(triggers)
    .where(and(eq(triggers.workspaceId, workspaceId), eq(triggers.id, id)));
  if (!row) throw notFound("Trigger");
  return row;
}

/** Everything a trigger may name, to tell which triggers still point at something real. */
export async function loadCatalog(db: Executor, workspaceId: string): Promise<WorkspaceCatalog> {
  const ids = async (table: typeof teams | typeof users | typeof aiAgents | typeof macros) =>
    new Set((await db.select({ id: table.id }).from(table).where(eq(table.workspaceId, workspaceId))).map((r) => r.id));
  const fields = await db
    .select({ key: customFields.key, object: customFields.object })
    .from(customFields)
    .where(eq(customFields.workspaceId, workspaceId));
  return {
    teamIds: await ids(teams),
    userIds: await ids(users),
    agentIds: await ids(aiAgents),
    macroIds: await ids(macros),
    issueFieldKeys: new Set(fields.filter((f) => f.object === "issue").map((f) => f.key)),
    accountFieldKeys: new Set(fields.filter((f) => f.object === "account").map((f) => f.key)),
  };
}

export interface IssueContext {
  issue: IssueRow;
  account: typeof accounts.$inferSelect | null;
  facts: TriggerFacts;
  /** Title and the first customer message: what the Router and priority read. */
  text: string;
}

/**
 * Reads that stay put while a batch of new issues is routed — triggers, calendars, agents, models,
 * an issue's first customer message — made once per batch (one worker fetch of issue.created jobs)
 * instead of once per routing step. A setting changed mid-batch applies from the next batch.
 */
export interface RoutingReads {
  once<T>(key: string, load: () => PromiseLike<T>): Promise<T>;
  /** Drops what was read under `key` (it proved stale: something it names is gone). */
  forget(key: string): void;
}

export function routingReads(): RoutingReads {
  const memo = new Map<string, Promise<unknown>>();
  return {
    once<T>(key: string, load: () => PromiseLike<T>): Promise<T> {
      const hit = memo.get(key) as Promise<T> | undefined;
      if (hit) return hit;
      // Settled once, here: a query builder is a thenable that runs its statement again on every
      // await, on the transaction it was built on — by the next step, long committed (the SLA
      // refresh of a batch's second issue failed "Transaction is closed" and waited for its retry).
      const loading = Promise.resolve(load());
      memo.set(key, loading);
      // A failed read is tried again by the next step, not remembered.
      loading.catch(() => memo.delete(key));
      return loading;
    },
    forget: (key) => memo.delete(key),
  };
}

/** No memo: every read goes to the database (edits by people, sweeps, the tester). */
export const FRESH_READS: RoutingReads = { once: async (_key, load) => load(), forget: () => {} };

export async function loadIssueContext(
  db: Executor,
  workspaceId: string,
  issueId: string,
  /** `lock`: take the issue's row lock (FOR UPDATE) in the same statement; `db` is then a transaction. */
  options: { messageId?: string; now?: Date; reads?: RoutingReads; lock?: boolean } = {},
): Promise<IssueContext | null> {
  const reads = options.reads ?? FRESH_READS;
  const query = db
    .select({ issue: issues, account: accounts, contact: contacts, firstText: firstPublicText })
    .from(issues)
    .leftJoin(accounts, eq(accounts.id, issues.accountId))
    .leftJoin(contacts, eq(contacts.id, issues.requesterContactId))
    .where(and(eq(issues.workspaceId, workspaceId), eq(issues.id, issueId)));
  const [row] = options.lock ? await query.for("update", { of: issues }) : await query;
  if (!row) return null;
  const first = await reads.once(`first:${issueId}`, async () => row.firstText ?? "");
  const [message] = options.messageId
    ? await db
        .select({ text: messages.bodyText, authorType: messages.authorType })
        .from(messages)
        .where(and(eq(messages.issueId, issueId), eq(messages.id, options.messageId)))
    : [];
  const context = toContext(row, first, message ?? null, options.now ?? new Date());
  // time.* conditions read the issue's calendar (its team's, else the workspace's).
  const teamId = row.issue.teamId;
  const calendar = await reads.once(`calendar:${workspaceId}:${teamId}`, () => issueCalendar(db, workspaceId, teamId));
  return { ...context, facts: { ...context.facts, calendar } };
}

/**
 * `loadIssueContext` for many issues (a routing batch, an SLA refresh), in three statements whatever their
 * number: the issues with account and contact, their first public messages, their calendars.
 */
export async function loadIssueContexts(
  db: Executor,
  workspaceId: string,
  issueIds: readonly string[],
  /** `lock`: take the issues' row locks (FOR UPDATE, in id order) as they are read; `db` is then a transaction. */
  options: { now?: Date; reads?: RoutingReads; lock?: boolean } = {},
): Promise<Map<string, IssueContext>> {
  const reads = options.reads ?? FRESH_READS;
  if (issueIds.length === 0) return new Map();
  const query = db
    .select({ issue: issues, account: accounts, contact: contacts })
    .from(issues)
    .leftJoin(accounts, eq(accounts.id, issues.accountId))
    .leftJoin(contacts, eq(contacts.id, issues.requesterContactId))
    .where(and(eq(issues.workspaceId, workspaceId), inArray(issues.id, [...issueIds])));
  const rows = options.lock ? await query.orderBy(asc(issues.id)).for("update", { of: issues }) : await query;
  const firsts = await db
    .selectDistinctOn([messages.issueId], { issueId: messages.issueId, text: messages.bodyText })
    .from(messages)
    .where(and(inArray(messages.issueId, [...issueIds]), eq(messages.visibility, "public")))
    .orderBy(asc(messages.issueId), asc(messages.createdAt));
  const firstOf = new Map(firsts.map((f) => [f.issueId, f.text]));
  const contexts = new Map<string, IssueContext>();
  for (const row of rows) {
    const first = await reads.once(`first:${row.issue.id}`, async () => firstOf.get(row.issue.id) ?? "");
    const context = toContext(row, first, null, options.now ?? new Date());
    const teamId = row.issue.teamId;
    const calendar = await reads.once(`calendar:${workspaceId}:${teamId}`, () =>
      issueCalendar(db, workspaceId, teamId),
    );
    contexts.set(row.issue.id, { ...context, facts: { ...context.facts, calendar } });
  }
  return contexts;
}

/** Which of these issues the agent has routed already (a retried batch routes nothing twice). */
export async function routedBy(db: Executor, agentId: string, issueIds: readonly string[]): Promise<Set<string>> {
  if (issueIds.length === 0) return new Set();
  const rows = await db
    .select({ issueId: aiDecisions.issueId })
    .from(aiDecisions)
    .where(
      and(inArray(aiDecisions.issueId, [...issueIds]), eq(aiDecisions.kind, "route"), eq(aiDecisions.agentId, agentId)),
    );
  return new Set(rows.map((r) => r.issueId));
}

/**
 * The issue's first public message, read in the statement that reads the issue (the index on
 * message (issue_id, created_at) finds it): a second round trip for it cost every SLA refresh and
 * routing step one statement.
 */
const firstPublicText = sql<string | null>`(SELECT ${messages.bodyText} FROM ${messages}
  WHERE ${messages.issueId} = ${issues.id} AND ${messages.visibility} = 'public'
  ORDER BY ${messages.createdAt} LIMIT 1)`;

function toContext(
  row: { issue: IssueRow; account: typeof accounts.$inferSelect | null; contact: typeof contacts.$inferSelect | null },
  firstText: string,
  message: { text: string; authorType: string } | null,
  now: Date,
): IssueContext {
  const { issue, account, contact } = row;
  const text = [issue.title, firstText].filter((t) => t && t !== issue.title).join("\n\n") || issue.title;
  return {
    issue,
    account,
    text,
    facts: {
      issue: {
        title: issue.title,
        channel: issue.channel,
        state: issue.state,
        priority: issue.priority,
        teamId: issue.teamId,
        assigneeUserId: issue.assigneeUserId,
        assigneeAgentId: issue.assigneeAgentId,
        tags: issue.tags,
        customFields: issue.customFields,
        source: issue.source,
      },
      account: account && {
        name: account.name,
        type: account.type,
        tier: account.tier,
        ownerUserId: account.ownerUserId,
        customFields: account.customFields,
        tags: account.tags,
      },
      contact: contact && { name: contact.name, email: contact.email },
      // The first message stands in for "the message" when the event is not about one.
      message: message ?? (firstText ? { text: firstText, authorType: "contact" } : null),
      now,
      lastCustomerMessageAt: issue.lastCustomerMessageAt,
      slaDueAt: issue.slaCheckAt,
      sla: {
        policyId: issue.slaPolicyId,
        breached: issue.slaBreached,
        paused: issue.slaPaused,
        dueAt: issue.slaDueAt,
        firstResponseDueAt: issue.slaFirstResponseDueAt,
        nextResponseDueAt: issue.slaNextResponseDueAt,
        resolutionDueAt: issue.slaResolutionDueAt,
      },
    },
  };
}

/** The most recent issues with their facts, for a trigger's dry run. */
export async function recentIssueContexts(db: Executor, workspaceId: string, limit: number): Promise<IssueContext[]> {
  const rows = await db
    .select({ id: issues.id })
    .from(issues)
    .where(eq(issues.workspaceId, workspaceId))
    .orderBy(newestFirst(issues.createdAt), newestFirst(issues.id))
    .limit(limit);
  const out: IssueContext[] = [];
  for (const r of rows) {
    const c = await loadIssueContext(db, workspaceId, r.id);
    if (c) out.push(c);
  }
  return out;
}

/** Open issues whose last customer message is older than `hours` and still unanswered. */
export async function issuesAwaitingReply(db: Executor, workspaceId: string, hours: number, limit = 200) {
  return db
    .select({ id: issues.id })
    .from(issues)
    .where(
      and(
        eq(issues.workspaceId, workspaceId),
        ne(issues.state, "closed"),
        isNotNull(issues.lastCustomerMessageAt),
        sql`${issues.lastCustomerMessageAt} < now() - make_interval(hours => ${hours})`,
        sql`(${issues.firstResponseAt} IS NULL OR ${issues.lastMessageAt} <= ${issues.lastCustomerMessageAt})`,
      ),
    )
    .limit(limit);
}

/** Whether this trigger already ran on the issue since `since` (a no-reply rule fires once per wait). */
export async function triggerFiredSince(db: Executor, issueId: string, triggerId: string, since: Date) {
  const [row] = await db
    .select({ seq: issueEvents.seq })
    .from(issueEvents)
    .where(
      and(
        eq(issueEvents.issueId, issueId),
        eq(issueEvents.type, "trigger"),
        sql`${issueEvents.data}->>'triggerId' = ${triggerId}`,
        sql`${issueEvents.createdAt} >= ${since.toISOString()}`,
      ),
    )
    .limit(1);
  return Boolean(row);
}

export async function slaWarningTriggers(db: Executor) {
  return db
    .select({ workspaceId: triggers.workspaceId, minutes: triggers.slaWarningMinutes })
    .from(triggers)
    .where(and(eq(triggers.event, "sla_warning"), eq(triggers.enabled, true)));
}

/** Open issues with an SLA target due between `from` and `to` (not yet missed). */
export async function issuesWithSlaDue(db: Executor, workspaceId: string, from: Date, to: Date, limit = 500) {
  return db
    .select({ id: issues.id })
    .from(issues)
    .where(
      and(
        eq(issues.workspaceId, workspaceId),
        ne(issues.state, "closed"),
        sql`${issues.slaCheckAt} > ${from.toISOString()}::timestamptz`,
        sql`${issues.slaCheckAt} <= ${to.toISOString()}::timestamptz`,
      ),
    )
    .limit(limit);
}

export async function noReplyTriggers(db: Executor) {
  return db
    .select({ workspaceId: triggers.workspaceId, hours: triggers.noReplyHours })
    .from(triggers)
    .where(and(eq(triggers.event, "no_reply"), eq(triggers.enabled, true)));
}

// ---- agents and runbooks ---------------------------------------------------------------

export interface AgentWithRunbooks {
  agent: AgentRow;
  runbooks: (RunbookRow & { examples: string[]; targetTeamName: string | null })[];
}

export async function listAgents(db: Executor, workspaceId: string): Promise<AgentRow[]> {
  return db.select().from(aiAgents).where(eq(aiAgents.workspaceId, workspaceId)).orderBy(asc(aiAgents.createdAt));
}

export async function getAgent(db: Executor, workspaceId: string, agentId: string): Promise<AgentWithRunbooks> {
  const [agent] = await db
    .select()
    .from(aiAgents)
    .where(and(eq(aiAgents.workspaceId, workspaceId), eq(aiAgents.id, agentId)));
  if (!agent) throw notFound("AI agent");
  const books = await db
    .select({ runbook: runbooks, teamName: teams.name })
    .from(runbooks)
    .leftJoin(teams, eq(teams.id, runbooks.targetTeamId))
    .where(eq(runbooks.agentId, agentId))
    .orderBy(asc(runbooks.position), asc(runbooks.createdAt));
  const examples = books.length
    ? await db
        .select()
        .from(runbookExamples)
        .where(
          inArray(
            runbookExamples.runbookId,
            books.map((b) => b.runbook.id),
          ),
        )
        .orderBy(asc(runbookExamples.createdAt))
    : [];
  return {
    agent,
    runbooks: books.map((b) => ({
      ...b.runbook,
      targetTeamName: b.teamName,
      examples: examples.filter((e) => e.runbookId === b.runbook.id).map((e) => e.text),
    })),
  };
}

/** The enabled router agent serving `teamId` (Support's Router), if any. */
export async function routerForTeam(db: Executor, workspaceId: string, teamId: string): Promise<AgentRow | undefined> {
  const [agent] = await db
    .select()
    .from(aiAgents)
    .where(and(eq(aiAgents.workspaceId, workspaceId), eq(aiAgents.teamId, teamId), eq(aiAgents.enabled, true)))
    .limit(1);
  return agent;
}

// ---- decisions, labels, models ---------------------------------------------------------

export async function listDecisions(db: Executor, workspaceId: string, issueId: string): Promise<DecisionRow[]> {
  return db
    .select()
    .from(aiDecisions)
    .where(and(eq(aiDecisions.workspaceId, workspaceId), eq(aiDecisions.issueId, issueId)))
    .orderBy(desc(aiDecisions.createdAt));
}

export async function getDecision(db: Executor, workspaceId: string, id: string): Promise<DecisionRow> {
  const [row] = await db
    .select()
    .from(aiDecisions)
    .where(and(eq(aiDecisions.workspaceId, workspaceId), eq(aiDecisions.id, id)));
  if (!row) throw notFound("AI decision");
  return row;
}

export async function labelsFor(db: Executor, workspaceId: string, task: string, limit = 2000) {
  return db
    .select({ text: aiLabels.text, label: aiLabels.label })
    .from(aiLabels)
    .where(and(eq(aiLabels.workspaceId, workspaceId), eq(aiLabels.task, task)))
    .orderBy(desc(aiLabels.createdAt))
    .limit(limit);
}

export async function storedModel(db: Executor, workspaceId: string, task: string) {
  const [row] = await db
    .select()
    .from(routerModels)
    .where(and(eq(routerModels.workspaceId, workspaceId), eq(routerModels.task, task)));
  return row;
}

/** The last `limit` route decisions of an agent: predicted team vs. where people left the issue. */
export async function recentRouteDecisions(db: Executor, workspaceId: string, agentId: string, limit: number) {
  return db
    .select()
    .from(aiDecisions)
    .where(
      and(eq(aiDecisions.workspaceId, workspaceId), eq(aiDecisions.kind, "route"), eq(aiDecisions.agentId, agentId)),
    )
    .orderBy(desc(aiDecisions.createdAt))
    .limit(limit);
}

/** Who made the latest change of this type on the issue (to tell people from automation). */
export async function latestEvent(db: Executor, issueId: string, type: IssueEventType) {
  const [row] = await db
    .select()
    .from(issueEvents)
    .where(and(eq(issueEvents.issueId, issueId), eq(issueEvents.type, type)))
    .orderBy(desc(issueEvents.seq))
    .limit(1);
  return row;
}

// ---- teams -----------------------------------------------------------------------------

export interface TeamForAssignment {
  team: typeof teams.$inferSelect;
  strategy: (typeof teamRouting.$inferSelect)["strategy"];
  lastAssignedUserId: string | null;
  members: { userId: string; name: string; away: boolean; tiers: string[]; openIssues: number }[];
}

export async function teamForAssignment(
  db: Executor,
  workspaceId: string,
  teamId: string,
): Promise<TeamForAssignment | null> {
  const [team] = await db
    .select({ team: teams, routing: teamRouting })
    .from(teams)
    .leftJoin(teamRouting, eq(teamRouting.teamId, teams.id))
    .where(and(eq(teams.workspaceId, workspaceId), eq(teams.id, teamId)));
  if (!team) return null;
  // Only the members' open issues are counted (counting the workspace's was a scan per assignment).
  const open = db
    .select({ userId: issues.assigneeUserId, n: sql<number>`count(*)::int`.as("n") })
    .from(issues)
    .where(
      and(
        eq(issues.workspaceId, workspaceId),
        ne(issues.state, "closed"),
        inArray(
          issues.assigneeUserId,
          db.select({ userId: teamMembers.userId }).from(teamMembers).where(eq(teamMembers.teamId, teamId)),
        ),
      ),
    )
    .groupBy(issues.assigneeUserId)
    .as("open");
  const members = await db
    .select({
      userId: users.id,
      name: users.name,
      away: users.away,
      deactivatedAt: users.deactivatedAt,
      tiers: teamMembers.tiers,
      openIssues: sql<number>`coalesce(${open.n}, 0)`,
    })
    .from(teamMembers)
    .innerJoin(users, eq(users.id, teamMembers.userId))
    .leftJoin(open, eq(open.userId, users.id))
    .where(eq(teamMembers.teamId, teamId))
    .orderBy(asc(users.name), asc(users.id));
  return {
    team: team.team,
    strategy: team.routing?.strategy ?? "auto",
    lastAssignedUserId: team.routing?.lastAssignedUserId ?? null,
    members: members
      .filter((m) => !m.deactivatedAt)
      .map((m) => ({ userId: m.userId, name: m.name, away: m.away, tiers: m.tiers, openIssues: Number(m.openIssues) })),
  };
}

/** Names of what trigger actions point at (teams, people, AI agents, macros), for words in place of ids. */
export async function actionNames(db: Executor, workspaceId: string): Promise<ActionNames> {
  const named = async (table: typeof teams | typeof users | typeof aiAgents | typeof macros) =>
    new Map(
      (await db.select({ id: table.id, name: table.name }).from(table).where(eq(table.workspaceId, workspaceId))).map(
        (r) => [r.id, r.name],
      ),
    );
  const [teamNames, userNames, agentNames, macroNames] = [
    await named(teams),
    await named(users),
    await named(aiAgents),
    await named(macros),
  ];
  return {
    team: (id) => teamNames.get(id),
    user: (id) => userNames.get(id),
    agent: (id) => agentNames.get(id),
    macro: (id) => macroNames.get(id),
  };
}
