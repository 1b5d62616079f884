// ingestInbound: the single entry for every channel (Slack, email, widget, portal). Resolves
// who wrote and for which account, finds or opens the issue, and adds the message idempotently.
import { randomUUID } from "node:crypto";
import { and, eq, inArray, or, sql } from "drizzle-orm";
import { insertJsonRows } from "../db/jsonRows";
import { contacts, issues, messages, users, workspaces } from "../db/schema";
import { conflict } from "../domain/errors";
import { inboundText } from "../domain/inboundText";
import { internalRefusal, isOwnAddress } from "../domain/ownDomains";
import { linkInlineImages } from "../html/inlineImages";
import { ownDomains } from "../queries/accountSettings";
import { storeAttachments } from "./attachments";
import { linkBroadcastReplies } from "./broadcasts";
import type { CommandContext } from "./context";
import { accountsByDomain, type ContactRow, emailDomain } from "./customers";
import type { InboundAuthor, InboundMessage } from "./inboundMessage";
import { type OpenIssueInput, openIssues } from "./issues";
import { type IssueRow, loadIssueByIdForUpdate, messageByExternalId } from "./lookup";
import {
  type AddMessageResult,
  addMessages,
  lifecycleEventFor,
  MAX_BODY_CHARS,
  type MessageAuthor,
  type MessageToAdd,
} from "./messages";

export interface IngestResult extends AddMessageResult {
  createdIssue: boolean;
}

/** A delivery that opens no issue, with the reason (internal mail with no customer on it). */
export interface IngestRefusal {
  refused: string;
}

export type IngestOutcome = IngestResult | IngestRefusal;

export const isRefusal = (outcome: IngestOutcome): outcome is IngestRefusal => "refused" in outcome;

/** What a channel already knows, so intake skips lookups it has done itself (email threading). */
export interface IngestHints {
  /** The thread's issue, locked FOR UPDATE in this transaction; null: none, open a new one. */
  thread?: IssueRow | null;
  /** The delivery's external id is known not to be stored yet (no duplicate check needed). */
  knownNew?: boolean;
}

/** One delivery; a refusal (internal mail, see `internalRefusal`) is a `conflict` with its reason. */
export async function ingestInbound(
  ctx: CommandContext,
  inbound: InboundMessage,
  hints: IngestHints = {},
): Promise<IngestResult> {
  const [result] = await ingestInboundMany(ctx, [{ inbound, hints }]);
  if (!result) throw new Error("ingestInboundMany returned nothing");
  if (isRefusal(result)) throw conflict(result.refused);
  return result;
}

export interface InboundDelivery {
  inbound: InboundMessage;
  hints?: IngestHints;
}

/**
 * Ingests deliveries of one workspace in one pass (a burst of mail shares a transaction): their
 * authors, contacts, new issues and messages are each looked up and written with one statement
 * for all, and the outcome is that of ingesting them one by one, in order. Deliveries that
 * open the same thread open one issue; the later ones join it. People at the workspace's own
 * domains are colleagues: never a customer account's contacts, and their mail with no customer
 * on it opens no issue (refused with the reason; nothing of it is written).
 */
