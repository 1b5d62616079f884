// Salesforce as we call it: the OAuth 2.0 refresh-token flow at {login URL}/services/oauth2/token
// (answers access_token and the org's instance_url), and the REST API's SOQL query endpoint
// /services/data/vXX.X/query, following nextRecordsUrl page by page. Incremental by
// LastModifiedDate; the account owner's email comes with the account through Owner.Email.
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
  pathValue,
  refreshTokenGrant,
  type SourceAccount,
  type SourceContact,
  send,
  type TokenAnswer,
  trimSlashes,
} from "./source";

export const SALESFORCE_LOGIN_URL = "https://login.salesforce.com";
export const SALESFORCE_API_VERSION = "v60.0";

export const SALESFORCE_DEFAULT_MAPPING: CrmMapping = {
  name: "Name",
  domain: "Website",
  owner: "Owner.Email",
  tier: "Tier__c",
  type: "Type",
  renewalDate: "Renewal_Date__c",
  tcv: "TCV__c",
  products: "Products__c",
  customFields: {},
};

/** A SOQL field name or relationship path; anything else never reaches a query. */
export const SOQL_FIELD = /^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)?$/;

const Token = z.object({ access_token: z.string(), instance_url: z.string().url() });
const QueryPage = z.object({
  done: z.boolean(),
  nextRecordsUrl: z.string().optional(),
  records: z.array(z.record(z.string(), z.unknown())),
});

export async function salesforceToken(client: OAuthClient): Promise<TokenAnswer> {
  const parsed = Token.safeParse(
    await refreshTokenGrant(`${trimSlashes(client.authUrl)}/services/oauth2/token`, client, "Salesforce"),
  );
  if (!parsed.success) throw new CrmError("Salesforce's token endpoint answered in a shape we do not understand.");
  return { accessToken: parsed.data.access_token, instanceUrl: parsed.data.instance_url };
}

/** SOQL's datetime literal (no quotes, whole seconds, UTC). */
export function soqlDateTime(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

export function salesforceSource(client: OAuthClient, mapping: CrmMapping, initial: TokenAnswer | null): CrmSource {
  const session = new OAuthSession(() => salesforceToken(client), initial);

  async function* query(soql: string): AsyncIterable<Record<string, unknown>[]> {
    let path: string | undefined = `/services/data/${SALESFORCE_API_VERSION}/query?q=${encodeURIComponent(soql)}`;
    while (path) {
      const current: string = path;
      const response = await session.call((token) =>
        send(`${trimSlashes(token.instanceUrl ?? "")}${current}`, {
          headers: { authorization: `Bearer ${token.accessToken}`, accept: "application/json" },
        }),
      );
      const page = QueryPage.safeParse(await jsonOf(response, "Salesforce"));
      if (!page.success) throw new CrmError("Salesforce answered a query in a shape we do not understand.");
      yield page.data.records;
      path = page.data.done ? undefined : page.data.nextRecordsUrl;
    }
  }

  const since = (watermark: Date | null) => (watermark ? ` WHERE LastModifiedDate > ${soqlDateTime(watermark)}` : "");

  return {
    async *accounts(watermark) {
      const fields = accountFields(mapping);
      const soql = `SELECT ${fields.join(", ")} FROM Account${since(watermark)} ORDER BY LastModifiedDate ASC, Id ASC`;
      for await (const records of query(soql)) {
        yield records.map((r) => toAccount(r, mapping));
      }
    },
    async *contacts(watermark) {
      const soql = `SELECT Id, Name, Email, AccountId, LastModifiedDate FROM Contact${since(watermark)} ORDER BY LastModifiedDate ASC, Id ASC`;
      for await (const records of query(soql)) {
        yield records.map(toContact);
      }
    },
    token: () => session.current(),
  };
}

/** Id and LastModifiedDate, then every mapped field once. */
export function accountFields(mapping: CrmMapping): string[] {
  return [...new Set(["Id", "LastModifiedDate", ...mappedFields(mapping, SOQL_FIELD, "Salesforce field name")])];
}

function toAccount(record: Record<string, unknown>, mapping: CrmMapping): SourceAccount {
  const owner = mapping.owner ? pathValue(record, mapping.owner) : undefined;
  return {
    externalId: String(record.Id),
    modifiedAt: parseCrmTime(record.LastModifiedDate) ?? new Date(0),
    fields: record,
    ...(mapping.owner && { ownerEmail: typeof owner === "string" ? owner : null }),
  };
}

function toContact(record: Record<string, unknown>): SourceContact {
  return {
    externalId: String(record.Id),
    modifiedAt: parseCrmTime(record.LastModifiedDate) ?? new Date(0),
    name: typeof record.Name === "string" ? record.Name : "",
    email: typeof record.Email === "string" ? record.Email : null,
    accountExternalId: typeof record.AccountId === "string" ? record.AccountId : null,
  };
}
