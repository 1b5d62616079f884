// Read models for issues: filtered, searchable, keyset-paginated lists and single issues, with
// their messages and events. Every query reads through a scope (see scope.ts, visibility.ts).

import type { SearchHighlight } from "@switchboard/api";
import { and, asc, desc, eq, inArray, isNull, type SQL, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Executor } from "../db/connect";
import { selectRows } from "../db/raw";
import {
  accounts,
  aiAgents,
  aiDecisions,
  broadcasts,
  contacts,
  issueEvents,
  issues,
  messages,
  slaPolicies,
  teams,
  users,
} from "../db/schema";
import { invalid, notFound } from "../domain/errors";
import type { IssueState, Priority } from "../domain/lifecycle";
import { afterCursor, decodeCursor, encodeCursor, newestFirst, page } from "./pagination";
import { type ReadScope, seesWholeWorkspace } from "./scope";
import { eventVisibility, issueVisibility, messageVisibility, saidToCustomer } from "./visibility";

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
  route: latestRoute(),
  slaPolicy: { id: slaPolicies.id, name: slaPolicies.name },
  broadcast: { id: broadcasts.id, title: broadcasts.title },
};

/** The issue's latest routing decision, if an AI agent routed it (one index probe per row). */
function latestRoute() {
  return sql<IssueListRow["route"]>`(SELECT jsonb_build_object(
      'decisionId', d.id, 'agentName', a.name,
      'action', CASE WHEN d.output->>'action' = 'route' THEN 'route' ELSE 'stay' END,
      'teamName', d.output->>'teamName', 'runbookName', d.output->>'runbookName',
      'confidence', d.confidence, 'overridden', d.overridden_at IS NOT NULL)
    FROM ${aiDecisions} d LEFT JOIN ${aiAgents} a ON a.id = d.agent_id
    WHERE d.issue_id = ${issues.id} AND d.kind = 'route'
    ORDER BY d.created_at DESC LIMIT 1)`;
}

export type IssueListRow = {
  issue: typeof issues.$inferSelect;
  team: { id: string; name: string } | null;
  assignee: { id: string; name: string; email: string } | null;
  account: { id: string; name: string; type: string; tier: string | null } | null;
  requester: { id: string; name: string; email: string | null } | null;
  route: {
    decisionId: string;
    agentName: string | null;
    action: "route" | "stay";
    teamName: string | null;
    runbookName: string | null;
    confidence: number | null;
    overridden: boolean;
  } | null;
  slaPolicy: { id: string; name: string } | null;
  /** The broadcast a customer's reply to it opened this issue from. */
  broadcast: { id: string; title: string } | null;
};

/** The issue list's select with its joins; views add their own WHERE and ORDER BY. */
export function issueListQuery(db: Executor) {
  return db
    .select(issueColumns)
    .from(issues)
    .leftJoin(teams, eq(teams.id, issues.teamId))
    .leftJoin(users, eq(users.id, issues.assigneeUserId))
    .leftJoin(accounts, eq(accounts.id, issues.accountId))
    .leftJoin(requester, eq(requester.id, issues.requesterContactId))
    .leftJoin(slaPolicies, eq(slaPolicies.id, issues.slaPolicyId))
    .leftJoin(broadcasts, and(eq(broadcasts.id, issues.broadcastId), eq(broadcasts.workspaceId, issues.workspaceId)));
}

/**
 * The list rows of these issues, in the order of `ids`; ids the scope may not read are left out.
 * An agent's read is one prepared statement per connection: planning the seven-table join took
 * 2-20 ms at every call at 1M issues (longer than running it), and building it in drizzle ~1 ms.
 */