export async function ingestInboundMany(
  ctx: CommandContext,
  deliveries: readonly InboundDelivery[],
): Promise<IngestOutcome[]> {
  const results: (IngestOutcome | undefined)[] = [];
  const candidates: (InboundDelivery & { slot: number })[] = [];
  for (const [slot, given] of deliveries.entries()) {
    // Every channel alike: customer text is cleaned and truncated with a note, never refused.
    const delivery = { ...given, inbound: { ...given.inbound, text: inboundText(given.inbound.text, MAX_BODY_CHARS) } };
    const duplicate = delivery.hints?.knownNew ? undefined : await findDuplicate(ctx, delivery.inbound);
    if (duplicate) results[slot] = { ...duplicate, duplicate: true, createdIssue: false };
    else candidates.push({ ...delivery, slot });
  }
  if (candidates.length === 0) return results as IngestOutcome[];

  const { own, colleagueOf, known } = await whoWrote(
    ctx,
    candidates.map((d) => d.inbound),
  );
  const threads = await threadsOf(ctx, candidates);
  const fresh: typeof candidates = [];
  const found: (IssueRow | undefined)[] = [];
  const people: Person[] = [];
  for (const [i, delivery] of candidates.entries()) {
    const person = whoIs(delivery.inbound, colleagueOf(delivery.inbound.author), own);
    const refused = internalRefusal(
      {
        email: delivery.inbound.author.email,
        colleague: Boolean(person.colleague),
        ownDomain: isOwnAddress(delivery.inbound.author.email, own),
        hasCustomer: person.customer !== undefined,
        opensIssue: threads[i] === undefined,
        allowed: delivery.inbound.allowInternal === true,
      },
      own,
    );
    if (refused) {
      results[delivery.slot] = { refused };
      continue;
    }
    fresh.push(delivery);
    found.push(threads[i]);
    people.push(person);
  }
  if (fresh.length === 0) return results as IngestOutcome[];

  // The customers (requesters), then the colleagues without an account who wrote (no customer account).
  const resolved = await resolveContacts(ctx, known, [
    ...people.map((p, i) => (p.customer ? { who: p.customer, accountId: fresh[i]?.inbound.accountId } : undefined)),
    ...people.map((p, i) =>
      p.internal && !p.colleague ? { who: fresh[i]?.inbound.author ?? {}, internal: true } : undefined,
    ),
  ]);
  const contacts = resolved.slice(0, fresh.length);
  const internalContacts = resolved.slice(fresh.length);
  const authors = people.map(
    ({ colleague, internal }, i): MessageAuthor =>
      colleague
        ? { type: "user", userId: colleague.id }
        : { type: "contact", contactId: requireContact(internal ? internalContacts[i] : contacts[i]).id },
  );
  // Internal mail let through (asked for) has no customer: the colleague who wrote it requests it.
  const requesters = contacts.map((c, i) => c ?? internalContacts[i]);
  const { issues: threadIssues, created } = await issuesFor(ctx, fresh, found, requesters, authors);

  const lastAt = new Map<string, Date | null>();
  const toAdd: MessageToAdd[] = [];
  for (const [i, { inbound }] of fresh.entries()) {
    const issue = threadIssues[i] as IssueRow;
    const { customer } = people[i] as Person;
    const author = authors[i] as MessageAuthor;
    const stored = await storeAttachments(ctx, issue.id, inbound.attachments);
    // A new issue already carries this first message's time (OpenIssueInput.firstMessage).
    const before = lastAt.has(issue.id) ? lastAt.get(issue.id) : created[i] ? null : issue.lastMessageAt;
    // Slack's ts is the message's place in its thread, exact and from one clock: a message Slack
    // delivers late (its retry after an outage) sorts where it was written, not after later ones.
    const createdAt = inbound.channel === "slack" ? inbound.sentAt : threadTime(before, inbound.sentAt);
    lastAt.set(issue.id, createdAt);
    toAdd.push({
      issue,
      input: {
        visibility: "public",
        bodyText: inbound.text,
        bodyHtml: inbound.html ? linkInlineImages(inbound.html, stored) : null,
        attachments: stored,
        // A colleague's mail to the customer: the customer is the requester, not a Cc.
        emailCc: customer === inbound.requester ? inbound.cc?.filter((a) => a !== customer?.email) : inbound.cc,
        author,
        channel: inbound.channel,
        externalId: inbound.externalId,
        createdAt,
        inbound: true,
      },
    });
  }
  const added = await addMessages(ctx, toAdd);
  // A customer answering a broadcast (its Slack thread, its mail) opens an issue linked to it.
  await linkBroadcastReplies(
    ctx,
    threadIssues.flatMap((issue, i) => (created[i] && issue ? [{ id: issue.id, threadKey: issue.threadKey }] : [])),
  );
  for (const [i, { slot }] of fresh.entries()) {
    results[slot] = { ...(added[i] as AddMessageResult), createdIssue: created[i] === true };
  }
  return results as IngestOutcome[];
}

type UserRow = typeof users.$inferSelect;

/** Who wrote a delivery, and who the customer is (none for a colleague writing alone). */
interface Person {
  colleague: UserRow | undefined;
  /** A colleague, or someone at the workspace's own domains. */
  internal: boolean;
  customer: InboundAuthor | undefined;
}

