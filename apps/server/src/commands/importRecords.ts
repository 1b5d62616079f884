// Applies one imported record (a person, an organization, a group, an issue with its comments, a
// field, a macro, an article) through the same commands the app uses, remembering the source's id so a re-run
// updates it. History keeps its time and authors: each step runs at the source's timestamp as the
// person who did it. The runner is an import runner (`CommandRunner.imported`), so nothing of it
// reaches routing, SLA, notifications, delivery or webhooks; only analytics hears of it.
import { and, eq, inArray, sql } from "drizzle-orm";
import type { AttachmentRef } from "../db/schema";
import { accounts, contacts, customFields, issues, macros, messages, teamMembers, teams, users } from "../db/schema";
import { missingRequiredOnClose } from "../domain/customFields";
import { conflict, invalid } from "../domain/errors";
import {
  type ImportedArticle,
  type ImportedComment,
  type ImportedField,
  type ImportedGroup,
  type ImportedIssue,
  type ImportedMacro,
  type ImportedMembership,
  type ImportedOrganization,
  type ImportedPerson,
  importedFieldKey,
} from "../domain/imports";
import { nextState } from "../domain/lifecycle";
import type { Actor } from "./actors";
import { storeAttachments } from "./attachments";
import type { CommandContext } from "./context";
import { createAccount, createContact, updateAccount, updateContact } from "./customers";
import { createCustomField, updateCustomField } from "./customFields";
import { appendEvent } from "./events";
import { importedIdOf, importedIdsOf, rememberImportedId, rememberImportedIds } from "./imports";
import {
  applyAssignment,
  changeState,
  checkFieldValues,
  normaliseTags,
  openIssue,
  openIssues,
  recordStateChange,
  retitleIssue,
  setIssueFields,
  setPriority,
  setTags,
  stateChange,
} from "./issues";
import { createArticle, updateArticle } from "./knowledge";
import { type IssueRow, loadIssueByIdForUpdate } from "./lookup";
import { createMacro, updateMacro } from "./macros";
import { addMessages, type MessageAuthor, type MessageToAdd } from "./messages";
import { createTeam, createUser, setTeamMember, updateTeam } from "./team";

export type Outcome = "created" | "updated";

/** The context at a moment of the source's history, announcing nothing (nobody watches history being written). */
const at = (ctx: CommandContext, when: Date, actor: Actor = ctx.actor): CommandContext => ({
  ...ctx,
  actor,
  now: () => when,
  notify: async () => {},
});

export async function importOrganization(
  ctx: CommandContext,
  source: string,
  org: ImportedOrganization,
): Promise<Outcome> {
  const known = await importedIdOf(ctx, source, "account", org.externalId);
  const values = {
    name: org.name,
    domains: org.domains,
    tags: org.tags,
    ...(org.tier && { tier: org.tier }),
    ...(org.type && { type: org.type }),
  };
  if (known) {
    await updateAccount(ctx, known, values);
    return "updated";
  }
  // A team may have created the customer by hand before moving: the same name is the same account.
  const [same] = await ctx.tx
    .select({ id: accounts.id })
    .from(accounts)
    .where(and(eq(accounts.workspaceId, ctx.workspaceId), sql`lower(${accounts.name}) = ${org.name.toLowerCase()}`));
  const id = same ? (await updateAccount(ctx, same.id, values)).id : (await createAccount(ctx, values)).id;
  await rememberImportedId(ctx, source, "account", org.externalId, id);
  return same ? "updated" : "created";
}

/** Agents and admins become users without a password (they sign in once invited); end users contacts. */
export async function importPerson(ctx: CommandContext, source: string, person: ImportedPerson): Promise<Outcome> {
  return person.role === "end-user" ? importContact(ctx, source, person) : importAgent(ctx, source, person);
}

