// What a CRM source gives the sync: pages of accounts and contacts modified after a watermark, each
// record already read out of the vendor's shape, and an OAuth session that refreshes its access
// token when the CRM refuses it (an expiry mid-sync) and goes on.

import type { CrmMapping } from "../../db/schema";
/** A CRM account record: its id, modification time and its fields by CRM name (dotted paths kept nested). */
export interface SourceAccount {
  externalId: string;
  modifiedAt: Date;
  fields: Record<string, unknown>;
  /** The owner's email as the CRM resolved it; undefined when the mapping syncs no owner. */
  ownerEmail?: string | null;
}

export interface SourceContact {
  externalId: string;
  modifiedAt: Date;
  name: string;
  email: string | null;
  accountExternalId: string | null;
}

export interface CrmSource {
  accounts(since: Date | null): AsyncIterable<SourceAccount[]>;
  contacts(since: Date | null): AsyncIterable<SourceContact[]>;
  /** The token in use at the end (stored sealed, so the next run may skip a refresh). */
  token(): TokenAnswer | null;
}

/** The CRM refused or failed the whole run (credentials, reachability, a shape we do not know). */
export class CrmError extends Error {
  override name = "CrmError";
}

export interface OAuthClient {
  authUrl: string;
  clientId: string;
  clientSecret: string;
  refreshToken: string;
}

export interface TokenAnswer {
  accessToken: string;
  /** Salesforce's instance URL, where its REST API lives for this org. */
  instanceUrl?: string;
}

/**
 * Holds the access token; `call` runs a request with it and, when the CRM answers 401, refreshes
 * the token once and repeats the request. A second 401 ends the run.
 */
export class OAuthSession {
  private token: TokenAnswer | null;

  constructor(
    private readonly refresh: () => Promise<TokenAnswer>,
    initial: TokenAnswer | null,
  ) {
    this.token = initial;
  }

  current(): TokenAnswer | null {
    return this.token;
  }

  async call(request: (token: TokenAnswer) => Promise<Response>): Promise<Response> {
    if (!this.token) this.token = await this.refresh();
    const first = await request(this.token);
    if (first.status !== 401) return first;
    await first.body?.cancel();
    this.token = await this.refresh();
    const second = await request(this.token);
    if (second.status === 401) throw new CrmError("The CRM refused a freshly refreshed access token.");
    return second;
  }
}

export async function send(url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, { ...init, signal: AbortSignal.timeout(30_000) });
  } catch (error) {
    throw new CrmError(`${new URL(url).host} could not be reached: ${error instanceof Error ? error.message : error}`);
  }
}

export async function jsonOf(response: Response, what: string): Promise<unknown> {
  const body = await response.json().catch(() => null);
  if (!response.ok) throw new CrmError(`${what} answered HTTP ${response.status}: ${vendorMessage(body)}`);
  return body;
}

/**
 * Every CRM field the mapping reads, each checked against the vendor's field-name syntax so that
 * nothing else ever reaches a query.
 */
export function mappedFields(mapping: CrmMapping, valid: RegExp, fieldName: string): string[] {
  const mapped = [
    mapping.name,
    mapping.domain,
    mapping.owner,
    mapping.tier,
    mapping.type,
    mapping.renewalDate,
    mapping.tcv,
    mapping.products,
    ...Object.values(mapping.customFields),
  ].filter((f): f is string => Boolean(f));
  for (const field of mapped) if (!valid.test(field)) throw new CrmError(`"${field}" is not a ${fieldName}.`);
  return mapped;
}

export const trimSlashes = (url: string) => url.replace(/\/+$/, "");

/**
 * The OAuth 2.0 refresh-token grant both CRMs use (RFC 6749 §6): a form POST to the vendor's token
 * endpoint. A 400 or 401 means the refresh token itself was refused, and the vendor's reason says why.
 */
export async function refreshTokenGrant(tokenUrl: string, client: OAuthClient, vendor: string): Promise<unknown> {
  const response = await send(tokenUrl, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
    body: new URLSearchParams({
      grant_type: "refresh_token",
      client_id: client.clientId,
      client_secret: client.clientSecret,
      refresh_token: client.refreshToken,
    }),
  });
  if (response.status === 400 || response.status === 401) {
    const body = await response.json().catch(() => null);
    throw new CrmError(`${vendor} refused the refresh token: ${vendorMessage(body)}.`);
  }
  return jsonOf(response, `${vendor}'s token endpoint`);
}

/** The message a vendor put in its error body (Salesforce: [{message}], HubSpot: {message}, OAuth: {error_description}). */
function vendorMessage(body: unknown): string {
  const first = Array.isArray(body) ? body[0] : body;
  if (first && typeof first === "object") {
    const b = first as Record<string, unknown>;
    for (const key of ["error_description", "message", "error"])
      if (typeof b[key] === "string") return b[key] as string;
  }
  return "no details";
}

/** Reads `Owner.Email` out of a nested record ({Owner: {Email}}); undefined when a step is missing. */
export function pathValue(record: Record<string, unknown>, path: string): unknown {
  let value: unknown = record;
  for (const step of path.split(".")) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<string, unknown>)[step];
  }
  return value;
}

/** Vendors write offsets as +0000 (Salesforce) or Z; both become a Date. */
export function parseCrmTime(value: unknown): Date | null {
  if (typeof value !== "string" && typeof value !== "number") return null;
  const text = typeof value === "string" ? value.replace(/([+-]\d{2})(\d{2})$/, "$1:$2") : value;
  const date = new Date(/^\d+$/.test(String(text)) ? Number(text) : text);
  return Number.isNaN(date.getTime()) ? null : date;
}