function whoIs(inbound: InboundMessage, colleague: UserRow | undefined, own: readonly string[]): Person {
  const internal = Boolean(colleague) || isOwnAddress(inbound.author.email, own);
  if (!internal) return { colleague, internal, customer: inbound.author };
  const requester = inbound.requester;
  const customer = requester && !isOwnAddress(requester.email, own) ? requester : undefined;
  return { colleague, internal, customer };
}

/** The issue each delivery continues, if any: the hinted thread, or the one its keys find. */
async function threadsOf(ctx: CommandContext, deliveries: readonly InboundDelivery[]) {
  const found: (IssueRow | undefined)[] = [];
  for (const { inbound, hints } of deliveries) {
    found.push(
      hints?.thread === undefined
        ? await findThreadIssue(ctx, inbound)
        : hints.thread
          ? await followMerges(ctx, hints.thread)
          : undefined,
    );
  }
  return found;
}

/**
 * The issue each delivery continues (`found`), else a new issue. New issues are opened
 * together; deliveries of one new thread share the first one's issue.
 */
async function issuesFor(
  ctx: CommandContext,
  fresh: readonly InboundDelivery[],
  found: readonly (IssueRow | undefined)[],
  contacts: readonly (ContactRow | undefined)[],
  authors: readonly MessageAuthor[],
) {
  const toOpen: OpenIssueInput[] = [];
  const openSlot: (number | undefined)[] = [];
  const byThread = new Map<string, number>();
  const created: boolean[] = [];
  for (const [i, { inbound }] of fresh.entries()) {
    if (found[i]) continue;
    const key = inbound.threadKey ? `${inbound.channel} ${inbound.threadKey}` : undefined;
    const shared = key === undefined ? undefined : byThread.get(key);
    if (shared !== undefined) {
      openSlot[i] = shared;
      continue;
    }
    const contact = contacts[i];
    openSlot[i] =
      toOpen.push({
        title: titleFor(inbound),
        accountId: inbound.accountId ?? contact?.accountId ?? null,
        requesterContactId: contact?.id ?? null,
        channel: inbound.channel,
        threadKey: inbound.threadKey,
        source: inbound.source,
        defaultTeamId: inbound.defaultTeamId ?? null,
        // The delivery's message is the thread's first: nothing earlier to sort after.
        firstMessage: {
          at: inbound.sentAt,
          event: lifecycleEventFor(authors[i] as MessageAuthor, { visibility: "public" }),
        },
      }) - 1;
    created[i] = true;
    if (key !== undefined) byThread.set(key, openSlot[i] as number);
  }
  const opened = await openIssues(ctx, toOpen);
  const issues = fresh.map((_, i) => found[i] ?? (opened[openSlot[i] as number] as IssueRow));
  return { issues, created };
}

/**
 * Where a delivery sits in the thread: its sent time, but never before the thread's latest
 * message. Sender clocks skew and email Date headers have whole seconds, so a customer's
 * answer to our reply could otherwise sort above the reply it answers.
 */
function threadTime(lastMessageAt: Date | null | undefined, sentAt: Date): Date {
  const last = lastMessageAt?.getTime();
  return last !== undefined && sentAt.getTime() <= last ? new Date(last + 1) : sentAt;
}

/** A channel's retry of a delivery we stored: the message under its external id, and its issue. */
async function findDuplicate(ctx: CommandContext, inbound: InboundMessage) {
  const message = await messageByExternalId(ctx, inbound.channel, inbound.externalId);
  return message && { message, issue: await loadIssueByIdForUpdate(ctx, message.issueId) };
}

/**
 * The workspace's own domains, its members writing through a channel (their own email, their
 * Slack user) and the contacts any author or requester names, in one query: the workspace row
 * joined to those users and those contacts. Its rows are users × contacts matched, a handful.
 */
