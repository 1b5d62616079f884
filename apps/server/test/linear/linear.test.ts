// Linear through its stand-in: connect with an API key, create a Linear issue from a customer
// issue (link back and the customer's words in its description), link an existing one by key or
// URL, and the signed webhook that brings the issue back on_hold → on_you exactly once.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAccount } from "../../src/commands/customers";
import { ingestInbound } from "../../src/commands/inbound";
import { linearConnections } from "../../src/db/schema";
import { api, buildWorkspace, type TestWorkspace, unique, useTestApp } from "../harness";
import { LinearStandin } from "./standin";

const app = useTestApp();
const linear = new LinearStandin();
let ws: TestWorkspace;
let as: ReturnType<typeof api>;

beforeAll(async () => {
  await linear.start();
  ws = await buildWorkspace(app());
  as = api(app(), ws.admin);
});
afterAll(() => linear.close());

const connect = () =>
  as.put("/integrations/linear", { apiKey: linear.apiKey, webhookSecret: linear.webhookSecret, apiUrl: linear.url });

/** A customer's emailed issue, assigned to Dana. */
async function customerIssue(words: string) {
  const account = await ws.run((ctx) => createAccount(ctx, { name: unique("Acme"), domains: [] }));
  const { issue } = await ws.run((ctx) =>
    ingestInbound(ctx, {
      workspaceId: ws.workspaceId,
      channel: "email",
      threadKey: unique("thread"),
      externalId: unique("msg"),
      author: { email: `${unique("casey")}@acme.example`, name: "Casey" },
      text: words,
      attachments: [],
      sentAt: new Date(),
      accountId: account.id,
      source: {},
    }),
  );
  await as.patch(`/issues/${issue.number}`, { assigneeUserId: ws.adminId });
  return issue.number;
}

const deliver = (payload: { body: string; headers: Record<string, string> }) =>
  app().http.inject({ method: "POST", url: "/hooks/linear", headers: payload.headers, payload: payload.body });