async function importAgent(ctx: CommandContext, source: string, person: ImportedPerson): Promise<Outcome> {
  if (!person.email) throw invalid(`Agent "${person.name}" has no email address.`);
  const known = await importedIdOf(ctx, source, "user", person.externalId);
  if (known) return "updated";
  const [same] = await ctx.tx
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.workspaceId, ctx.workspaceId), sql`lower(${users.email}) = ${person.email.toLowerCase()}`));
  const id =
    same?.id ??
    (
      await createUser(ctx, {
        email: person.email,
        name: person.name,
        role: person.role === "admin" ? "admin" : "member",
      })
    ).id;
  await rememberImportedId(ctx, source, "user", person.externalId, id);
  return same ? "updated" : "created";
}

async function importContact(ctx: CommandContext, source: string, person: ImportedPerson): Promise<Outcome> {
  const accountId = person.organizationExternalId
    ? ((await importedIdOf(ctx, source, "account", person.organizationExternalId)) ?? null)
    : null;
  const known = await importedIdOf(ctx, source, "contact", person.externalId);
  const sameEmail = async () =>
    person.email
      ? (
          await ctx.tx
            .select({ id: contacts.id })
            .from(contacts)
            .where(and(eq(contacts.workspaceId, ctx.workspaceId), eq(contacts.email, person.email.toLowerCase())))
        )[0]?.id
      : undefined;
  const existing = known ?? (await sameEmail());
  const id = existing
    ? (
        await updateContact(ctx, existing, {
          name: person.name,
          ...(accountId && { accountId }),
          ...(person.roles && { roles: person.roles }),
        })
      ).id
    : (await createContact(ctx, { name: person.name, email: person.email, accountId, roles: person.roles })).id;
  if (!known) await rememberImportedId(ctx, source, "contact", person.externalId, id);
  return existing ? "updated" : "created";
}

/**
 * A group of agents becomes a team: found again by its external id (renamed there, renamed here), or a
 * team of the same name made by hand before moving is taken as it.
 */
export async function importGroup(ctx: CommandContext, source: string, group: ImportedGroup): Promise<Outcome> {
  const known = await importedIdOf(ctx, source, "team", group.externalId);
  const [row] = known
    ? await ctx.tx
        .select({ id: teams.id, name: teams.name, description: teams.description })
        .from(teams)
        .where(and(eq(teams.workspaceId, ctx.workspaceId), eq(teams.id, known)))
    : await ctx.tx
        .select({ id: teams.id, name: teams.name, description: teams.description })
        .from(teams)
        .where(and(eq(teams.workspaceId, ctx.workspaceId), sql`lower(${teams.name}) = ${group.name.toLowerCase()}`));
  if (row) {
    if (row.name !== group.name || row.description !== group.description)
      await updateTeam(ctx, row.id, { name: group.name, description: group.description });
    if (!known) await rememberImportedId(ctx, source, "team", group.externalId, row.id);
    return "updated";
  }
  const team = await createTeam(ctx, { name: group.name, description: group.description });
  await rememberImportedId(ctx, source, "team", group.externalId, team.id);
  return "created";
}

/**
 * An agent's group membership makes them a member of the group's team (for the team's round robin
 * and views). A membership whose agent or group was skipped is refused with the reason; one
 * already in place is left as it is, tiers included.
 */
export async function importMembership(
  ctx: CommandContext,
  source: string,
  membership: ImportedMembership,
): Promise<Outcome> {
  const teamId = await importedIdOf(ctx, source, "team", membership.groupExternalId);
  if (!teamId) throw invalid(`Group ${membership.groupExternalId} was not imported.`);
  const userId = await importedIdOf(ctx, source, "user", membership.userExternalId);
  if (!userId) throw invalid(`Agent ${membership.userExternalId} was not imported.`);
  const [member] = await ctx.tx
    .select({ userId: teamMembers.userId })
    .from(teamMembers)
    .where(
      and(eq(teamMembers.workspaceId, ctx.workspaceId), eq(teamMembers.teamId, teamId), eq(teamMembers.userId, userId)),
    );
  if (member) return "updated";
  await setTeamMember(ctx, teamId, userId);
  return "created";
}

