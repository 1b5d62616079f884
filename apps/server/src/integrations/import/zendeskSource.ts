// The Zendesk import, stage by stage: ticket fields first (the catalog the tickets' values need),
// organizations (accounts), users (agents → users, end users → contacts, after the accounts they
// belong to), groups (teams) and their agents, tickets with their comments and attachments, then macros and help-center articles.
import {
  ImportLookups,
  importArticle,
  importField,
  importGroup,
  importIssue,
  importIssues,
  importMacro,
  importMembership,
  importOrganization,
  importPerson,
} from "../../commands/importRecords";
import type { ImportedIssue } from "../../domain/imports";
import type { ImportSource, PageItem, Stage, StagePage } from "./run";
import {
  countOf,
  cursorPage,
  incrementalPage,
  parseArticle,
  parseGroup,
  parseGroupMembership,
  parseMacro,
  parseOrganization,
  parseTicket,
  parseTicketField,
  parseUser,
  type RawPage,
  rawId,
  type SkippedPart,
  ticketComments,
  type ZendeskClient,
} from "./zendesk";

const SOURCE = "zendesk";
/** Tickets whose comments are fetched at once: Zendesk's limits are per minute, not per connection. */
const COMMENT_CONCURRENCY = 8;

export function zendeskSource(client: ZendeskClient): ImportSource {
  const lookups = new ImportLookups(SOURCE);
  return {
    total: async () =>
      (await countOf(client, "/api/v2/tickets/count.json")) +
      (await countOf(client, "/api/v2/users/count.json")) +
      (await countOf(client, "/api/v2/organizations/count.json")),
    stages: [
      simple(
        "ticket_fields",
        "field",
        (after) => cursorPage(client, "/api/v2/ticket_fields.json", "ticket_fields", after),
        (raw) => {
          const field = parseTicketField(raw);
          return field === null ? null : typeof field === "string" ? field : (ctx) => importField(ctx, SOURCE, field);
        },
      ),
      simple(
        "organizations",
        "account",
        (after) => cursorPage(client, "/api/v2/organizations.json", "organizations", after),
        (raw) => {
          const org = parseOrganization(raw);
          return typeof org === "string" ? org : (ctx) => importOrganization(ctx, SOURCE, org);
        },
      ),
      simple(
        "users",
        "person",
        (after) => incrementalPage(client, "/api/v2/incremental/users/cursor.json", "users", after),
        (raw) => {
          const person = parseUser(raw);
          return typeof person === "string" ? person : (ctx) => importPerson(ctx, SOURCE, person);
        },
      ),
      simple(
        "groups",
        "team",
        (after) => cursorPage(client, "/api/v2/groups.json", "groups", after),
        (raw) => {
          const group = parseGroup(raw);
          return typeof group === "string" ? group : (ctx) => importGroup(ctx, SOURCE, group);
        },
      ),
      simple(
        "group_memberships",
        "team_member",
        (after) => cursorPage(client, "/api/v2/group_memberships.json", "group_memberships", after),
        (raw) => {
          const membership = parseGroupMembership(raw);
          return typeof membership === "string" ? membership : (ctx) => importMembership(ctx, SOURCE, membership);
        },
      ),
      tickets(client, lookups),
      simple(
        "macros",
        "macro",
        (after) => cursorPage(client, "/api/v2/macros.json", "macros", after),
        (raw) => {
          const macro = parseMacro(raw);
          return typeof macro === "string" ? macro : (ctx) => importMacro(ctx, SOURCE, macro);
        },
      ),
      simple(
        "articles",
        "article",
        (after) => cursorPage(client, "/api/v2/help_center/articles.json", "articles", after),
        (raw) => {
          const article = parseArticle(raw);
          return typeof article === "string" ? article : (ctx) => importArticle(ctx, SOURCE, article);
        },
      ),
    ],
  };
}

type Applier = Extract<PageItem, { apply: unknown }>["apply"];

/** A stage whose records need nothing more than the page: each parsed to an applier, a reason, or nothing. */
function simple(
  name: string,
  object: string,
  fetch: (after: string | null) => Promise<RawPage>,
  prepare: (raw: unknown) => Applier | string | null,
): Stage {
  return {
    name,
    async page(after) {
      const page = await fetch(after);
      const items: PageItem[] = [];
      for (const raw of page.records) {
        const prepared = prepare(raw);
        if (prepared === null) continue;
        const externalId = rawId(raw);
        items.push(
          typeof prepared === "string"
            ? { object, externalId, skip: prepared }
            : { object, externalId, apply: prepared },
        );
      }
      return { items, skipped: [], next: page.next };
    },
  };
}

/** Tickets with their comments, a page applied together (`importIssues`), one by one where refused. */
function tickets(client: ZendeskClient, lookups: ImportLookups): Stage {
  return {
    name: "tickets",
    async page(after): Promise<StagePage> {
      const page = await incrementalPage(client, "/api/v2/incremental/tickets/cursor.json", "tickets", after);
      const skipped: SkippedPart[] = [];
      // In the export's order (a ticket named twice in a page ends as it was last).
      const prepared = await mapLimited(page.records, COMMENT_CONCURRENCY, async (raw) => {
        const ticket = parseTicket(raw);
        const externalId = rawId(raw);
        if (typeof ticket === "string") return { item: { object: "issue", externalId, skip: ticket } };
        const thread = await ticketComments(client, ticket.externalId);
        skipped.push(...thread.skipped);
        const issue: ImportedIssue = { ...ticket, comments: thread.comments };
        const item: PageItem = { object: "issue", externalId, apply: (ctx) => importIssue(ctx, SOURCE, issue) };
        return { item, issue };
      });
      const parsed = prepared.flatMap((p) => (p.issue ? [p.issue] : []));
      return {
        items: prepared.map((p) => p.item),
        skipped,
        next: page.next,
        applyAll: (ctx) => importIssues(ctx, SOURCE, parsed, lookups),
      };
    },
  };
}

/** `fn` over the items with at most `limit` at a time, results in the items' order. */
async function mapLimited<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
