// Applies one imported record (a person, an organization, an issue with its comments, a field, a
// macro, an article) through the same commands the app uses, remembering the source's id so a re-run
// updates it. History keeps its time and authors: each step runs at the source's timestamp as the
// person who did it. The runner is an import runner (`CommandRunner.imported`), so nothing of it
// reaches routing, SLA, notifications, delivery or webhooks; only analytics hears of it.
import { and, eq, inArray, sql } from "drizzle-orm";
import { accounts, contacts, customFields, issues, macros, messages, users } from "../db/schema";
import { invalid } from "../domain/errors";
import {
  type ImportedArticle,
  type ImportedComment,
  type ImportedField,
  type ImportedIssue,
  type ImportedMacro,
  type ImportedOrganization,
  type ImportedPerson,
  importedFieldKey,
} from "../domain/imports";
import type { Actor } from "./actors";
import { storeAttachments } from "./attachments";
import type { CommandContext } from "./context";
import { createAccount, createContact, updateAccount, updateContact } from "./customers";
import { createCustomField, updateCustomField } from "./customFields";
import { importedIdOf, importedIdsOf, rememberImportedId } from "./imports";
import { applyAssignment, changeState, openIssue, retitleIssue, setIssueFields, setPriority, setTags } from "./issues";
import { createArticle, updateArticle } from "./knowledge";
import { loadIssueByIdForUpdate } from "./lookup";
import { createMacro, updateMacro } from "./macros";
import { addMessages, type MessageAuthor } from "./messages";
import { createUser } from "./team";

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
 * then tags, priority, fields, assignee and state as the source has them now. On a re-run the
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
  const system: Actor = { type: "system", name: `${source} import` };
  const known = await importedIdOf(ctx, source, "issue", ticket.externalId);
  let issue = known ? await loadIssueByIdForUpdate(ctx, known) : undefined;
  if (!issue) {
    issue = await openIssue(at(ctx, ticket.createdAt, system), {
      title: ticket.title,
      accountId,
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

async function addComments(
  ctx: CommandContext,
  source: string,
  issue: { id: string },
  comments: readonly ImportedComment[],
  people: People,
): Promise<void> {
  const ids = comments.map((c) => `${source}:comment:${c.externalId}`);
  const stored =
    ids.length === 0
      ? []
      : await ctx.tx
          .select({ externalId: messages.externalId })
          .from(messages)
          .where(
            and(
              eq(messages.workspaceId, ctx.workspaceId),
              eq(messages.channel, "api"),
              inArray(messages.externalId, ids),
            ),
          );
  const have = new Set(stored.map((s) => s.externalId));
  for (const comment of [...comments].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())) {
    const externalId = `${source}:comment:${comment.externalId}`;
    if (have.has(externalId)) continue;
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
    const when = at(ctx, comment.createdAt, actor);
    const target = await loadIssueByIdForUpdate(ctx, issue.id);
    const files = comment.attachments.flatMap((a) =>
      a.content
        ? [{ filename: a.fileName, contentType: a.contentType, size: a.content.length, content: a.content }]
        : [],
    );
    const attachments = await storeAttachments(ctx, issue.id, files);
    await addMessages(when, [
      {
        issue: target,
        input: {
          visibility: comment.public ? "public" : "internal",
          bodyText: comment.body || "(empty comment)",
          author,
          attachments,
          channel: "api",
          externalId,
          createdAt: comment.createdAt,
          // Already delivered in the other help desk: never sent again.
          inbound: true,
        },
      },
    ]);
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
