// Zendesk's REST API as an import source: API-token basic auth (`email/token:TOKEN`) or an OAuth
// bearer token, the incremental export endpoints with their cursor (`after_cursor`, `end_of_stream`)
// for users and tickets, cursor pagination (`page[size]`, `meta.has_more`, `meta.after_cursor`) for
// the rest, and 429 answers waited out for their `Retry-After`. Records are parsed one by one: one
// that does not parse is skipped with the reason, never the page.
import { z } from "zod";
import { MAX_ATTACHMENT_BYTES } from "../../commands/attachments";
import {
  fieldTypeOf,
  type ImportedArticle,
  type ImportedAttachment,
  type ImportedComment,
  type ImportedField,
  type ImportedGroup,
  type ImportedIssue,
  type ImportedMacro,
  type ImportedMembership,
  type ImportedOrganization,
  type ImportedPerson,
  parseTime,
  priorityOf,
  stateOfStatus,
} from "../../domain/imports";

export class ImportSourceError extends Error {}

export interface ZendeskCredentials {
  baseUrl: string;
  email: string | null;
  token: string;
  /** Waits out a 429; tests may count the waits. */
  sleep?: (ms: number) => Promise<void>;
}

export const zendeskBaseUrl = (subdomain: string) => `https://${subdomain}.zendesk.com`;

/** Zendesk asks for a pause of at most a minute or so; a longer one means something else is wrong. */
const MAX_RETRY_AFTER_S = 120;
const MAX_RATE_LIMIT_RETRIES = 20;

export function zendeskClient(creds: ZendeskCredentials) {
  const base = new URL(creds.baseUrl);
  const authorization = creds.email
    ? `Basic ${Buffer.from(`${creds.email}/token:${creds.token}`).toString("base64")}`
    : `Bearer ${creds.token}`;
  const sleep = creds.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));

  async function request(pathOrUrl: string, accept = "application/json"): Promise<Response> {
    const url = new URL(pathOrUrl, base);
    // The token goes only to the Zendesk it was given for (attachment URLs may point elsewhere).
    const headers: Record<string, string> = { accept };
    if (url.origin === base.origin) headers.authorization = authorization;
    for (let attempt = 0; ; attempt++) {
      let res: Response;
      try {
        res = await fetch(url, { headers, redirect: "follow", signal: AbortSignal.timeout(60_000) });
      } catch (error) {
        throw new ImportSourceError(`Zendesk could not be reached (${url.pathname}): ${(error as Error).message}`);
      }
      if (res.status === 429 && attempt < MAX_RATE_LIMIT_RETRIES) {
        const wait = Math.min(Number(res.headers.get("retry-after")) || 1, MAX_RETRY_AFTER_S);
        await res.arrayBuffer();
        await sleep(wait * 1000);
        continue;
      }
      if (res.status === 401 || res.status === 403)
        throw new ImportSourceError("Zendesk refused the credentials (check the email and API token).");
      if (!res.ok) throw new ImportSourceError(`Zendesk answered ${res.status} for ${url.pathname}.`);
      return res;
    }
  }

  async function json(pathOrUrl: string): Promise<unknown> {
    const res = await request(pathOrUrl);
    try {
      return await res.json();
    } catch {
      throw new ImportSourceError(`Zendesk answered something other than JSON for ${pathOrUrl}.`);
    }
  }

  return { request, json };
}

export type ZendeskClient = ReturnType<typeof zendeskClient>;

/** A page of raw records and the cursor of the next one (null: this was the last). */
export interface RawPage {
  records: unknown[];
  next: string | null;
}

const CursorPage = z.object({
  meta: z.object({ has_more: z.boolean(), after_cursor: z.string().nullish() }).optional(),
});

/** Cursor pagination: `?page[size]=100`, then `page[after]=<meta.after_cursor>` while `has_more`. */
export async function cursorPage(client: ZendeskClient, path: string, key: string, after: string | null) {
  const sep = path.includes("?") ? "&" : "?";
  const url = `${path}${sep}page[size]=100${after ? `&page[after]=${encodeURIComponent(after)}` : ""}`;
  const body = await client.json(url);
  const records = recordsOf(body, key);
  const meta = CursorPage.safeParse(body);
  const more = meta.success && meta.data.meta?.has_more === true ? (meta.data.meta.after_cursor ?? null) : null;
  return { records, next: more } satisfies RawPage;
}

const IncrementalPage = z.object({ after_cursor: z.string().nullish(), end_of_stream: z.boolean() });

/** Incremental export: `?start_time=0` first, then `?cursor=<after_cursor>` until `end_of_stream`. */
export async function incrementalPage(client: ZendeskClient, path: string, key: string, after: string | null) {
  const url = after ? `${path}?cursor=${encodeURIComponent(after)}` : `${path}?start_time=0&per_page=100`;
  const body = await client.json(url);
  const page = IncrementalPage.safeParse(body);
  if (!page.success) throw new ImportSourceError(`Zendesk's ${key} export answered without end_of_stream.`);
  const records = recordsOf(body, key);
  return { records, next: page.data.end_of_stream ? null : (page.data.after_cursor ?? null) } satisfies RawPage;
}