describe("Linear", () => {
  it("connects with an API key (sealed at rest) and lists the teams", async () => {
    expect((await as.get("/integrations/linear")).json()).toEqual({ connected: false });
    const wrong = await as.put("/integrations/linear", { apiKey: "lin_api_wrong_key", apiUrl: linear.url });
    expect(wrong.statusCode).toBe(409);
    const res = await connect();
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ connected: true, organizationName: "Acme Product", webhookConfigured: true });
    const [stored] = await app().services.database.db.select().from(linearConnections);
    expect(stored?.apiKeySealed).not.toContain(linear.apiKey);
    const teams = (await as.get("/integrations/linear/teams")).json().items;
    expect(teams.map((t: { key: string }) => t.key)).toEqual(["ENG", "DES"]);
  });

  it("creates a Linear issue with a link back and the customer's words, and puts the issue on hold", async () => {
    await connect();
    const number = await customerIssue("Please add a Parquet export, we need it for our warehouse.");
    const team = linear.teams[0];
    const res = await as.post(`/issues/${number}/linear-links`, { teamId: team?.id });
    expect(res.statusCode, res.body).toBe(201);
    const link = res.json();
    const created = linear.issues.get(link.linearIssueId);
    expect(created?.title).toBe("Please add a Parquet export, we need it for our warehouse.");
    expect(created?.description).toContain("> Please add a Parquet export");
    expect(created?.description).toContain(`/issues/${number})`);
    expect(link).toMatchObject({ identifier: created?.identifier, stateType: "triage" });
    expect((await as.get(`/issues/${number}`)).json().state).toBe("on_hold");
  });

  it("links an existing Linear issue by key or URL; several customer issues share one", async () => {
    await connect();
    const existing = linear.addIssue("SAML single logout");
    const first = await customerIssue("Does SSO log us out everywhere?");
    const second = await customerIssue("We need single logout for SAML");
    expect(
      (await as.post(`/issues/${first}/linear-links`, { issue: existing.identifier.toLowerCase() })).statusCode,
    ).toBe(201);
    expect((await as.post(`/issues/${second}/linear-links`, { issue: existing.url })).statusCode).toBe(201);
    for (const n of [first, second]) {
      const links = (await as.get(`/issues/${n}/linear-links`)).json().items;
      expect(links).toEqual([expect.objectContaining({ identifier: existing.identifier, stateName: "Todo" })]);
    }
    expect((await as.post(`/issues/${first}/linear-links`, { issue: "ENG-99999" })).statusCode).toBe(404);
    expect((await as.post(`/issues/${first}/linear-links`, { issue: "no key here" })).statusCode).toBe(400);
  });

  it("moves the issue on_hold → on_you once when Linear completes it, under retries", async () => {
    await connect();
    const existing = linear.addIssue("Parquet export");
    const number = await customerIssue("Parquet export please");
    await as.post(`/issues/${number}/linear-links`, { issue: existing.identifier });
    expect((await as.get(`/issues/${number}`)).json().state).toBe("on_hold");

    existing.state = { name: "Done", type: "completed" };
    const delivery = linear.webhook(existing);
    // Linear retries a delivery it saw no answer to; retries may overlap the first attempt.
    const overlapping = await Promise.all([deliver(delivery), deliver(delivery), deliver(delivery)]);
    expect(overlapping.map((r) => r.statusCode)).toEqual([200, 200, 200]);
    expect((await deliver(delivery)).statusCode).toBe(200);
    // A second delivery of the same news (Linear sends one per change) changes nothing either.
    expect((await deliver(linear.webhook(existing))).statusCode).toBe(200);

    const issue = (await as.get(`/issues/${number}`)).json();
    expect(issue.state).toBe("on_you");
    const notes = (await as.get(`/issues/${number}/messages`))
      .json()
      .items.filter((m: { bodyText: string }) => m.bodyText.includes("shipped"));
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({
      visibility: "internal",
      bodyText: expect.stringContaining(`${existing.identifier} shipped — tell the customer.`),
    });
    const states = (await as.get(`/issues/${number}/events`))
      .json()
      .items.filter((e: { type: string }) => e.type === "state");
    expect(states.map((e: { data: { to: string } }) => e.data.to)).toEqual(["on_hold", "on_you"]);
    const [link] = (await as.get(`/issues/${number}/linear-links`)).json().items;
    expect(link).toMatchObject({ stateName: "Done", stateType: "completed" });
    const notified = (await as.get("/notifications")).json().items;
    expect(
      notified.some(
        (n: { issueNumber?: number; data?: { issueNumber?: number } }) =>
          (n.data?.issueNumber ?? n.issueNumber) === number,
      ),
    ).toBe(true);
  });

  it("refuses a forged or stale webhook and changes nothing", async () => {
    await connect();
    const existing = linear.addIssue("Dark mode");
    const number = await customerIssue("Dark mode?");
    await as.post(`/issues/${number}/linear-links`, { issue: existing.identifier });
    existing.state = { name: "Done", type: "completed" };
    const forged = await deliver(linear.webhook(existing, { secret: "not-the-secret" }));
    expect(forged.statusCode).toBe(401);
    expect(forged.json().error.code).toBe("invalid_signature");
    const stale = await deliver(linear.webhook(existing, { timestamp: Date.now() - 10 * 60_000 }));
    expect(stale.statusCode).toBe(401);
    const unsigned = linear.webhook(existing);
    const { "linear-signature": _, ...headers } = unsigned.headers;
    expect((await deliver({ body: unsigned.body, headers })).statusCode).toBe(401);
    expect((await as.get(`/issues/${number}`)).json().state).toBe("on_hold");
  });

  it("keeps other workspaces out of the links", async () => {
    await connect();
    const number = await customerIssue("Audit log export");
    const other = api(app(), (await buildWorkspace(app())).admin);
    expect((await other.get(`/issues/${number}/linear-links`)).statusCode).toBe(404);
    expect((await other.get("/integrations/linear")).json()).toEqual({ connected: false });
  });
});