async function whoWrote(ctx: CommandContext, inbound: readonly InboundMessage[]) {
  const authors = inbound.map((m) => m.author);
  const emails = identities(authors, (a) => a.email?.toLowerCase());
  const slackIds = identities(authors, (a) => a.slackUserId);
  const conditions = [
    emails.length > 0 ? inArray(sql`lower(${users.email})`, emails) : undefined,
    slackIds.length > 0 ? inArray(users.slackUserId, slackIds) : undefined,
  ].filter((c) => c !== undefined);
  // Who could be a customer: any author, and the requester a colleague writes for.
  const contactProbe = contactsNamed([...authors, ...inbound.flatMap((m) => (m.requester ? [m.requester] : []))]);
  const rows = await ctx.tx
    .select({ domain: workspaces.domain, domains: workspaces.domains, user: users, contact: contacts })
    .from(workspaces)
    .leftJoin(
      users,
      conditions.length === 0 ? sql`false` : and(eq(users.workspaceId, ctx.workspaceId), or(...conditions)),
    )
    .leftJoin(contacts, contactProbe ? and(eq(contacts.workspaceId, ctx.workspaceId), contactProbe) : sql`false`)
    .where(eq(workspaces.id, ctx.workspaceId));
  const own = rows[0] ? ownDomains(rows[0]) : [];
  const colleagues = distinct(rows.map((r) => r.user));
  const colleagueOf = (author: InboundAuthor) =>
    colleagues.find(
      (u) =>
        (author.email && u.email.toLowerCase() === author.email.toLowerCase()) ||
        (author.slackUserId && u.slackUserId === author.slackUserId),
    );
  return { own, colleagueOf, known: distinct(rows.map((r) => r.contact)) };
}

/** The rows of one side of a join, each once (the other side repeats them). */
function distinct<R extends { id: string }>(rows: readonly (R | null)[]): R[] {
  return [...new Map(rows.flatMap((r) => (r ? [[r.id, r] as const] : []))).values()];
}

/**
 * Finds each author's contact among the `known` ones (`whoWrote`) by the strongest identity the
 * channel gave, creating the new ones (one row per person, however many of their messages arrive
 * together) and linking a contact to the account its email domain names, or the channel's, once
 * it has one.
 */
async function resolveContacts(
  ctx: CommandContext,
  known: ContactRow[],
  wanted: readonly ({ who: InboundAuthor; accountId?: string; internal?: boolean } | undefined)[],
): Promise<(ContactRow | undefined)[]> {
  const people = wanted.filter((w) => w !== undefined);
  if (people.length === 0) return wanted.map(() => undefined);
  // Only customers without an account yet need their email domain looked up.
  const domains = people.flatMap((p) =>
    p.who.email && !p.internal && !p.accountId && !matchContact(known, p.who)?.accountId
      ? [emailDomain(p.who.email) ?? ""]
      : [],
  );
  const accountOf = await accountsByDomain(ctx, domains.filter(Boolean));
  const created: NewContact[] = [];
  const linked = new Map<string, string>();
  const chosen = wanted.map((w) => {
    if (!w) return undefined;
    // A person met earlier in this batch is matched like a stored contact.
    const existing = matchContact(known, w.who) ?? matchContact(created, w.who);
    if (existing?.accountId) return existing.id;
    const domain = w.who.email ? emailDomain(w.who.email) : undefined;
    // A colleague is nobody's customer: no account by domain, nor the channel's.
    const accountId = w.internal ? undefined : (w.accountId ?? (domain ? accountOf.get(domain)?.id : undefined));
    if (existing) {
      if (accountId) {
        linked.set(existing.id, accountId);
        existing.accountId = accountId;
      }
      return existing.id;
    }
    return created[created.push(newContact(ctx, w.who, accountId)) - 1]?.id;
  });
  const rows = new Map(known.map((c) => [c.id, c]));
  for (const [id, accountId] of linked) {
    const [row] = await ctx.tx
      .update(contacts)
      .set({ accountId, updatedAt: new Date() })
      .where(eq(contacts.id, id))
      .returning();
    if (row) rows.set(row.id, row);
  }
  if (created.length > 0) for (const row of await insertJsonRows(ctx.tx, contacts, created)) rows.set(row.id, row);
  return chosen.map((id) => (id === undefined ? undefined : rows.get(id)));
}

type NewContact = ReturnType<typeof newContact>;