/** A source's field joins the issue field catalog under a stable key (`zendesk_<id>`). */
export async function importField(ctx: CommandContext, source: string, field: ImportedField): Promise<Outcome> {
  const key = importedFieldKey(source, field.externalId);
  const [existing] = await ctx.tx
    .select({ id: customFields.id })
    .from(customFields)
    .where(
      and(eq(customFields.workspaceId, ctx.workspaceId), eq(customFields.object, "issue"), eq(customFields.key, key)),
    );
  const options = field.type === "select" || field.type === "multiselect" ? field.options : undefined;
  if (existing) {
    await updateCustomField(ctx, existing.id, { label: field.title, ...(options && { options }) });
    return "updated";
  }
  const row = await createCustomField(ctx, { object: "issue", key, label: field.title, type: field.type, options });
  await rememberImportedId(ctx, source, "field", field.externalId, row.id);
  return "created";
}

export async function importMacro(ctx: CommandContext, source: string, macro: ImportedMacro): Promise<Outcome> {
  const known = await importedIdOf(ctx, source, "macro", macro.externalId);
  const values = { name: macro.title, body: macro.body, internal: macro.internal };
  if (known) {
    const [still] = await ctx.tx.select({ id: macros.id }).from(macros).where(eq(macros.id, known));
    if (still) {
      await updateMacro(ctx, known, values);
      return "updated";
    }
  }
  const row = await createMacro(ctx, values);
  await rememberImportedId(ctx, source, "macro", macro.externalId, row.id);
  return "created";
}

/** Help-center articles join the knowledge base: published and public unless a draft there. */
export async function importArticle(ctx: CommandContext, source: string, article: ImportedArticle): Promise<Outcome> {
  const known = await importedIdOf(ctx, source, "article", article.externalId);
  const values = {
    title: article.title,
    body: article.body,
    status: article.draft ? ("draft" as const) : ("published" as const),
    visibility: "public" as const,
  };
  if (known) {
    await updateArticle(ctx, known, values);
    return "updated";
  }
  const row = await createArticle(ctx, values);
  await rememberImportedId(ctx, source, "article", article.externalId, row.id);
  return "created";
}

interface People {
  users: Map<string, { id: string; name: string; role: "admin" | "member" | "viewer" }>;
  contacts: Map<string, string>;
}

/** Who the source's people are here (imported before the issues that name them). */
async function peopleOf(ctx: CommandContext, source: string, externalIds: readonly string[]): Promise<People> {
  const userIds = await importedIdsOf(ctx, source, "user", externalIds);
  const contactIds = await importedIdsOf(ctx, source, "contact", externalIds);
  const rows =
    userIds.size === 0
      ? []
      : await ctx.tx
          .select({ id: users.id, name: users.name, role: users.role })
          .from(users)
          .where(and(eq(users.workspaceId, ctx.workspaceId), inArray(users.id, [...userIds.values()])));
  const byId = new Map(rows.map((r) => [r.id, r]));
  const found = new Map<string, { id: string; name: string; role: "admin" | "member" | "viewer" }>();
  for (const [external, id] of userIds) {
    const row = byId.get(id);
    if (row) found.set(external, row);
  }
  return { users: found, contacts: contactIds };
}

/**
 * An issue with its comments: opened at its creation time for its requester, each comment added
 * at its time by its author (public → a message already delivered, private → an internal note),
 * then tags, priority, fields, team, assignee and state as the source has them now. On a re-run the
 * issue is found by its external id and only what changed is written; comments already imported
 * collide on their external id and are left alone.
 */
