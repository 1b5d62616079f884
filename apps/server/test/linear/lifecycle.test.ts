// Linear, complete, through its stand-in: labels on create, the settings (default team, comment
// sync, connection test), unlinking (on_hold ends when nothing is pending), a reopened Linear
// issue putting the customer issue back on hold, comments synced as internal notes exactly once
// under retries, a forged comment refused, and the feature-request ranking.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, buildWorkspace, type TestWorkspace, unique, useTestApp } from "../harness";
import { LinearStandin, type StandinLinearIssue } from "./standin";

const app = useTestApp();
const linear = new LinearStandin();
let ws: TestWorkspace;
let as: ReturnType<typeof api>;

beforeAll(async () => {
  await linear.start();
  ws = await buildWorkspace(app());
  as = api(app(), ws.admin);
  const res = await connect(as);
  expect(res.statusCode, res.body).toBe(200);
});
afterAll(() => linear.close());

function connect(session: ReturnType<typeof api>) {
  return session.put("/integrations/linear", {
    apiKey: linear.apiKey,
    webhookSecret: linear.webhookSecret,
    apiUrl: linear.url,
  });
}

/** A customer's issue (through the API, on an account when given). */
async function customerIssue(session: ReturnType<typeof api>, title: string, accountId?: string) {
  const res = await session.post("/issues", {
    title,
    body: title,
    ...(accountId && { accountId }),
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().number as number;
}

const deliver = (payload: { body: string; headers: Record<string, string> }) =>
  app().http.inject({ method: "POST", url: "/hooks/linear", headers: payload.headers, payload: payload.body });

const stateOf = async (n: number) => (await as.get(`/issues/${n}`)).json().state as string;
const notesOf = async (n: number) =>
  (
    (await as.get(`/issues/${n}/messages`)).json().items as {
      bodyText: string;
      visibility: string;
      author: { name?: string } | null;
    }[]
  ).filter((m) => m.visibility === "internal");
const link = async (n: number, issue: StandinLinearIssue) => {
  const res = await as.post(`/issues/${n}/linear-links`, { issue: issue.identifier });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string };
};
async function moveInLinear(issue: StandinLinearIssue, state: { name: string; type: string }) {
  issue.state = state;
  const delivery = linear.webhook(issue);
  for (let i = 0; i < 2; i++) expect((await deliver(delivery)).statusCode).toBe(200);
}
const DONE = { name: "Done", type: "completed" };

describe("Linear settings", () => {
  it("shows the webhook URL, tests the key, and keeps a default team and comment sync", async () => {
    const shown = (await as.get("/integrations/linear")).json();
    expect(shown).toMatchObject({ connected: true, commentSync: false, defaultTeamId: null });
    expect(shown.webhookUrl).toMatch(/\/hooks\/linear$/);
    const test = await as.post("/integrations/linear/test", {});
    expect(test.statusCode, test.body).toBe(200);
    expect(test.json()).toEqual({ ok: true, organizationName: "Acme Product", viewerName: "API key owner" });
    const team = linear.teams[1];
    const saved = await as.patch("/integrations/linear", { defaultTeamId: team?.id, commentSync: true });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toMatchObject({ defaultTeamId: team?.id, commentSync: true });
    expect((await as.patch("/integrations/linear", { commentSync: "yes" })).statusCode).toBe(400);
    await as.patch("/integrations/linear", { commentSync: false });
  });
});

describe("Linear labels", () => {
  it("lists a team's labels with the workspace's, and creates the issue with the chosen ones", async () => {
    const team = linear.teams[0];
    const res = await as.get(`/integrations/linear/labels?teamId=${team?.id}`);
    expect(res.statusCode, res.body).toBe(200);
    const labels = res.json().items as { id: string; name: string }[];
    expect(labels.map((l) => l.name)).toEqual(["Bug", "Customer", "Feature request"]);
    const call = linear.calls.findLast((c) => c.operation === "IssueLabels");
    expect(call?.variables).toEqual({ teamId: team?.id });

    const n = await customerIssue(as, "Please add SCIM provisioning");
    const chosen = labels.filter((l) => l.name !== "Bug").map((l) => l.id);
    const created = await as.post(`/issues/${n}/linear-links`, { teamId: team?.id, labelIds: chosen });
    expect(created.statusCode, created.body).toBe(201);
    const inLinear = linear.issues.get(created.json().linearIssueId);
    expect(inLinear?.labelIds).toEqual(chosen);
  });
});

describe("unlinking a Linear issue", () => {
  it("keeps the issue on hold while another link is pending, and ends the wait with the last", async () => {
    const n = await customerIssue(as, "Exports time out and the API is slow");
    const exports = linear.addIssue("Export timeouts");
    const api = linear.addIssue("API latency");
    const first = await link(n, exports);
    const second = await link(n, api);
    expect(await stateOf(n)).toBe("on_hold");

    expect((await as.delete(`/issues/${n}/linear-links/${first.id}`)).statusCode).toBe(200);
    expect(await stateOf(n)).toBe("on_hold");
    expect((await as.delete(`/issues/${n}/linear-links/${second.id}`)).statusCode).toBe(200);
    expect(await stateOf(n)).toBe("on_you");
    expect((await notesOf(n)).map((m) => m.bodyText)).toContain(
      `Unlinked ${api.identifier}: no Linear issue is pending any more.`,
    );
    expect((await as.get(`/issues/${n}/linear-links`)).json().items).toEqual([]);
    expect((await as.delete(`/issues/${n}/linear-links/${second.id}`)).statusCode).toBe(404);
  });
});

describe("a reopened Linear issue", () => {
  it("puts the issue it released back on hold, once under retries", async () => {
    const n = await customerIssue(as, "SSO users get logged out hourly");
    const sso = linear.addIssue("Session expiry for SSO");
    await link(n, sso);
    await moveInLinear(sso, DONE);
    expect(await stateOf(n)).toBe("on_you");

    await moveInLinear(sso, { name: "In Progress", type: "started" });
    expect(await stateOf(n)).toBe("on_hold");
    const reopened = (await notesOf(n)).filter((m) => m.bodyText.includes("was reopened in Linear"));
    expect(reopened.map((m) => m.bodyText)).toEqual([
      `${sso.identifier} was reopened in Linear (In Progress): back on hold until it is done.`,
    ]);
    // Done again: released again, with a second "shipped" note.
    await moveInLinear(sso, DONE);
    expect(await stateOf(n)).toBe("on_you");
    expect((await notesOf(n)).filter((m) => m.bodyText.includes("shipped"))).toHaveLength(2);
  });

  it("leaves an issue alone when the Linear issue never released it", async () => {
    const n = await customerIssue(as, "Typo on the billing page");
    const typo = linear.addIssue("Billing typo", "ENG", DONE);
    await link(n, typo);
    expect(await stateOf(n)).not.toBe("on_hold");
    const before = await stateOf(n);
    await moveInLinear(typo, { name: "Todo", type: "unstarted" });
    expect(await stateOf(n)).toBe(before);
  });
});

describe("comment sync", () => {
  it("adds nothing while comment sync is off", async () => {
    const n = await customerIssue(as, "Audit log retention");
    const audit = linear.addIssue("Audit log retention");
    await link(n, audit);
    expect((await deliver(linear.commentWebhook(audit, "Scoped for Q3."))).statusCode).toBe(200);
    expect((await notesOf(n)).some((m) => m.bodyText.includes("Scoped for Q3."))).toBe(false);
  });

  it("puts a Linear comment on every linked issue as an internal note, once under retries", async () => {
    await as.patch("/integrations/linear", { commentSync: true });
    const first = await customerIssue(as, "Need a Snowflake connector");
    const second = await customerIssue(as, "Snowflake support?");
    const snowflake = linear.addIssue("Snowflake connector");
    await link(first, snowflake);
    await link(second, snowflake);

    const commentId = "c0ffee00-0000-4000-8000-000000000001";
    const delivery = linear.commentWebhook(snowflake, "Beta next sprint.", { commentId, author: "Priya Product" });
    for (let i = 0; i < 3; i++) expect((await deliver(delivery)).statusCode).toBe(200);
    // The same comment in another delivery (a replay with a new delivery id) adds nothing either.
    expect((await deliver(linear.commentWebhook(snowflake, "Beta next sprint.", { commentId }))).statusCode).toBe(200);

    for (const n of [first, second]) {
      const notes = (await notesOf(n)).filter((m) => m.bodyText.includes("Beta next sprint."));
      expect(notes).toEqual([
        expect.objectContaining({
          bodyText: `${snowflake.identifier} (Linear): Beta next sprint.`,
          author: expect.objectContaining({ name: "Priya Product" }),
        }),
      ]);
    }
    await as.patch("/integrations/linear", { commentSync: false });
  });

  it("refuses a forged comment delivery and adds nothing", async () => {
    await as.patch("/integrations/linear", { commentSync: true });
    const n = await customerIssue(as, "Row-level security");
    const rls = linear.addIssue("Row-level security");
    await link(n, rls);
    const forged = linear.commentWebhook(rls, "Forged: tell them it shipped.");
    const body = forged.body.replace("Forged: tell them it shipped.", "Forged: it shipped.");
    const res = await deliver({ body, headers: forged.headers });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe("invalid_signature");
    expect((await notesOf(n)).some((m) => m.bodyText.includes("Forged"))).toBe(false);
    await as.patch("/integrations/linear", { commentSync: false });
  });
});

describe("feature requests", () => {
  it("ranks Linear issues by linked issues and accounts, with tiers and contract value", async () => {
    const other = await buildWorkspace(app());
    const them = api(app(), other.admin);
    expect((await connect(them)).statusCode).toBe(200);
    const field = await them.post("/custom-fields", {
      object: "account",
      key: "contract_value",
      label: "Total contract value (USD)",
      type: "number",
    });
    expect(field.statusCode, field.body).toBe(201);
    const account = async (name: string, tier: string, value: number) => {
      const res = await them.post("/accounts", { name: unique(name), tier, customFields: { contract_value: value } });
      expect(res.statusCode, res.body).toBe(201);
      return res.json() as { id: string; name: string };
    };
    const acme = await account("Acme", "Enterprise", 120_000);
    const globex = await account("Globex", "Growth", 30_000);
    const parquet = linear.addIssue("Parquet export");
    const darkMode = linear.addIssue("Dark mode");
    const shipped = linear.addIssue("CSV export", "ENG", DONE);
    const linkAs = async (n: number, issue: StandinLinearIssue) =>
      expect((await them.post(`/issues/${n}/linear-links`, { issue: issue.identifier })).statusCode).toBe(201);
    await linkAs(await customerIssue(them, "Parquet please", acme.id), parquet);
    await linkAs(await customerIssue(them, "Parquet for Globex", globex.id), parquet);
    await linkAs(await customerIssue(them, "Dark mode", acme.id), darkMode);
    await linkAs(await customerIssue(them, "Dark mode again", acme.id), darkMode);
    await linkAs(await customerIssue(them, "Dark mode at night", acme.id), darkMode);
    await linkAs(await customerIssue(them, "CSV", globex.id), shipped);

    const res = await them.get("/integrations/linear/feature-requests");
    expect(res.statusCode, res.body).toBe(200);
    const ranked = res.json().items;
    expect(ranked.map((r: { identifier: string }) => r.identifier)).toEqual([darkMode.identifier, parquet.identifier]);
    expect(ranked[0]).toMatchObject({ issueCount: 3, accountCount: 1, totalContractValue: 120_000 });
    expect(ranked[1]).toMatchObject({
      issueCount: 2,
      accountCount: 2,
      totalContractValue: 150_000,
      stateName: "Todo",
      url: parquet.url,
      accounts: [
        { id: acme.id, name: acme.name, tier: "Enterprise", contractValue: 120_000 },
        { id: globex.id, name: globex.name, tier: "Growth", contractValue: 30_000 },
      ],
    });
    expect(ranked[1].issues.map((i: { title: string }) => i.title).sort()).toEqual([
      "Parquet for Globex",
      "Parquet please",
    ]);
    const all = (await them.get("/integrations/linear/feature-requests?status=all")).json().items;
    expect(all.map((r: { identifier: string }) => r.identifier)).toContain(shipped.identifier);
    // Another workspace's demand is not in this one's view.
    const mine = (await as.get("/integrations/linear/feature-requests")).json().items;
    expect(mine.map((r: { identifier: string }) => r.identifier)).not.toContain(parquet.identifier);
  });
});
