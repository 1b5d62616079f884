// Salesforce sync through its stand-in: the OAuth refresh-token connection, SOQL paging with
// nextRecordsUrl, an access token expiring mid-sync, a bad record reported while the others apply,
// incremental runs by LastModifiedDate, CRM-owned fields read-only in the app, and an owner and
// tier change in Salesforce moving the account's issue into the right scoped view.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { crmConnections } from "../../src/db/schema";
import { expectError } from "../foundation/support";
import { api, buildWorkspace, type TestWorkspace, unique, useTestApp } from "../harness";
import { type SalesforceRecord, SalesforceStandin, sfTime } from "./standin";
import { accountNamed, issueOn, minutesAfter, syncNow, viewNumbers } from "./support";

const app = useTestApp();
const sf = new SalesforceStandin();
const wsName = unique("sfws");
const adminEmail = `admin@${wsName}.test`;
// Whole seconds, as Salesforce keeps them (SOQL datetime literals have no fractions).
const past = new Date(Math.floor((Date.now() - 10 * 86_400_000) / 1000) * 1000);
let ws: TestWorkspace;
let as: ReturnType<typeof api>;

function account(name: string, minute: number, fields: Record<string, unknown>): SalesforceRecord {
  const record = {
    Id: sf.nextId("001"),
    Name: name,
    LastModifiedDate: sfTime(minutesAfter(past, minute)),
    Website: null,
    Type: "Customer - Direct",
    Tier__c: "SMB",
    Renewal_Date__c: null,
    TCV__c: null,
    Products__c: null,
    OwnerId: null,
    ...fields,
  };
  sf.accounts.push(record);
  return record;
}

let edits = 0;
const touch = (record: SalesforceRecord, changes: Record<string, unknown>) =>
  Object.assign(record, changes, { LastModifiedDate: sfTime(minutesAfter(past, 60 + ++edits)) });

let acme: SalesforceRecord;
let globex: SalesforceRecord;
let initech: SalesforceRecord;
let umbrella: SalesforceRecord;
const owner = { Id: "005000000000001", Email: adminEmail };
const rep = { Id: "005000000000002", Email: "rep@sales-only.example" };

beforeAll(async () => {
  await sf.start();
  ws = await buildWorkspace(app(), wsName);
  as = api(app(), ws.admin);
  sf.users.push(owner, rep);
  acme = account("Acme Robotics", 1, {
    Website: "https://www.acme-robotics.example/",
    OwnerId: owner.Id,
    Tier__c: "Enterprise",
    Renewal_Date__c: "2027-03-01",
    TCV__c: 120000,
    Products__c: "Inbox;Portal",
  });
  globex = account("Globex", 2, { OwnerId: rep.Id, Type: "Prospect" });
  initech = account("Initech", 3, { Renewal_Date__c: "next spring" });
  umbrella = account("Umbrella", 4, { Type: "Customer - Channel", Tier__c: "Mid-market" });
  account("Hooli", 5, { Type: "Former Customer" });
  sf.contacts.push(
    {
      Id: sf.nextId("003"),
      Name: "Ana Ruiz",
      Email: "ana@acme-robotics.example",
      AccountId: acme.Id,
      LastModifiedDate: sfTime(minutesAfter(past, 1)),
    },
    {
      Id: sf.nextId("003"),
      Name: "Ben Ode",
      Email: "ben@acme-robotics.example",
      AccountId: acme.Id,
      LastModifiedDate: sfTime(minutesAfter(past, 2)),
    },
    {
      Id: sf.nextId("003"),
      Name: "Gil Globex",
      Email: "gil@globex.example",
      AccountId: globex.Id,
      LastModifiedDate: sfTime(minutesAfter(past, 3)),
    },
  );
});
afterAll(() => sf.close());

const connect = (secret = sf.clientSecret) =>
  as.put("/integrations/salesforce", {
    clientId: sf.clientId,
    clientSecret: secret,
    refreshToken: sf.refreshToken,
    authUrl: sf.url,
  });