export async function importIssue(ctx: CommandContext, source: string, ticket: ImportedIssue): Promise<Outcome> {
  const people = await peopleOf(ctx, source, [
    ticket.requesterExternalId,
    ...(ticket.assigneeExternalId ? [ticket.assigneeExternalId] : []),
    ...ticket.comments.map((c) => c.authorExternalId),
  ]);
  const requester = people.contacts.get(ticket.requesterExternalId);
  const requesterUser = people.users.get(ticket.requesterExternalId);
  if (!requester && !requesterUser) throw invalid(`Requester ${ticket.requesterExternalId} was not imported.`);
  const accountId = ticket.organizationExternalId
    ? ((await importedIdOf(ctx, source, "account", ticket.organizationExternalId)) ?? null)
    : null;
  const teamId = teamOf(
    ticket,
    await importedIdsOf(ctx, source, "team", ticket.groupExternalId ? [ticket.groupExternalId] : []),
  );
  const system: Actor = { type: "system", name: `${source} import` };
  const known = await importedIdOf(ctx, source, "issue", ticket.externalId);
  let issue = known ? await loadIssueByIdForUpdate(ctx, known) : undefined;
  if (!issue) {
    issue = await openIssue(at(ctx, ticket.createdAt, system), {
      title: ticket.title,
      accountId,
      teamId: teamId ?? null,
      requesterContactId: requester ?? null,
      channel: "api",
      threadKey: `${source}:${ticket.externalId}`,
      source: { import: source, ticket: ticket.externalId },
    });
    await rememberImportedId(ctx, source, "issue", ticket.externalId, issue.id);
  }
  const created = !known;
  await addComments(ctx, source, issue, ticket.comments, people);
  const last = at(ctx, ticket.updatedAt, system);
  issue = await loadIssueByIdForUpdate(ctx, issue.id);
  if (issue.title !== ticket.title) await retitleIssue(last, issue.number, ticket.title);
  await setTags(last, issue.number, ticket.tags);
  if (issue.priority !== ticket.priority) await setPriority(last, issue.number, ticket.priority, "user");
  const fields = await changedFields(ctx, source, issue.customFields, ticket.fields);
  if (Object.keys(fields).length > 0) await setIssueFields(last, issue.number, fields);
  if (teamId !== undefined && issue.teamId !== teamId)
    await applyAssignment(last, await loadIssueByIdForUpdate(ctx, issue.id), { teamId });
  const assignee = ticket.assigneeExternalId ? people.users.get(ticket.assigneeExternalId) : undefined;
  if (assignee && issue.assigneeUserId !== assignee.id)
    // As the assignee themselves: taking an issue notifies nobody, so history wakes no one.
    await applyAssignment(
      at(ctx, ticket.updatedAt, { type: "user", userId: assignee.id, role: assignee.role, name: assignee.name }),
      await loadIssueByIdForUpdate(ctx, issue.id),
      { assigneeUserId: assignee.id },
    );
  const now = await loadIssueByIdForUpdate(ctx, issue.id);
  if (now.state !== ticket.state) await changeState(last, now.number, ticket.state);
  // The SLA sweep looks at issues changed since it last looked; history is not a breach to announce.
  await ctx.tx
    .update(issues)
    .set({ slaEvaluatedAt: sql`${issues.updatedAt}` })
    .where(eq(issues.id, issue.id));
  return created ? "created" : "updated";
}

/**
 * The team the ticket's group became: null when the ticket has no group, undefined (leave the team
 * as it is) when its group was not imported (skipped, with its reason, in the groups stage).
 */
function teamOf(ticket: ImportedIssue, teamIds: ReadonlyMap<string, string>): string | null | undefined {
  if (ticket.groupExternalId === undefined) return undefined;
  return ticket.groupExternalId === null ? null : teamIds.get(ticket.groupExternalId);
}

async function addComments(
  ctx: CommandContext,
  source: string,
  issue: { id: string },
  comments: readonly ImportedComment[],
  people: People,
): Promise<void> {
  const ids = comments.map((c) => `${source}:comment:${c.externalId}`);
  const have = await importedComments(ctx, ids);
  for (const comment of [...comments].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())) {
    if (have.has(`${source}:comment:${comment.externalId}`)) continue;
    const target = await loadIssueByIdForUpdate(ctx, issue.id);
    const attachments = await storeAttachments(ctx, issue.id, attachmentFiles(comment));
    await addMessages(ctx, [commentMessage(ctx, source, target, comment, people, attachments)]);
  }
}