export async function issueRowsByIds(db: Executor, scope: ReadScope, ids: readonly string[]): Promise<IssueListRow[]> {
  if (ids.length === 0) return [];
  const rows = seesWholeWorkspace(scope)
    ? await preparedReads(db).byIds.execute({ workspaceId: scope.workspaceId, ids })
    : await issueListQuery(db).where(and(issueVisibility(scope), inArray(issues.id, [...ids])));
  const byId = new Map((rows as IssueListRow[]).map((r) => [r.issue.id, r]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

const prepared = new WeakMap<Executor, ReturnType<typeof prepareReads>>();

function preparedReads(db: Executor) {
  let reads = prepared.get(db);
  if (!reads) {
    reads = prepareReads(db);
    prepared.set(db, reads);
  }
  return reads;
}

/** An agent's reads of issue rows by id or number (whole workspace: see issueVisibility). */
function prepareReads(db: Executor) {
  const inWorkspace = eq(issues.workspaceId, sql.placeholder("workspaceId"));
  return {
    byIds: issueListQuery(db)
      .where(and(inWorkspace, sql`${issues.id} = ANY(${sql.placeholder("ids")}::uuid[])`))
      .prepare("issue_rows_by_ids"),
    byNumber: issueListQuery(db)
      .where(and(inWorkspace, eq(issues.number, sql.placeholder("number"))))
      .prepare("issue_row_by_number"),
  };
}

export function issueFilterConditions(scope: ReadScope, filter: IssueFilter): SQL[] {
  const conditions: (SQL | undefined)[] = [issueVisibility(scope)];
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
  if (filter.q) conditions.push(textMatch(scope, filter.q));
  return conditions.filter((c): c is SQL => c !== undefined);
}

/**
 * Full-text over the title and every message of the issue (PostgreSQL FTS). Each half is its own
 * uncorrelated set, so each uses its GIN index: written as `title @@ q OR EXISTS (messages …)`,
 * neither index could serve the OR, and the list walked the workspace's issues row by row.
 * Which issues may match is the caller's WHERE; here only the messages the scope may read count.
 */
export function textMatch(scope: ReadScope, q: string): SQL {
  const query = sql`plainto_tsquery('simple', ${q})`;
  const said = saidToCustomer(scope);
  return sql`${issues.id} IN (
    SELECT t.id FROM ${issues} t WHERE t.workspace_id = ${scope.workspaceId} AND t.title_search @@ ${query}
    UNION
    SELECT ${messages.issueId} FROM ${messages} WHERE ${messages.workspaceId} = ${scope.workspaceId} AND ${messages.search} @@ ${query}${said ? sql` AND ${said}` : sql``})`;
}

export async function listIssues(
  db: Executor,
  scope: ReadScope,
  filter: IssueFilter,
  options: { limit: number; cursor?: string },
): Promise<{ items: (IssueListRow & { highlight?: SearchHighlight })[]; nextCursor: string | null }> {
  if (filter.q) return searchIssues(db, scope, { ...filter, q: filter.q }, options);
  const conditions = issueFilterConditions(scope, filter);
  const after = afterCursor(issues, issues.createdAt, issues.id, options.cursor);
  if (after) conditions.push(after);
  const rows = await issueListQuery(db)
    .where(and(...conditions))
    .orderBy(newestFirst(issues.createdAt), newestFirst(issues.id))
    .limit(options.limit + 1);
  return page(rows as IssueListRow[], options.limit, (r) => ({ at: r.issue.createdAt, id: r.issue.id }));
}

/** A search result: the issue and why it matched. */
export type IssueSearchRow = IssueListRow & { highlight: SearchHighlight };

type Tier = "title" | "messages";

/** Newest issues a search looks through for a page of matches before it collects them all. */
const PROBE = 2000;

/**
 * Matches a search collects through a GIN index to call a word rare. Below it, the issues holding
 * them are read by id: the planner cannot estimate a word it has no statistics for (a rare one, a
 * typo) and guessed 25,000 matches, so it hashed every issue of the workspace (330 ms at 1M).
 */
const RARE = 2000;

/**
 * `?q=`: issues whose title matches first, newest first; then issues where only a message
 * matches, newest first. Each tier is its own keyset-paged query over (created_at, id), and finds
 * its page the cheapest way its word allows (see `tier`); the cursor says which tier it points
 * into.
 */
async function searchIssues(
  db: Executor,
  scope: ReadScope,
  filter: IssueFilter & { q: string },
  options: { limit: number; cursor?: string },
): Promise<{ items: IssueSearchRow[]; nextCursor: string | null }> {
  const query = sql`plainto_tsquery('simple', ${filter.q})`;
  const base = issueFilterConditions(scope, { ...filter, q: undefined });
  const said = saidToCustomer(scope);
  const messageMatches = sql`${messages.workspaceId} = ${scope.workspaceId} AND ${messages.search} @@ ${query}${said ? sql` AND ${said}` : sql``}`;
  const inTitle = sql`${issues.titleSearch} @@ ${query}`;
  const matching: Record<Tier, SQL> = {
    title: sql`SELECT ${issues.id} AS id FROM ${issues} WHERE ${issues.workspaceId} = ${scope.workspaceId} AND ${inTitle}`,
    messages: sql`SELECT ${messages.issueId} AS id FROM ${messages} WHERE ${messageMatches}`,
  };
  // Whether an issue matches: tested row by row on a probe of the newest issues, or as one set.
  const matches: Record<Tier, { probe: SQL; set: SQL }> = {
    title: { probe: inTitle, set: inTitle },
    messages: {
      probe: sql`EXISTS (SELECT 1 FROM ${messages} WHERE ${messages.issueId} = ${issues.id} AND ${messageMatches})`,
      set: sql`${issues.id} IN (${matching.messages})`,
    },
  };
  const position = decodeSearchCursor(options.cursor);
  const newest = [newestFirst(issues.createdAt), newestFirst(issues.id)];
  // Each tier finds its page's ids in the issue table alone; the rows of the page are read once.
  const tier = async (which: Tier, limit: number): Promise<Found[]> => {
    const after = position?.tier === which ? afterCursor(issues, issues.createdAt, issues.id, position.at) : undefined;
    const select = (order: SQL[], ...where: (SQL | undefined)[]) =>
      db
        .select({ id: issues.id, createdAt: issues.createdAt })
        .from(issues)
        .where(and(...base, after, ...where))
        .orderBy(...order)
        .limit(limit);
    const excluded = which === "messages" ? sql`NOT (${inTitle})` : undefined;
    // A rare word: its few matches through the GIN index (ms), then those issues by id.
    const few = await selectRows<{ id: string }>(db, sql`${matching[which]} LIMIT ${RARE + 1}`);
    if (few.length <= RARE) {
      const ids = [...new Set(few.map((r) => r.id))];
      return ids.length === 0 ? [] : select(newest, excluded, sql`${issues.id} = ANY(${sql.param(ids)}::uuid[])`);
    }
    // A common word: its newest matches are among the newest issues. If the newest PROBE issues
    // of the list hold a whole page of them, that page is the answer (an index walk, ms).
    const window = sql`${issues.id} IN (SELECT ${issues.id} FROM ${issues} WHERE ${and(...base, after)}
      ORDER BY ${sql.join(newest, sql`, `)} LIMIT ${PROBE})`;
    const recent = await select(newest, excluded, matches[which].probe, window);
    if (recent.length === limit) return recent;
    // Neither: every match through the GIN index, then sorted. The bare DESC is deliberate: it
    // keeps the planner from walking the created-at index newest first, which for a word this
    // sparse reads much of the workspace before it fills a page (1.4-7.7 s at 1M).
    return select([desc(issues.createdAt), desc(issues.id)], excluded, matches[which].set);
  };
  const found: (Found & { tier: Tier })[] = [];
  if (position?.tier !== "messages") {
    for (const hit of await tier("title", options.limit + 1)) found.push({ ...hit, tier: "title" });
  }
  if (found.length <= options.limit) {
    for (const hit of await tier("messages", options.limit + 1 - found.length))
      found.push({ ...hit, tier: "messages" });
  }
  const shown = found.slice(0, options.limit);
  const last = shown.at(-1);
  const nextCursor =
    found.length > options.limit && last ? encodeSearchCursor(last.tier, encodeCursor(last.createdAt, last.id)) : null;
  const ids = shown.map((hit) => hit.id);
  // One after the other: `db` may be a transaction, whose one connection takes a statement at a time.
  const rows = await issueRowsByIds(db, scope, ids);
  const highlights = await searchHighlights(db, scope, filter.q, ids);
  const tiers = new Map(shown.map((hit) => [hit.id, hit.tier]));
  return {
    items: rows.map((row) => ({
      ...row,
      highlight: {
        titleMatch: tiers.get(row.issue.id) === "title",
        title: highlights.get(row.issue.id)?.title ?? [{ text: row.issue.title, match: false }],
        snippet: highlights.get(row.issue.id)?.snippet ?? null,
      },
    })),
    nextCursor,
  };
}

/** An issue a search tier found, with the key its cursor continues from. */
type Found = { id: string; createdAt: Date };

// Marks ts_headline puts around matched words: control characters, which no title or body holds
// in a way that matters (they are split on, never shown).
const START = "\u0001";
const STOP = "\u0002";

/**
 * The title with its matched words marked, and a passage of the newest matching message the
 * scope may read (a customer: public, undeleted), for a page of results (one probe per issue).
 */
async function searchHighlights(db: Executor, scope: ReadScope, q: string, issueIds: string[]) {
  const out = new Map<string, { title: HighlightedText; snippet: HighlightedText | null }>();
  if (issueIds.length === 0) return out;
  const query = sql`plainto_tsquery('simple', ${q})`;
  const said = saidToCustomer(scope);
  const marks = `StartSel=${START}, StopSel=${STOP}`;
  const rows = await selectRows<{ id: string; title: string; snippet: string | null }>(
    db,
    sql`SELECT i.id, ts_headline('simple', i.title, ${query}, ${`${marks}, HighlightAll=true`}) AS title,
      (SELECT ts_headline('simple', ${messages.bodyText}, ${query}, ${`${marks}, MaxWords=30, MinWords=12, MaxFragments=1`})
       FROM ${messages} WHERE ${messages.issueId} = i.id AND ${messages.search} @@ ${query}${said ? sql` AND ${said}` : sql``}
       ORDER BY ${messages.createdAt} DESC LIMIT 1) AS snippet
    FROM ${issues} i WHERE i.workspace_id = ${scope.workspaceId} AND i.id IN ${issueIds}`,
  );
  for (const row of rows) {
    out.set(row.id, { title: marked(row.title), snippet: row.snippet === null ? null : marked(row.snippet) });
  }
  return out;
}

type HighlightedText = { text: string; match: boolean }[];

/** ts_headline's output split at its marks into plain and matched pieces. */
function marked(text: string): HighlightedText {
  const pieces: HighlightedText = [];
  for (const part of text.split(START)) {
    const [matched, rest] = part.includes(STOP) ? part.split(STOP, 2) : [undefined, part];
    if (matched) pieces.push({ text: matched, match: true });
    if (rest) pieces.push({ text: rest, match: false });
  }
  return pieces;
}

/** A search cursor: the tier it points into and the (created_at, id) cursor within it. */
function encodeSearchCursor(tier: Tier, at: string): string {
  return Buffer.from(`${tier}:${at}`).toString("base64url");
}

function decodeSearchCursor(cursor: string | undefined): { tier: Tier; at: string } | undefined {
  if (!cursor) return undefined;
  const [tier, at] = Buffer.from(cursor, "base64url").toString().split(":", 2);
  if ((tier !== "title" && tier !== "messages") || !at) throw invalid("The cursor is not valid.");
  decodeCursor(at);
  return { tier, at };
}

export async function getIssue(db: Executor, scope: ReadScope, number: number): Promise<IssueListRow> {
  const [row] = seesWholeWorkspace(scope)
    ? await preparedReads(db).byNumber.execute({ workspaceId: scope.workspaceId, number })
    : await issueListQuery(db).where(and(issueVisibility(scope), eq(issues.number, number)));
  if (!row) throw notFound(`Issue #${number}`);
  return row as IssueListRow;
}

const authorUser = alias(users, "author_user");
const authorContact = alias(contacts, "author_contact");

export async function listMessages(db: Executor, scope: ReadScope, issueId: string) {
  return db
    .select({
      message: messages,
      user: { id: authorUser.id, name: authorUser.name },
      contact: { id: authorContact.id, name: authorContact.name, email: authorContact.email },
    })
    .from(messages)
    .leftJoin(authorUser, eq(authorUser.id, messages.authorUserId))
    .leftJoin(authorContact, eq(authorContact.id, messages.authorContactId))
    .where(and(messageVisibility(scope), eq(messages.issueId, issueId)))
    .orderBy(asc(messages.createdAt), asc(messages.id));
}

export async function listIssueEvents(db: Executor, scope: ReadScope, issueId: string) {
  return db
    .select()
    .from(issueEvents)
    .where(and(eventVisibility(scope), eq(issueEvents.issueId, issueId)))
    .orderBy(asc(issueEvents.seq));
}
