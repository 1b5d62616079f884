// HubSpot sync through its stand-in: OAuth refresh token, CRM v3 search paged by `after` with the
// hs_lastmodifieddate filter, owners resolved to people by email, a token expiring mid-sync, a
// bad record isolated, and an incremental run that changes only what HubSpot modified.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, buildWorkspace, type TestWorkspace, unique, useTestApp } from "../harness";
import { type HubSpotObject, HubSpotStandin } from "./standin";
import { accountNamed, minutesAfter, syncNow } from "./support";

const app = useTestApp();
const hs = new HubSpotStandin();
const wsName = unique("hsws");
const past = new Date(Date.now() - 5 * 86_400_000);
let ws: TestWorkspace;
let as: ReturnType<typeof api>;

function company(name: string, minute: number, properties: Record<string, string | null>): HubSpotObject {
  const record = {
    id: hs.nextId(),
    properties: { name, hs_lastmodifieddate: minutesAfter(past, minute).toISOString(), ...properties },
  };
  hs.companies.push(record);
  return record;
}

let northwind: HubSpotObject;
let contoso: HubSpotObject;
let fabrikam: HubSpotObject;

beforeAll(async () => {
  await hs.start();
  ws = await buildWorkspace(app(), wsName);
  as = api(app(), ws.admin);
  hs.owners.push(
    { id: "71", email: "someone@elsewhere.example", firstName: "Sam", lastName: "Else" },
    { id: "72", email: "nobody@elsewhere.example", firstName: "No", lastName: "Body" },
    { id: "73", email: `admin@${wsName}.test`, firstName: "Ad", lastName: "Min" },
  );
  northwind = company("Northwind", 1, {
    domain: "northwind.example",
    hubspot_owner_id: "73",
    tier: "Enterprise",
    lifecyclestage: "customer",
    renewal_date: "2027-01-15",
    total_contract_value: "48000.50",
    products: "Inbox;Slack",
  });
  contoso = company("Contoso", 2, { domain: "contoso.example", lifecyclestage: "lead", tier: "SMB" });
  fabrikam = company("Fabrikam", 3, { total_contract_value: "lots" });
  company("Tailspin", 4, { lifecyclestage: "customer" });
  hs.contacts.push({
    id: hs.nextId(),
    properties: {
      email: "nina@northwind.example",
      firstname: "Nina",
      lastname: "North",
      associatedcompanyid: northwind.id,
      lastmodifieddate: minutesAfter(past, 1).toISOString(),
    },
  });
});
afterAll(() => hs.close());

describe("HubSpot sync", () => {
  it("connects, syncs every page through a token expiry, resolves owners and isolates a bad record", async () => {
    const wrong = await as.put("/integrations/hubspot", {
      clientId: hs.clientId,
      clientSecret: hs.clientSecret,
      refreshToken: "refresh-wrong",
      authUrl: hs.url,
    });
    expect(wrong.statusCode).toBe(409);
    const res = await as.put("/integrations/hubspot", {
      clientId: hs.clientId,
      clientSecret: hs.clientSecret,
      refreshToken: hs.refreshToken,
      authUrl: hs.url,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      connected: true,
      mapping: { owner: "hubspot_owner_id", tcv: "total_contract_value" },
    });

    const grants = hs.tokenGrants;
    hs.expireAfterCalls = 1;
    const run = await syncNow(as, "hubspot");
    expect(run).toMatchObject({ status: "succeeded", created: 3 + 1, failed: 1 });
    expect(run.errors).toEqual([
      expect.objectContaining({
        externalId: fabrikam.id,
        name: "Fabrikam",
        message: expect.stringContaining("total_contract_value"),
      }),
    ]);
    expect(hs.tokenGrants).toBe(grants + 1);
    // Four companies at two a page, and the owners at two a page.
    expect(hs.calls.filter((c) => c.path === "/crm/v3/objects/companies/search").length).toBeGreaterThanOrEqual(2);
    expect(hs.calls.filter((c) => c.path === "/crm/v3/owners").length).toBeGreaterThanOrEqual(2);

    const got = await accountNamed(as, "Northwind");
    expect(got).toMatchObject({
      domains: ["northwind.example"],
      ownerUserId: ws.adminId,
      tier: "Enterprise",
      type: "customer",
      renewalDate: "2027-01-15",
      tcv: 48000.5,
      products: ["Inbox", "Slack"],
      crm: { source: "hubspot" },
    });
    expect(await accountNamed(as, "Contoso")).toMatchObject({ type: "prospect", ownerUserId: null });
    const contacts = (await as.get("/contacts?limit=200")).json().items as { email: string; accountId: string }[];
    expect(contacts.find((c) => c.email === "nina@northwind.example")?.accountId).toBe(got.id);
  });

  it("a second run searches after the watermark and changes only the modified companies", async () => {
    Object.assign(contoso.properties, {
      tier: "Enterprise",
      hs_lastmodifieddate: minutesAfter(past, 60).toISOString(),
    });
    Object.assign(fabrikam.properties, {
      total_contract_value: "9000",
      hs_lastmodifieddate: minutesAfter(past, 61).toISOString(),
    });
    hs.served = [];
    const run = await syncNow(as, "hubspot");
    expect(run).toMatchObject({ status: "succeeded", created: 1, updated: 1, unchanged: 0, failed: 0 });
    const search = JSON.parse(
      hs.calls.filter((c) => c.path === "/crm/v3/objects/companies/search").at(-1)?.body ?? "{}",
    );
    expect(search.filterGroups[0].filters[0]).toMatchObject({ propertyName: "hs_lastmodifieddate", operator: "GT" });
    expect(hs.served.find((s) => s.object === "companies")?.ids).toEqual([contoso.id, fabrikam.id]);
    expect(await accountNamed(as, "Contoso")).toMatchObject({ tier: "Enterprise" });
    expect(await accountNamed(as, "Fabrikam")).toMatchObject({ tcv: 9000 });
  });
});