function recordsOf(body: unknown, key: string): unknown[] {
  const list = typeof body === "object" && body !== null ? (body as Record<string, unknown>)[key] : undefined;
  if (!Array.isArray(list)) throw new ImportSourceError(`Zendesk answered without "${key}".`);
  return list;
}

/** The count endpoints (`/api/v2/tickets/count.json` …) for the progress bar; unknown is 0. */
export async function countOf(client: ZendeskClient, path: string): Promise<number> {
  const parsed = z.object({ count: z.object({ value: z.number() }) }).safeParse(await client.json(path));
  return parsed.success ? parsed.data.count.value : 0;
}

const Id = z.union([z.number().int(), z.string().regex(/^\d+$/)]).transform(String);
const Time = z.string().transform((value, ctx) => {
  const date = parseTime(value);
  if (!date) {
    ctx.addIssue({ code: "custom", message: `"${value}" is not a timestamp` });
    return z.NEVER;
  }
  return date;
});

const User = z.object({
  id: Id,
  name: z.string().trim().min(1),
  email: z.string().email().nullish(),
  role: z.enum(["end-user", "agent", "admin"]),
  organization_id: Id.nullish(),
});

export function parseUser(raw: unknown): ImportedPerson | string {
  const r = User.safeParse(raw);
  if (!r.success) return problem(r.error);
  return {
    externalId: r.data.id,
    name: r.data.name,
    email: r.data.email ?? null,
    role: r.data.role,
    organizationExternalId: r.data.organization_id ?? null,
  };
}

const Organization = z.object({
  id: Id,
  name: z.string().trim().min(1),
  domain_names: z.array(z.string()).default([]),
  tags: z.array(z.string()).default([]),
});

export function parseOrganization(raw: unknown): ImportedOrganization | string {
  const r = Organization.safeParse(raw);
  if (!r.success) return problem(r.error);
  return { externalId: r.data.id, name: r.data.name, domains: r.data.domain_names, tags: r.data.tags };
}

const Group = z.object({
  id: Id,
  name: z.string().trim().min(1),
  description: z.string().nullish(),
  deleted: z.boolean().default(false),
});

/** A group of agents (`/api/v2/groups`), a team here, or why it is skipped. */
export function parseGroup(raw: unknown): ImportedGroup | string {
  const r = Group.safeParse(raw);
  if (!r.success) return problem(r.error);
  if (r.data.deleted) return "deleted in Zendesk";
  return { externalId: r.data.id, name: r.data.name, description: r.data.description ?? "" };
}

const GroupMembership = z.object({ id: Id, user_id: Id, group_id: Id });

/** An agent in a group (`/api/v2/group_memberships`), a team member here, or why it is skipped. */
export function parseGroupMembership(raw: unknown): ImportedMembership | string {
  const r = GroupMembership.safeParse(raw);
  if (!r.success) return problem(r.error);
  return { externalId: r.data.id, userExternalId: r.data.user_id, groupExternalId: r.data.group_id };
}

const Ticket = z.object({
  id: Id,
  subject: z.string().nullish(),
  description: z.string().nullish(),
  status: z.string(),
  priority: z.string().nullish(),
  requester_id: Id,
  assignee_id: Id.nullish(),
  organization_id: Id.nullish(),
  group_id: Id.nullish(),
  tags: z.array(z.string()).default([]),
  custom_fields: z.array(z.object({ id: Id, value: z.unknown() })).default([]),
  created_at: Time,
  updated_at: Time,
});

/** A ticket without its comments (fetched separately), or why it is skipped. */
export function parseTicket(raw: unknown): Omit<ImportedIssue, "comments"> | string {
  const r = Ticket.safeParse(raw);
  if (!r.success) return problem(r.error);
  const t = r.data;
  if (t.status === "deleted") return "deleted in Zendesk";
  const state = stateOfStatus(t.status);
  if (!state) return `unknown status "${t.status}"`;
  return {
    externalId: t.id,
    title: (t.subject?.trim() || t.description?.trim().slice(0, 80) || `Zendesk ticket ${t.id}`).slice(0, 500),
    state,
    priority: priorityOf(t.priority),
    requesterExternalId: t.requester_id,
    assigneeExternalId: t.assignee_id ?? null,
    organizationExternalId: t.organization_id ?? null,
    groupExternalId: t.group_id ?? null,
    tags: t.tags,
    fields: Object.fromEntries(t.custom_fields.map((f) => [f.id, f.value])),
    createdAt: t.created_at,
    updatedAt: t.updated_at,
  };
}

const Attachment = z.object({
  id: Id,
  file_name: z.string(),
  content_url: z.string().url(),
  content_type: z.string().default("application/octet-stream"),
  size: z.number().int().nonnegative(),
});

const Comment = z.object({
  id: Id,
  author_id: Id,
  body: z.string().default(""),
  plain_body: z.string().nullish(),
  html_body: z.string().nullish(),
  public: z.boolean(),
  created_at: Time,
  attachments: z.array(Attachment).default([]),
});