/** The source's field values under our keys, only those in the catalog and different from now. */
async function changedFields(
  ctx: CommandContext,
  source: string,
  current: Record<string, unknown>,
  values: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const keys = Object.keys(values).map((id) => importedFieldKey(source, id));
  if (keys.length === 0) return {};
  const defs = await ctx.tx
    .select({ key: customFields.key })
    .from(customFields)
    .where(
      and(
        eq(customFields.workspaceId, ctx.workspaceId),
        eq(customFields.object, "issue"),
        inArray(customFields.key, keys),
      ),
    );
  const known = new Set(defs.map((d) => d.key));
  const out: Record<string, unknown> = {};
  for (const [id, value] of Object.entries(values)) {
    const key = importedFieldKey(source, id);
    if (!known.has(key) || value === null || value === undefined || value === "") continue;
    if (JSON.stringify(current[key]) !== JSON.stringify(value)) out[key] = value;
  }
  return out;
}

/**
 * Who the source's people and organizations are here, remembered for a whole run: they are imported
 * in the stages before the tickets, so each is looked up once, not once per ticket. Only what was
 * found is remembered; an id not found is asked again (and then reported by the ticket naming it).
 */
export class ImportLookups {
  private readonly known: People = { users: new Map(), contacts: new Map() };
  private readonly accountIds = new Map<string, string>();
  private readonly teamIds = new Map<string, string>();

  constructor(readonly source: string) {}

  async people(ctx: CommandContext, externalIds: readonly string[]): Promise<People> {
    const missing = [...new Set(externalIds)].filter((id) => !this.known.users.has(id) && !this.known.contacts.has(id));
    if (missing.length > 0) {
      const found = await peopleOf(ctx, this.source, missing);
      for (const [id, user] of found.users) this.known.users.set(id, user);
      for (const [id, contact] of found.contacts) this.known.contacts.set(id, contact);
    }
    return this.known;
  }

  async accounts(ctx: CommandContext, externalIds: readonly string[]): Promise<Map<string, string>> {
    return this.remembered(ctx, "account", this.accountIds, externalIds);
  }

  async teams(ctx: CommandContext, externalIds: readonly string[]): Promise<Map<string, string>> {
    return this.remembered(ctx, "team", this.teamIds, externalIds);
  }

  private async remembered(
    ctx: CommandContext,
    object: string,
    known: Map<string, string>,
    externalIds: readonly string[],
  ): Promise<Map<string, string>> {
    const missing = [...new Set(externalIds)].filter((id) => !known.has(id));
    if (missing.length > 0)
      for (const [id, internal] of await importedIdsOf(ctx, this.source, object, missing)) known.set(id, internal);
    return known;
  }
}

/** A comment as the message `addMessages` adds, written at its time by its author. */
function commentMessage(
  ctx: CommandContext,
  source: string,
  issue: IssueRow,
  comment: ImportedComment,
  people: People,
  attachments: AttachmentRef[],
): MessageToAdd {
  const user = people.users.get(comment.authorExternalId);
  const contact = people.contacts.get(comment.authorExternalId);
  const author: MessageAuthor = user
    ? { type: "user", userId: user.id }
    : contact
      ? { type: "contact", contactId: contact }
      : { type: "system" };
  const actor: Actor = user
    ? { type: "user", userId: user.id, role: user.role, name: user.name }
    : { type: "system", name: `${source} import` };
  return {
    issue,
    ctx: at(ctx, comment.createdAt, actor),
    input: {
      visibility: comment.public ? "public" : "internal",
      bodyText: comment.body || "(empty comment)",
      author,
      attachments,
      channel: "api",
      externalId: `${source}:comment:${comment.externalId}`,
      createdAt: comment.createdAt,
      // Already delivered in the other help desk: never sent again.
      inbound: true,
    },
  };
}

const attachmentFiles = (comment: ImportedComment) =>
  comment.attachments.flatMap((a) =>
    a.content ? [{ filename: a.fileName, contentType: a.contentType, size: a.content.length, content: a.content }] : [],
  );