function newContact(ctx: CommandContext, who: InboundAuthor, accountId: string | undefined) {
  return {
    // Drawn here so later deliveries of the batch can name the contact before it is written.
    id: randomUUID(),
    workspaceId: ctx.workspaceId,
    name: who.name?.trim() || who.email || who.slackUserId || "Unknown",
    email: who.email?.toLowerCase() ?? null,
    slackUserId: who.slackUserId ?? null,
    externalId: who.externalUserId ?? null,
    accountId: accountId ?? null,
  };
}

/** Every contact any of these identities names (undefined: none to look for). */
function contactsNamed(whos: readonly InboundAuthor[]) {
  const slackIds = identities(whos, (w) => w.slackUserId);
  const externalIds = identities(whos, (w) => w.externalUserId);
  const emails = identities(whos, (w) => w.email?.toLowerCase());
  const probes = [
    slackIds.length > 0 ? inArray(contacts.slackUserId, slackIds) : undefined,
    externalIds.length > 0 ? inArray(contacts.externalId, externalIds) : undefined,
    emails.length > 0 ? inArray(sql`lower(${contacts.email})`, emails) : undefined,
  ].filter((p) => p !== undefined);
  return probes.length === 0 ? undefined : or(...probes);
}

/** The distinct values one kind of identity takes across these authors (for an IN probe). */
function identities(authors: readonly InboundAuthor[], pick: (a: InboundAuthor) => string | undefined): string[] {
  return [...new Set(authors.map(pick).filter((v): v is string => Boolean(v)))];
}

/** The strongest identity wins: Slack user, then the customer's own user id, then email. */
function matchContact<C extends Pick<ContactRow, "slackUserId" | "externalId" | "email">>(
  known: readonly C[],
  who: InboundAuthor,
): C | undefined {
  const email = who.email?.toLowerCase();
  return (
    (who.slackUserId ? known.find((c) => c.slackUserId === who.slackUserId) : undefined) ??
    (who.externalUserId ? known.find((c) => c.externalId === who.externalUserId) : undefined) ??
    (email ? known.find((c) => c.email?.toLowerCase() === email) : undefined)
  );
}

/**
 * The issue this message continues: same thread key, or any candidate key naming either an
 * issue's thread or one of its messages (email References). Merged issues forward to their target.
 */
async function findThreadIssue(ctx: CommandContext, inbound: InboundMessage): Promise<IssueRow | undefined> {
  const keys = [inbound.threadKey, ...(inbound.threadKeyCandidates ?? [])].filter(Boolean);
  const [byThread] = await ctx.tx
    .select({ id: issues.id })
    .from(issues)
    .where(
      and(
        eq(issues.workspaceId, ctx.workspaceId),
        eq(issues.channel, inbound.channel),
        inArray(issues.threadKey, keys),
      ),
    )
    .limit(1);
  const [byMessage] = byThread
    ? [undefined]
    : await ctx.tx
        .select({ id: messages.issueId })
        .from(messages)
        .where(
          and(
            eq(messages.workspaceId, ctx.workspaceId),
            eq(messages.channel, inbound.channel),
            inArray(messages.externalId, keys),
          ),
        )
        .limit(1);
  const id = byThread?.id ?? byMessage?.id;
  return id ? followMerges(ctx, await loadIssueByIdForUpdate(ctx, id)) : undefined;
}

async function followMerges(ctx: CommandContext, issue: IssueRow): Promise<IssueRow> {
  let current = issue;
  for (let hops = 0; current.mergedIntoIssueId && hops < 10; hops++) {
    current = await loadIssueByIdForUpdate(ctx, current.mergedIntoIssueId);
  }
  return current;
}

function titleFor(inbound: InboundMessage): string {
  const subject = inbound.subject?.trim();
  if (subject) return subject.slice(0, 200);
  const firstLine = inbound.text.trim().split("\n")[0] ?? "";
  return firstLine.length > 120 ? `${firstLine.slice(0, 117)}…` : firstLine || "(no text)";
}

function requireContact(contact: ContactRow | undefined): ContactRow {
  if (!contact) throw new Error("inbound message without a resolvable author");
  return contact;
}
