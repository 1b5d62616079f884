// Local Salesforce and HubSpot for tests. Each speaks the wire format of the calls we make: the
// OAuth refresh-token grant (form-encoded, checked against the client and refresh token), the
// Salesforce SOQL query endpoint (SELECT … FROM … WHERE LastModifiedDate > … ORDER BY …, paged
// with nextRecordsUrl; Owner.Email as a nested relationship) and HubSpot's CRM v3 search (paged by
// `after`, GT filter on the modification property) and owners. Tokens can be expired mid-sync.
import { randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";

type Handler = (req: http.IncomingMessage, body: string, url: URL) => { status: number; body: unknown };

class StandinServer {
  private server?: http.Server;
  url = "";
  readonly clientId = `client-${randomBytes(4).toString("hex")}`;
  readonly clientSecret = `secret-${randomBytes(8).toString("hex")}`;
  readonly refreshToken = `refresh-${randomBytes(8).toString("hex")}`;
  /** Access tokens still valid; `expireTokens()` empties it, as an expiry would. */
  protected readonly validTokens = new Set<string>();
  tokenGrants = 0;
  /** Data calls served (token calls excluded), by path. */
  readonly calls: { path: string; body: string }[] = [];
  /** Expire every token after this many more data calls (a token running out mid-sync). */
  expireAfterCalls: number | null = null;
  /** Records per page. */
  pageSize = 2;

  constructor(private readonly handler: Handler) {}

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => {
      this.serve(req, res).catch((error: unknown) => res.writeHead(500).end(String(error)));
    });
    await new Promise<void>((resolve) => this.server?.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  expireTokens(): void {
    this.validTokens.clear();
  }

  protected grant(form: URLSearchParams): string | undefined {
    if (
      form.get("grant_type") !== "refresh_token" ||
      form.get("client_id") !== this.clientId ||
      form.get("client_secret") !== this.clientSecret ||
      form.get("refresh_token") !== this.refreshToken
    )
      return undefined;
    this.tokenGrants++;
    const token = `access-${randomBytes(8).toString("hex")}`;
    this.validTokens.add(token);
    return token;
  }

  protected authorized(req: http.IncomingMessage): boolean {
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1];
    return token !== undefined && this.validTokens.has(token);
  }

  private async serve(req: http.IncomingMessage, res: http.ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString("utf8");
    const url = new URL(req.url ?? "/", this.url);
    const answer = this.handler(req, body, url);
    res.writeHead(answer.status, { "content-type": "application/json" }).end(JSON.stringify(answer.body));
  }

  /** Counts a data call and expires the tokens once `expireAfterCalls` is reached. */
  protected counted(path: string, body: string): void {
    this.calls.push({ path, body });
    if (this.expireAfterCalls !== null && --this.expireAfterCalls <= 0) {
      this.expireAfterCalls = null;
      this.expireTokens();
    }
  }
}

/** Salesforce's datetime format: 2026-12-01T10:00:00.000+0000 */
export const sfTime = (date: Date) => date.toISOString().replace("Z", "+0000");

export type SalesforceRecord = Record<string, unknown> & { Id: string; LastModifiedDate: string };

export class SalesforceStandin extends StandinServer {
  readonly accounts: SalesforceRecord[] = [];
  readonly contacts: SalesforceRecord[] = [];
  readonly users: { Id: string; Email: string }[] = [];
  /** Records returned by queries, in order, per object. */
  served: { object: string; ids: string[] }[] = [];
  private readonly cursors = new Map<string, { object: string; rows: Record<string, unknown>[] }>();
  private ids = 0;

  constructor() {
    super((req, body, url) => this.route(req, body, url));
  }

  nextId(prefix: string): string {
    return `${prefix}${String(++this.ids).padStart(15, "0")}`;
  }