describe("Salesforce sync", () => {
  it("connects with the OAuth refresh-token flow; wrong credentials are refused and nothing is stored", async () => {
    expect((await as.get("/integrations/salesforce")).json()).toEqual({ connected: false, provider: "salesforce" });
    const wrong = await connect("not-the-secret");
    expectError(wrong, 409, "conflict");
    expect(wrong.json().error.message).toContain("Salesforce refused");
    const res = await connect();
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      connected: true,
      apiUrl: sf.url,
      mapping: { owner: "Owner.Email", tier: "Tier__c", renewalDate: "Renewal_Date__c", tcv: "TCV__c" },
      lastRun: null,
    });
    const [stored] = await app().services.database.db.select().from(crmConnections);
    expect(JSON.stringify(stored)).not.toContain(sf.clientSecret);
    expect(JSON.stringify(stored)).not.toContain(sf.refreshToken);
  });

  it("syncs page by page, refreshes a token that expires mid-sync, and isolates a bad record", async () => {
    const grants = sf.tokenGrants;
    sf.expireAfterCalls = 1;
    const run = await syncNow(as, "salesforce");
    expect(run).toMatchObject({ status: "succeeded", created: 4 + 3, updated: 0, failed: 1, error: null });
    expect(run.errors).toEqual([
      expect.objectContaining({
        object: "account",
        externalId: initech.Id,
        name: "Initech",
        message: expect.stringContaining("Renewal_Date__c"),
      }),
    ]);
    expect(sf.tokenGrants).toBe(grants + 1);
    // Five accounts at two a page: the query and two nextRecordsUrl pages.
    expect(sf.calls.filter((c) => c.path.includes("/query/")).length).toBeGreaterThanOrEqual(2);

    const got = await accountNamed(as, "Acme Robotics");
    expect(got).toMatchObject({
      domains: ["acme-robotics.example"],
      type: "customer",
      tier: "Enterprise",
      ownerUserId: ws.adminId,
      renewalDate: "2027-03-01",
      tcv: 120000,
      products: ["Inbox", "Portal"],
      crmId: acme.Id,
      crm: { source: "salesforce", fields: expect.arrayContaining(["tier", "ownerUserId", "renewalDate"]) },
    });
    // An owner who is not a person of the workspace owns nothing here.
    expect(await accountNamed(as, "Globex")).toMatchObject({ type: "prospect", ownerUserId: null });
    expect(await accountNamed(as, "Hooli")).toMatchObject({ type: "churned" });
    expect(await accountNamed(as, "Initech")).toBeUndefined();
    const contacts = (await as.get("/contacts?limit=200")).json().items as { email: string; accountId: string }[];
    expect(
      contacts
        .filter((c) => c.accountId === got.id)
        .map((c) => c.email)
        .sort(),
    ).toEqual(["ana@acme-robotics.example", "ben@acme-robotics.example"]);
  });

  it("asks only for records modified since the last run and changes only those", async () => {
    touch(umbrella, { Tier__c: "Enterprise" });
    touch(initech, { Renewal_Date__c: "2027-06-30" });
    sf.served = [];
    const run = await syncNow(as, "salesforce");
    expect(run).toMatchObject({ status: "succeeded", created: 1, updated: 1, failed: 0 });
    const soql = sf.calls.filter((c) => c.body.includes("FROM Account")).at(-1)?.body ?? "";
    expect(soql).toMatch(/WHERE LastModifiedDate > \d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z/);
    expect(sf.served.find((s) => s.object === "Account")?.ids).toEqual([umbrella.Id, initech.Id]);
    expect(run.unchanged).toBe(0);
    expect(sf.served.find((s) => s.object === "Contact")?.ids).toEqual([]);
    expect(await accountNamed(as, "Umbrella")).toMatchObject({ tier: "Enterprise" });
    expect(await accountNamed(as, "Initech")).toMatchObject({ renewalDate: "2027-06-30" });
  });

  it("keeps CRM-owned fields read-only in the app, naming Salesforce", async () => {
    const got = await accountNamed(as, "Acme Robotics");
    const refused = expectError(await as.patch(`/accounts/${got.id}`, { tier: "Gold" }), 400, "validation_failed");
    expect(refused.details).toEqual({ fields: { tier: "Synced from Salesforce; change it there." } });
    // The same value is no change, and fields the CRM does not own stay editable.
    const ok = await as.patch(`/accounts/${got.id}`, {
      tier: "Enterprise",
      domains: ["acme-robotics.example", "acme.example"],
    });
    expect(ok.statusCode, ok.body).toBe(200);
  });

  it("moves an issue into the owner's and the tier's views when Salesforce changes them", async () => {
    const globexId = (await accountNamed(as, "Globex")).id;
    const number = await issueOn(ws, globexId, "Our SSO login loops back to the start page.");
    const mine = (
      await as.post("/views", {
        name: "My accounts",
        ownerType: "user",
        filter: { all: [{ field: "account.owner", op: "eq", value: "me" }] },
      })
    ).json();
    const enterprise = (
      await as.post("/views", {
        name: "Enterprise",
        ownerType: "user",
        filter: { all: [{ field: "account.tier", op: "eq", value: "Enterprise" }] },
      })
    ).json();
    expect(await viewNumbers(as, mine.id)).not.toContain(number);
    expect(await viewNumbers(as, enterprise.id)).not.toContain(number);

    touch(globex, { OwnerId: owner.Id, Tier__c: "Enterprise" });
    expect(await syncNow(as, "salesforce")).toMatchObject({ status: "succeeded", updated: 1 });
    expect(await viewNumbers(as, mine.id)).toContain(number);
    expect(await viewNumbers(as, enterprise.id)).toContain(number);
  });
});