/**
 * A page of tickets at once, with the outcome `importIssue` would have for each, in a handful of
 * multi-row statements for the whole page instead of some fifty per ticket: the issues opened in
 * one INSERT (each at its creation time), their ids remembered in one, every new comment added by
 * one `addMessages` (each at its time as its author), and the issues brought to the source's
 * title, tags, priority, fields, team, assignee and state in one UPDATE, with the same events the
 * single-issue commands record. Returns the outcome per ticket it applied; a ticket it leaves
 * (its requester not imported, or named twice in the page) is for `importIssue`, which says why
 * it is skipped. A refusal (a field value, a state move) throws: the caller then applies the
 * page one ticket at a time, so the poison one is skipped alone.
 */
export async function importIssues(
  ctx: CommandContext,
  source: string,
  tickets: readonly ImportedIssue[],
  lookups: ImportLookups,
): Promise<Map<string, Outcome>> {
  const outcomes = new Map<string, Outcome>();
  // Realtime has nothing to say about history: nobody is looking at it yet.
  const quiet: CommandContext = { ...ctx, notify: async () => {} };
  const people = await lookups.people(
    ctx,
    tickets.flatMap((t) => [
      t.requesterExternalId,
      ...(t.assigneeExternalId ? [t.assigneeExternalId] : []),
      ...t.comments.map((c) => c.authorExternalId),
    ]),
  );
  const seen = new Set<string>();
  const ready = tickets.filter((t) => {
    const first = !seen.has(t.externalId);
    seen.add(t.externalId);
    return first && (people.contacts.has(t.requesterExternalId) || people.users.has(t.requesterExternalId));
  });
  if (ready.length === 0) return outcomes;
  const accounts = await lookups.accounts(
    ctx,
    ready.flatMap((t) => (t.organizationExternalId ? [t.organizationExternalId] : [])),
  );
  const teamIds = await lookups.teams(
    ctx,
    ready.flatMap((t) => (t.groupExternalId ? [t.groupExternalId] : [])),
  );
  const knownIds = await importedIdsOf(
    ctx,
    source,
    "issue",
    ready.map((t) => t.externalId),
  );
  const knownRows =
    knownIds.size === 0
      ? []
      : await ctx.tx
          .select()
          .from(issues)
          .where(and(eq(issues.workspaceId, ctx.workspaceId), inArray(issues.id, [...knownIds.values()])))
          .for("update");
  const rowById = new Map(knownRows.map((r) => [r.id, r]));
  const issueOf = new Map<string, IssueRow>();
  for (const t of ready) {
    const row = rowById.get(knownIds.get(t.externalId) ?? "");
    if (row) issueOf.set(t.externalId, row);
  }
  // Imported once but gone since: the one-by-one way decides (as it always has).
  const batch = ready.filter((t) => !knownIds.has(t.externalId) || issueOf.has(t.externalId));
  const fresh = batch.filter((t) => !issueOf.has(t.externalId));
  const system: Actor = { type: "system", name: `${source} import` };
  const opened = await openIssues(
    { ...quiet, actor: system },
    fresh.map((t) => ({
      title: t.title,
      accountId: t.organizationExternalId ? (accounts.get(t.organizationExternalId) ?? null) : null,
      teamId: teamOf(t, teamIds) ?? null,
      requesterContactId: people.contacts.get(t.requesterExternalId) ?? null,
      channel: "api" as const,
      threadKey: `${source}:${t.externalId}`,
      source: { import: source, ticket: t.externalId },
      at: t.createdAt,
    })),
  );
  fresh.forEach((t, i) => {
    const row = opened[i];
    if (row) issueOf.set(t.externalId, row);
  });
  await rememberImportedIds(
    ctx,
    source,
    "issue",
    fresh.flatMap((t) => {
      const row = issueOf.get(t.externalId);
      return row ? [{ externalId: t.externalId, internalId: row.id }] : [];
    }),
  );

  // Comments: those not imported before (a re-run finds them by external id), oldest first.
  const fromKnown = batch
    .filter((t) => knownIds.has(t.externalId))
    .flatMap((t) => t.comments.map((c) => `${source}:comment:${c.externalId}`));
  const have = await importedComments(ctx, fromKnown);
  const toAdd: MessageToAdd[] = [];
  for (const t of batch) {
    const issue = issueOf.get(t.externalId);
    if (!issue) continue;
    for (const comment of [...t.comments].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())) {
      if (have.has(`${source}:comment:${comment.externalId}`)) continue;
      const files = attachmentFiles(comment);
      const attachments = files.length > 0 ? await storeAttachments(ctx, issue.id, files) : [];
      toAdd.push(commentMessage(quiet, source, issue, comment, people, attachments));
    }
  }
  const ticketOf = new Map([...issueOf].map(([externalId, row]) => [row.id, externalId]));
  // Each issue's last result is its row as stored.
  for (const result of await addMessages(quiet, toAdd)) {
    const externalId = ticketOf.get(result.issue.id);
    if (externalId) issueOf.set(externalId, result.issue);
  }

  const defs = await ctx.tx
    .select()
    .from(customFields)
    .where(and(eq(customFields.workspaceId, ctx.workspaceId), eq(customFields.object, "issue")));
  const finals: IssueRow[] = [];
  for (const t of batch) {
    const issue = issueOf.get(t.externalId);
    if (!issue) continue;
    finals.push(await toSourceState(quiet, source, issue, t, people, teamOf(t, teamIds), defs));
    outcomes.set(t.externalId, knownIds.has(t.externalId) ? "updated" : "created");
  }
  await saveSourceStates(ctx, finals);
  return outcomes;
}

