// HubSpot as we call it: the OAuth refresh-token flow at {base}/oauth/v1/token, the CRM v3 search
// endpoints (/crm/v3/objects/{companies|contacts}/search, paged by `after`, filtered and sorted by
// the modification date property) and the owners list (/crm/v3/owners), which turns a company's
// hubspot_owner_id into the owner's email.
import { z } from "zod";
import type { CrmMapping } from "../../db/schema";
import {
  CrmError,
  type CrmSource,
  jsonOf,
  mappedFields,
  type OAuthClient,
  OAuthSession,
  parseCrmTime,
  refreshTokenGrant,
  type SourceAccount,
  type SourceContact,
  send,
  type TokenAnswer,
  trimSlashes,
} from "./source";

export const HUBSPOT_API_URL = "https://api.hubapi.com";

export const HUBSPOT_DEFAULT_MAPPING: CrmMapping = {
  name: "name",
  domain: "domain",
  owner: "hubspot_owner_id",
  tier: "tier",
  type: "lifecyclestage",
  renewalDate: "renewal_date",
  tcv: "total_contract_value",
  products: "products",
  customFields: {},
};

/** A HubSpot property name (internal names are lower-case with underscores). */
export const HUBSPOT_PROPERTY = /^[A-Za-z][A-Za-z0-9_]*$/;

/** HubSpot's search endpoint answers at most 100 results a page. */
const PAGE_SIZE = 100;

const Token = z.object({ access_token: z.string() });
const Paging = z.object({ next: z.object({ after: z.string() }).optional() }).optional();
const SearchPage = z.object({
  results: z.array(
    z.object({ id: z.string(), properties: z.record(z.string(), z.unknown()), updatedAt: z.string().optional() }),
  ),
  paging: Paging,
});
const OwnersPage = z.object({
  results: z.array(z.object({ id: z.string(), email: z.string().nullish() })),
  paging: Paging,
});

export async function hubspotToken(client: OAuthClient): Promise<TokenAnswer> {
  const parsed = Token.safeParse(
    await refreshTokenGrant(`${trimSlashes(client.authUrl)}/oauth/v1/token`, client, "HubSpot"),
  );
  if (!parsed.success) throw new CrmError("HubSpot's token endpoint answered in a shape we do not understand.");
  return { accessToken: parsed.data.access_token };
}

export function hubspotSource(
  client: OAuthClient,
  apiUrl: string,
  mapping: CrmMapping,
  initial: TokenAnswer | null,
): CrmSource {
  const session = new OAuthSession(() => hubspotToken(client), initial);
  const base = trimSlashes(apiUrl);
  const call = (path: string, init: RequestInit = {}) =>
    session.call((token) =>
      send(`${base}${path}`, {
        ...init,
        headers: {
          authorization: `Bearer ${token.accessToken}`,
          accept: "application/json",
          "content-type": "application/json",
        },
      }),
    );

  async function* search(object: "companies" | "contacts", modified: string, properties: string[], since: Date | null) {
    let after: string | undefined;
    do {
      const body = {
        filterGroups: since
          ? [{ filters: [{ propertyName: modified, operator: "GT", value: String(since.getTime()) }] }]
          : [],
        sorts: [{ propertyName: modified, direction: "ASCENDING" }],
        properties: [...new Set([modified, ...properties])],
        limit: PAGE_SIZE,
        ...(after && { after }),
      };
      const response = await call(`/crm/v3/objects/${object}/search`, { method: "POST", body: JSON.stringify(body) });
      const page = SearchPage.safeParse(await jsonOf(response, "HubSpot"));
      if (!page.success) throw new CrmError("HubSpot answered a search in a shape we do not understand.");
      yield page.data.results.map((r) => ({
        id: r.id,
        properties: r.properties,
        modifiedAt: parseCrmTime(r.properties[modified] ?? r.updatedAt) ?? new Date(0),
      }));
      after = page.data.paging?.next?.after;
    } while (after);
  }

  let owners: Map<string, string> | undefined;
  async function ownerEmails(): Promise<Map<string, string>> {
    if (owners) return owners;
    const found = new Map<string, string>();
    let after: string | undefined;
    do {
      const response = await call(`/crm/v3/owners?limit=100${after ? `&after=${encodeURIComponent(after)}` : ""}`);
      const page = OwnersPage.safeParse(await jsonOf(response, "HubSpot"));
      if (!page.success) throw new CrmError("HubSpot answered the owners in a shape we do not understand.");
      for (const owner of page.data.results) if (owner.email) found.set(owner.id, owner.email);
      after = page.data.paging?.next?.after;
    } while (after);
    owners = found;
    return found;
  }

  return {
    async *accounts(since) {
      const properties = accountProperties(mapping);
      for await (const results of search("companies", "hs_lastmodifieddate", properties, since)) {
        const emails = mapping.owner ? await ownerEmails() : undefined;
        yield results.map((r): SourceAccount => {
          const ownerId = mapping.owner ? r.properties[mapping.owner] : undefined;
          return {
            externalId: r.id,
            modifiedAt: r.modifiedAt,
            fields: r.properties,
            ...(emails && { ownerEmail: ownerId ? (emails.get(String(ownerId)) ?? null) : null }),
          };
        });
      }
    },
    async *contacts(since) {
      const properties = ["email", "firstname", "lastname", "associatedcompanyid"];
      for await (const results of search("contacts", "lastmodifieddate", properties, since)) {
        yield results.map((r): SourceContact => {
          const p = r.properties;
          const name = [p.firstname, p.lastname].filter((x) => typeof x === "string" && x).join(" ");
          const email = typeof p.email === "string" && p.email ? p.email : null;
          return {
            externalId: r.id,
            modifiedAt: r.modifiedAt,
            name: name || email || `HubSpot contact ${r.id}`,
            email,
            accountExternalId: p.associatedcompanyid ? String(p.associatedcompanyid) : null,
          };
        });
      }
    },
    token: () => session.current(),
  };
}

function accountProperties(mapping: CrmMapping): string[] {
  return mappedFields(mapping, HUBSPOT_PROPERTY, "HubSpot property name");
}