export interface SkippedPart {
  object: string;
  externalId: string;
  reason: string;
}

/** Every comment of a ticket, with its attachments downloaded (those within the size limit). */
export async function ticketComments(
  client: ZendeskClient,
  ticketId: string,
): Promise<{ comments: ImportedComment[]; skipped: SkippedPart[] }> {
  const comments: ImportedComment[] = [];
  const skipped: SkippedPart[] = [];
  let after: string | null = null;
  do {
    const page = await cursorPage(client, `/api/v2/tickets/${ticketId}/comments.json`, "comments", after);
    for (const raw of page.records) {
      const r = Comment.safeParse(raw);
      if (!r.success) {
        skipped.push({ object: "comment", externalId: rawId(raw, ticketId), reason: problem(r.error) });
        continue;
      }
      const c = r.data;
      const attachments: ImportedAttachment[] = [];
      for (const a of c.attachments) {
        const file = await download(client, a);
        if (file.content === null) skipped.push({ object: "attachment", externalId: a.id, reason: file.reason ?? "" });
        attachments.push(file);
      }
      comments.push({
        externalId: c.id,
        authorExternalId: c.author_id,
        body: c.plain_body ?? c.body,
        html: c.html_body ?? null,
        public: c.public,
        createdAt: c.created_at,
        attachments,
      });
    }
    after = page.next;
  } while (after);
  return { comments, skipped };
}

async function download(client: ZendeskClient, a: z.infer<typeof Attachment>): Promise<ImportedAttachment> {
  const base = { externalId: a.id, fileName: a.file_name, contentType: a.content_type };
  if (a.size > MAX_ATTACHMENT_BYTES)
    return {
      ...base,
      content: null,
      reason: `${a.file_name} is ${a.size} bytes, over the ${MAX_ATTACHMENT_BYTES} limit`,
    };
  try {
    const res = await client.request(a.content_url, "*/*");
    const content = Buffer.from(await res.arrayBuffer());
    if (content.length > MAX_ATTACHMENT_BYTES)
      return { ...base, content: null, reason: `${a.file_name} is over the ${MAX_ATTACHMENT_BYTES} byte limit` };
    return { ...base, content };
  } catch (error) {
    if (!(error instanceof ImportSourceError)) throw error;
    return { ...base, content: null, reason: error.message };
  }
}

const TicketField = z.object({
  id: Id,
  type: z.string(),
  title: z.string().trim().min(1),
  active: z.boolean().default(true),
  custom_field_options: z.array(z.object({ value: z.string() })).nullish(),
});

/** A custom ticket field, null for Zendesk's system fields (subject, status …), or why it is skipped. */
export function parseTicketField(raw: unknown): ImportedField | null | string {
  const r = TicketField.safeParse(raw);
  if (!r.success) return problem(r.error);
  const type = fieldTypeOf(r.data.type);
  if (!type) return null;
  const options = (r.data.custom_field_options ?? []).map((o) => o.value);
  if ((type === "select" || type === "multiselect") && options.length === 0) return "a list field without options";
  return { externalId: r.data.id, title: r.data.title, type, options };
}

const Macro = z.object({
  id: Id,
  title: z.string().trim().min(1),
  active: z.boolean().default(true),
  actions: z.array(z.object({ field: z.string(), value: z.unknown() })).default([]),
});

/** A macro's reply text (`comment_value`, or `comment_value_html`) and whether it is a private note. */
export function parseMacro(raw: unknown): ImportedMacro | string {
  const r = Macro.safeParse(raw);
  if (!r.success) return problem(r.error);
  const text = (field: string) => {
    const value = r.data.actions.find((a) => a.field === field)?.value;
    return Array.isArray(value) ? String(value[1] ?? value[0] ?? "") : typeof value === "string" ? value : undefined;
  };
  const body = text("comment_value") ?? text("comment_value_html");
  if (!body) return "no reply text (only field changes, which have no equivalent here)";
  const mode = r.data.actions.find((a) => a.field === "comment_mode_is_public")?.value;
  return { externalId: r.data.id, title: r.data.title, body, internal: mode === false || mode === "false" };
}

const Article = z.object({
  id: Id,
  title: z.string().trim().min(1),
  body: z.string().nullish(),
  draft: z.boolean().default(false),
});

export function parseArticle(raw: unknown): ImportedArticle | string {
  const r = Article.safeParse(raw);
  if (!r.success) return problem(r.error);
  return { externalId: r.data.id, title: r.data.title, body: r.data.body ?? "", draft: r.data.draft };
}

/** The record's id as far as it can be read (for the report of a record that did not parse). */
export function rawId(raw: unknown, fallback = "?"): string {
  const id = typeof raw === "object" && raw !== null ? (raw as { id?: unknown }).id : undefined;
  return typeof id === "number" || typeof id === "string" ? String(id) : fallback;
}

function problem(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join(".") || "record"}: ${i.message}`).join("; ");
}