/**
 * The issue brought to the ticket as the source has it now, at its last update: the row as it
 * will be written, and the events the single-issue commands (`retitleIssue`, `setTags`,
 * `setPriority`, `setIssueFields`, `applyAssignment` for team and assignee, `changeState`) record for the same changes.
 */
async function toSourceState(
  ctx: CommandContext,
  source: string,
  issue: IssueRow,
  ticket: ImportedIssue,
  people: People,
  teamId: string | null | undefined,
  defs: (typeof customFields.$inferSelect)[],
): Promise<IssueRow> {
  const when = ticket.updatedAt;
  const last = at(ctx, when, { type: "system", name: `${source} import` });
  let row = issue;
  const title = ticket.title.trim() || "(no subject)";
  if (row.title !== title) {
    await appendEvent(last, row, "title", { from: row.title, to: title });
    row = { ...row, title, updatedAt: when };
  }
  const tags = normaliseTags(ticket.tags);
  const added = tags.filter((t) => !row.tags.includes(t));
  const removed = row.tags.filter((t) => !tags.includes(t));
  if (added.length > 0 || removed.length > 0) {
    await appendEvent(last, row, "tags", { added, removed });
    row = { ...row, tags, updatedAt: when };
  }
  if (row.priority !== ticket.priority) {
    await appendEvent(last, row, "priority", { from: row.priority, to: ticket.priority, setBy: "user" });
    row = { ...row, priority: ticket.priority, prioritySetBy: "user", updatedAt: when };
  }
  const keys = new Set(defs.map((d) => d.key));
  const wanted: Record<string, unknown> = {};
  for (const [id, value] of Object.entries(ticket.fields)) {
    const key = importedFieldKey(source, id);
    if (!keys.has(key) || value === null || value === undefined || value === "") continue;
    if (JSON.stringify(row.customFields[key]) !== JSON.stringify(value)) wanted[key] = value;
  }
  if (Object.keys(wanted).length > 0) {
    const checked = await checkFieldValues(last, "issue", wanted);
    const merged = { ...row.customFields };
    for (const [key, value] of Object.entries(checked)) {
      if (value === null) delete merged[key];
      else merged[key] = value;
      await appendEvent(last, row, "field", { key, from: row.customFields[key] ?? null, to: value });
    }
    row = { ...row, customFields: merged, updatedAt: when };
  }
  if (teamId !== undefined && row.teamId !== teamId) {
    await appendEvent(last, row, "team", { from: row.teamId, to: teamId });
    row = { ...row, teamId, updatedAt: when };
  }
  const assignee = ticket.assigneeExternalId ? people.users.get(ticket.assigneeExternalId) : undefined;
  if (assignee && row.assigneeUserId !== assignee.id) {
    // As the assignee themselves: taking an issue notifies nobody, so history wakes no one.
    const self = at(ctx, when, { type: "user", userId: assignee.id, role: assignee.role, name: assignee.name });
    await appendEvent(self, row, "assignee", {
      from: { userId: row.assigneeUserId, agentId: row.assigneeAgentId },
      to: { userId: assignee.id, agentId: null },
    });
    row = { ...row, assigneeUserId: assignee.id, assigneeAgentId: null, updatedAt: when };
  }
  if (row.state !== ticket.state) {
    const transition = nextState(row.state, { kind: "manual", to: ticket.state });
    if (!transition.ok) throw conflict(transition.reason);
    if (transition.state !== row.state) {
      if (transition.state === "closed") {
        const missing = missingRequiredOnClose(defs, row.customFields);
        if (missing.length > 0)
          throw invalid(`Set ${missing.join(", ")} before closing this issue.`, { missingFields: missing });
      }
      await recordStateChange(last, row, transition.state, transition.reopened);
      row = { ...row, ...stateChange(row, transition.state, transition.reopened, when) };
    }
  }
  return row;
}

