// A local Zendesk for tests and the import benchmark. It speaks the wire format of the calls the
// import makes: API-token basic auth (`email/token:TOKEN`), the incremental export endpoints for
// users and tickets (`start_time`, then `cursor`; `after_cursor`, `end_of_stream`), cursor
// pagination (`page[size]`, `page[after]`; `meta.has_more`, `meta.after_cursor`, `links.next`) for
// organizations, groups and their memberships, ticket fields, comments, macros and articles, the count endpoints, attachment
// downloads, and rate limiting (429 with `Retry-After`). It can fail the ticket export after a
// number of pages (an import interrupted half-way). Tickets and comments may be generated on the
// fly (`generate`), so a benchmark of a million comments holds none of them in memory.
import http from "node:http";
import type { AddressInfo } from "node:net";

type Json = Record<string, unknown>;

export interface GeneratedTickets {
  count: number;
  commentsPerTicket: number;
  /** External ids of the requester and agent every generated ticket uses. */
  requesterId: number;
  agentId: number;
}

export class ZendeskStandin {
  private server?: http.Server;
  url = "";
  readonly email = "importer@acme-help.example";
  readonly token = "zd-token-standin";
  users: Json[] = [];
  organizations: Json[] = [];
  groups: Json[] = [];
  groupMemberships: Json[] = [];
  tickets: Json[] = [];
  comments = new Map<string, Json[]>();
  ticketFields: Json[] = [];
  macros: Json[] = [];
  articles: Json[] = [];
  attachments = new Map<string, Buffer>();
  /** Tickets and comments made up per request instead of `tickets`/`comments`. */
  generate: GeneratedTickets | null = null;
  /** Records per page of an incremental export and of a cursor-paginated list. */
  pageSize = 2;
  /** Answer 429 (Retry-After: `retryAfter`) to every `rateLimitEvery`-th request. */
  rateLimitEvery: number | null = null;
  retryAfter = 1;
  /** After this many ticket-export pages, the export answers 500 (until reset to null). */
  failTicketPagesAfter: number | null = null;
  ticketPagesServed = 0;
  /** After this many ticket-export pages, the export never answers (a process killed while it waits). */
  holdTicketPagesAfter: number | null = null;
  /** Every request, with its path and when it came. */
  readonly requests: { path: string; at: number; status: number }[] = [];
  private served = 0;

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => this.serve(req, res));
    await new Promise<void>((resolve) => this.server?.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async close(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private serve(req: http.IncomingMessage, res: http.ServerResponse): void {
    const url = new URL(req.url ?? "/", this.url);
    const reply = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      this.requests.push({ path: `${url.pathname}${url.search}`, at: Date.now(), status });
      if (Buffer.isBuffer(body))
        res.writeHead(status, { "content-type": "application/octet-stream", ...headers }).end(body);
      else res.writeHead(status, { "content-type": "application/json", ...headers }).end(JSON.stringify(body));
    };
    if (req.headers.authorization !== this.expectedAuth()) {
      reply(401, { error: "Couldn't authenticate you" });
      return;
    }
    this.served++;
    if (this.rateLimitEvery !== null && this.served % this.rateLimitEvery === 0) {
      reply(429, { error: "APIRateLimitExceeded" }, { "retry-after": String(this.retryAfter) });
      return;
    }
    if (
      url.pathname === "/api/v2/incremental/tickets/cursor.json" &&
      this.holdTicketPagesAfter !== null &&
      this.ticketPagesServed >= this.holdTicketPagesAfter
    )
      return;
    const answer = this.route(url) ?? { status: 404, body: { error: "InvalidEndpoint" } };
    reply(answer.status, answer.body);
  }

  private expectedAuth(): string {
    return `Basic ${Buffer.from(`${this.email}/token:${this.token}`).toString("base64")}`;
  }

  private route(url: URL): { status: number; body: unknown } | undefined {
    const path = url.pathname;
    const ok = (body: unknown) => ({ status: 200, body });
    const count = (n: number) => ok({ count: { value: n, refreshed_at: new Date().toISOString() } });
    if (path === "/api/v2/tickets/count.json") return count(this.ticketTotal());
    if (path === "/api/v2/users/count.json") return count(this.users.length);
    if (path === "/api/v2/organizations/count.json") return count(this.organizations.length);
    if (path === "/api/v2/incremental/users/cursor.json")
      return ok(this.incremental(url, "users", this.users.length, (i) => this.users[i]));
    if (path === "/api/v2/incremental/tickets/cursor.json") {
      if (this.failTicketPagesAfter !== null && this.ticketPagesServed >= this.failTicketPagesAfter)
        return { status: 500, body: { error: "InternalError" } };
      this.ticketPagesServed++;
      return ok(this.incremental(url, "tickets", this.ticketTotal(), (i) => this.ticketAt(i)));
    }
    if (path === "/api/v2/organizations.json") return ok(this.list(url, "organizations", this.organizations));
    if (path === "/api/v2/groups.json") return ok(this.list(url, "groups", this.groups));
    if (path === "/api/v2/group_memberships.json")
      return ok(this.list(url, "group_memberships", this.groupMemberships));
    if (path === "/api/v2/ticket_fields.json") return ok(this.list(url, "ticket_fields", this.ticketFields));
    if (path === "/api/v2/macros.json") return ok(this.list(url, "macros", this.macros));
    if (path === "/api/v2/help_center/articles.json") return ok(this.list(url, "articles", this.articles));
    const comments = /^\/api\/v2\/tickets\/(\d+)\/comments\.json$/.exec(path);
    if (comments?.[1]) return ok(this.list(url, "comments", this.commentsOf(comments[1])));
    const file = /^\/attachments\/(\w+)$/.exec(path);
    if (file?.[1]) {
      const bytes = this.attachments.get(file[1]);
      return bytes ? { status: 200, body: bytes } : undefined;
    }
    return undefined;
  }

  private ticketTotal(): number {
    return this.generate ? this.generate.count : this.tickets.length;
  }

  private ticketAt(i: number): Json | undefined {
    if (!this.generate) return this.tickets[i];
    const at = new Date(Date.UTC(2024, 0, 1) + i * 60_000);
    return {
      id: i + 1,
      subject: `Generated ticket ${i + 1}`,
      status: i % 3 === 0 ? "solved" : "open",
      priority: "normal",
      requester_id: this.generate.requesterId,
      assignee_id: this.generate.agentId,
      organization_id: null,
      group_id: null,
      tags: ["bench"],
      custom_fields: [],
      created_at: at.toISOString(),
      updated_at: new Date(at.getTime() + 3_600_000).toISOString(),
    };
  }

  private commentsOf(ticketId: string): Json[] {
    if (!this.generate) return this.comments.get(ticketId) ?? [];
    const { commentsPerTicket, requesterId, agentId } = this.generate;
    const start = Date.UTC(2024, 0, 1) + (Number(ticketId) - 1) * 60_000;
    return Array.from({ length: commentsPerTicket }, (_, n) => ({
      id: Number(ticketId) * 1000 + n,
      type: "Comment",
      // Every fifth comment is an agent's private note (customers write no private comments).
      author_id: n % 2 === 0 && n % 5 !== 4 ? requesterId : agentId,
      body: `Comment ${n} on ticket ${ticketId}`,
      plain_body: `Comment ${n} on ticket ${ticketId}`,
      public: n % 5 !== 4,
      created_at: new Date(start + n * 60_000).toISOString(),
      attachments: [],
    }));
  }

  /** Cursor-based incremental export: the cursor is the offset, opaque to the client. */
  private incremental(url: URL, key: string, total: number, at: (i: number) => Json | undefined) {
    const cursor = url.searchParams.get("cursor");
    if (!cursor && url.searchParams.get("start_time") === null) return { error: "start_time or cursor required" };
    const from = cursor ? Number(Buffer.from(cursor, "base64url").toString()) : 0;
    const records: Json[] = [];
    for (let i = from; i < Math.min(total, from + this.pageSize); i++) {
      const r = at(i);
      if (r) records.push(r);
    }
    const next = Math.min(total, from + this.pageSize);
    const after = Buffer.from(String(next)).toString("base64url");
    return {
      [key]: records,
      after_url: `${this.url}${url.pathname}?cursor=${after}`,
      after_cursor: after,
      before_cursor: null,
      before_url: null,
      end_of_stream: next >= total,
    };
  }

  /** Cursor pagination (`page[size]`, `page[after]`). */
  private list(url: URL, key: string, all: Json[]) {
    const size = Math.min(Number(url.searchParams.get("page[size]") ?? 100), this.pageSize);
    const after = url.searchParams.get("page[after]");
    const from = after ? Number(Buffer.from(after, "base64url").toString()) : 0;
    const next = Math.min(all.length, from + size);
    const cursor = Buffer.from(String(next)).toString("base64url");
    const hasMore = next < all.length;
    return {
      [key]: all.slice(from, next),
      meta: { has_more: hasMore, after_cursor: hasMore ? cursor : null, before_cursor: null },
      links: {
        next: hasMore ? `${this.url}${url.pathname}?page[size]=${size}&page[after]=${cursor}` : null,
        prev: null,
      },
    };
  }
}