  private route(req: http.IncomingMessage, body: string, url: URL): { status: number; body: unknown } {
    if (req.method === "POST" && url.pathname === "/services/oauth2/token") {
      const token = this.grant(new URLSearchParams(body));
      if (!token) return { status: 400, body: { error: "invalid_grant", error_description: "authentication failure" } };
      return {
        status: 200,
        body: {
          access_token: token,
          signature: randomBytes(8).toString("base64"),
          scope: "refresh_token api",
          instance_url: this.url,
          id: `${this.url}/id/00D000000000001/005000000000001`,
          token_type: "Bearer",
          issued_at: String(Date.now()),
        },
      };
    }
    if (!this.authorized(req))
      return { status: 401, body: [{ message: "Session expired or invalid", errorCode: "INVALID_SESSION_ID" }] };
    const next = /^\/services\/data\/v\d+\.\d+\/query\/([\w-]+)$/.exec(url.pathname);
    if (req.method === "GET" && next?.[1]) {
      this.counted(url.pathname, "");
      const cursor = this.cursors.get(next[1]);
      if (!cursor)
        return { status: 400, body: [{ message: "invalid query locator", errorCode: "INVALID_QUERY_LOCATOR" }] };
      this.cursors.delete(next[1]);
      return { status: 200, body: this.page(cursor.object, cursor.rows) };
    }
    if (req.method === "GET" && /^\/services\/data\/v\d+\.\d+\/query$/.test(url.pathname)) {
      const soql = url.searchParams.get("q") ?? "";
      this.counted(url.pathname, soql);
      return this.query(soql);
    }
    return { status: 404, body: [{ errorCode: "NOT_FOUND", message: "The requested resource does not exist" }] };
  }

  private query(soql: string): { status: number; body: unknown } {
    const m = /^SELECT (.+) FROM (\w+)(?: WHERE LastModifiedDate > (\S+))? ORDER BY LastModifiedDate ASC, Id ASC$/.exec(
      soql,
    );
    if (!m?.[1] || !m[2])
      return { status: 400, body: [{ message: `unexpected query: ${soql}`, errorCode: "MALFORMED_QUERY" }] };
    const fields = m[1].split(",").map((f) => f.trim());
    const object = m[2];
    const table = object === "Account" ? this.accounts : object === "Contact" ? this.contacts : undefined;
    if (!table)
      return {
        status: 400,
        body: [{ message: `sObject type '${object}' is not supported.`, errorCode: "INVALID_TYPE" }],
      };
    const known = new Set([
      ...table.flatMap((r) => Object.keys(r)),
      "Id",
      "LastModifiedDate",
      "Owner.Email",
      "Name",
      "Email",
      "AccountId",
    ]);
    const unknown = fields.find((f) => !known.has(f));
    if (unknown)
      return {
        status: 400,
        body: [{ message: `No such column '${unknown}' on entity '${object}'.`, errorCode: "INVALID_FIELD" }],
      };
    const since = m[3] ? Date.parse(m[3]) : Number.NEGATIVE_INFINITY;
    const rows = table
      .filter((r) => Date.parse(r.LastModifiedDate.replace("+0000", "Z")) > since)
      .sort((a, b) => a.LastModifiedDate.localeCompare(b.LastModifiedDate) || a.Id.localeCompare(b.Id))
      .map((r) => this.project(object, r, fields));
    this.served.push({ object, ids: rows.map((r) => String(r.Id)) });
    return { status: 200, body: this.page(object, rows) };
  }

  private project(object: string, record: SalesforceRecord, fields: string[]): Record<string, unknown> {
    const row: Record<string, unknown> = {
      attributes: { type: object, url: `/services/data/v60.0/sobjects/${object}/${record.Id}` },
    };
    for (const field of fields) {
      if (field === "Owner.Email") {
        const owner = this.users.find((u) => u.Id === record.OwnerId);
        row.Owner = owner ? { attributes: { type: "User" }, Email: owner.Email } : null;
      } else row[field] = record[field] ?? null;
    }
    return row;
  }

  private page(object: string, rows: Record<string, unknown>[]) {
    const records = rows.slice(0, this.pageSize);
    const rest = rows.slice(this.pageSize);
    const body: Record<string, unknown> = { totalSize: rows.length, done: rest.length === 0, records };
    if (rest.length > 0) {
      const locator = `01g${randomBytes(6).toString("hex")}-${this.pageSize}`;
      this.cursors.set(locator, { object, rows: rest });
      body.nextRecordsUrl = `/services/data/v60.0/query/${locator}`;
    }
    return body;
  }
}