/**
 * Writes the issues as `toSourceState` left them, all in one statement. The SLA sweep looks at
 * issues changed since it last looked; history is not a breach to announce, so each is marked
 * as looked at.
 */
async function saveSourceStates(ctx: CommandContext, rows: readonly IssueRow[]): Promise<void> {
  if (rows.length === 0) return;
  const values = rows.map((r) => ({
    id: r.id,
    title: r.title,
    tags: r.tags,
    priority: r.priority,
    priority_set_by: r.prioritySetBy,
    custom_fields: r.customFields,
    team_id: r.teamId,
    assignee_user_id: r.assigneeUserId,
    assignee_agent_id: r.assigneeAgentId,
    state: r.state,
    resolved_at: r.resolvedAt,
    updated_at: r.updatedAt,
  }));
  await ctx.tx
    .update(issues)
    .set({
      title: sql`v.title`,
      tags: sql`v.tags`,
      priority: sql`v.priority`,
      prioritySetBy: sql`v.priority_set_by`,
      customFields: sql`v.custom_fields`,
      teamId: sql`v.team_id`,
      assigneeUserId: sql`v.assignee_user_id`,
      assigneeAgentId: sql`v.assignee_agent_id`,
      state: sql`v.state`,
      resolvedAt: sql`v.resolved_at`,
      updatedAt: sql`v.updated_at`,
      slaEvaluatedAt: sql`v.updated_at`,
    })
    .from(
      sql`jsonb_to_recordset(${JSON.stringify(values)}::jsonb) AS v(id uuid, title text, tags text[], priority text,
        priority_set_by text, custom_fields jsonb, team_id uuid, assignee_user_id uuid, assignee_agent_id uuid, state text,
        resolved_at timestamptz, updated_at timestamptz)`,
    )
    .where(
      and(
        sql`${issues.id} = v.id`,
        eq(issues.workspaceId, ctx.workspaceId),
        inArray(
          issues.id,
          rows.map((r) => r.id),
        ),
      ),
    );
}

/** Which of these comment external ids an earlier run already stored as messages. */
async function importedComments(ctx: CommandContext, externalIds: readonly string[]): Promise<Set<string | null>> {
  if (externalIds.length === 0) return new Set();
  const stored = await ctx.tx
    .select({ externalId: messages.externalId })
    .from(messages)
    .where(
      and(
        eq(messages.workspaceId, ctx.workspaceId),
        eq(messages.channel, "api"),
        inArray(messages.externalId, [...externalIds]),
      ),
    );
  return new Set(stored.map((s) => s.externalId));
}