export type HubSpotObject = { id: string; properties: Record<string, string | null> };

export class HubSpotStandin extends StandinServer {
  readonly companies: HubSpotObject[] = [];
  readonly contacts: HubSpotObject[] = [];
  readonly owners: { id: string; email: string; firstName: string; lastName: string }[] = [];
  served: { object: string; ids: string[] }[] = [];
  private ids = 1000;

  constructor() {
    super((req, body, url) => this.route(req, body, url));
  }

  nextId(): string {
    return String(++this.ids);
  }

  private route(req: http.IncomingMessage, body: string, url: URL): { status: number; body: unknown } {
    if (req.method === "POST" && url.pathname === "/oauth/v1/token") {
      const token = this.grant(new URLSearchParams(body));
      if (!token)
        return { status: 400, body: { status: "BAD_REFRESH_TOKEN", message: "missing or invalid refresh token" } };
      return {
        status: 200,
        body: { token_type: "bearer", refresh_token: this.refreshToken, access_token: token, expires_in: 1800 },
      };
    }
    if (!this.authorized(req))
      return {
        status: 401,
        body: {
          status: "error",
          message: "The OAuth token used to make this call expired.",
          category: "EXPIRED_AUTHENTICATION",
        },
      };
    this.counted(url.pathname, body);
    if (req.method === "GET" && url.pathname === "/crm/v3/owners") {
      const start = Number(url.searchParams.get("after") ?? 0);
      const results = this.owners
        .slice(start, start + this.pageSize)
        .map((o) => ({ ...o, userId: Number(o.id), archived: false }));
      const end = start + results.length;
      return {
        status: 200,
        body: { results, ...(end < this.owners.length && { paging: { next: { after: String(end) } } }) },
      };
    }
    const search = /^\/crm\/v3\/objects\/(companies|contacts)\/search$/.exec(url.pathname);
    if (req.method === "POST" && search?.[1]) return this.search(search[1], JSON.parse(body));
    return { status: 404, body: { status: "error", message: "Not found", category: "OBJECT_NOT_FOUND" } };
  }

  private search(
    object: string,
    request: {
      filterGroups: { filters: { propertyName: string; operator: string; value: string }[] }[];
      sorts: { propertyName: string; direction: string }[];
      properties: string[];
      limit: number;
      after?: string;
    },
  ) {
    const modified = object === "companies" ? "hs_lastmodifieddate" : "lastmodifieddate";
    const table = object === "companies" ? this.companies : this.contacts;
    const filter = request.filterGroups[0]?.filters[0];
    if (filter && (filter.propertyName !== modified || filter.operator !== "GT"))
      return { status: 400, body: { status: "error", message: "unexpected filter", category: "VALIDATION_ERROR" } };
    const since = filter ? Number(filter.value) : Number.NEGATIVE_INFINITY;
    const all = table
      .filter((o) => Date.parse(o.properties[modified] ?? "") > since)
      .sort(
        (a, b) =>
          (a.properties[modified] ?? "").localeCompare(b.properties[modified] ?? "") || a.id.localeCompare(b.id),
      );
    const start = Number(request.after ?? 0);
    const size = Math.min(request.limit, this.pageSize);
    const slice = all.slice(start, start + size);
    if (start === 0) this.served.push({ object, ids: [] });
    this.served.at(-1)?.ids.push(...slice.map((o) => o.id));
    const results = slice.map((o) => ({
      id: o.id,
      properties: Object.fromEntries(
        [...request.properties, "hs_object_id"].map((p) => [
          p,
          p === "hs_object_id" ? o.id : (o.properties[p] ?? null),
        ]),
      ),
      createdAt: o.properties[modified],
      updatedAt: o.properties[modified],
      archived: false,
    }));
    const end = start + slice.length;
    return {
      status: 200,
      body: {
        total: all.length,
        results,
        ...(end < all.length && { paging: { next: { after: String(end), link: `?after=${end}` } } }),
      },
    };
  }
}
