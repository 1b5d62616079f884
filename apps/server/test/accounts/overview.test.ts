// The account 360 (/accounts/{id}/overview): header facts (owner, renewal in N days, TCV), open and
// recently closed issues, contacts, Slack channels, linked Linear issues, CSAT answers and the
// activity timeline; another workspace's account is not found.
import { beforeAll, describe, expect, it } from "vitest";
import { recordCsat } from "../../src/commands/csat";
import { linkLinearIssue } from "../../src/commands/linear";
import { slackChannels } from "../../src/db/schema";
import { issueOn } from "../crm/support";
import { expectError } from "../foundation/support";
import { api, buildWorkspace, type TestWorkspace, useTestApp } from "../harness";

const app = useTestApp();
let ws: TestWorkspace;
let as: ReturnType<typeof api>;

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  ws = await buildWorkspace(app());
  as = api(app(), ws.admin);
});

describe("account overview", () => {
  it("shows an account with everything around it", async () => {
    const account = (
      await as.post("/accounts", {
        name: "Acme Overview",
        domains: ["acme-overview.example"],
        tier: "Enterprise",
        ownerUserId: ws.adminId,
        renewalDate: inDays(45),
        tcv: 250000,
        products: ["Inbox"],
      })
    ).json();
    const other = (await as.post("/accounts", { name: "Someone Else" })).json();
    const contact = (
      await as.post("/contacts", { name: "Dana Buyer", email: "dana@acme-overview.example", accountId: account.id })
    ).json();
    const open = await issueOn(ws, account.id, "Exports time out for large workspaces.");
    const closed = await issueOn(ws, account.id, "How do I add a teammate?");
    const elsewhere = await issueOn(ws, other.id, "Unrelated question from another customer.");
    expect((await as.patch(`/issues/${closed}`, { state: "closed" })).statusCode).toBe(200);
    const closedId = (await as.get(`/issues/${closed}`)).json().id;
    await ws.run((ctx) => recordCsat(ctx, closedId, { score: 4, comment: "Quick answer", channel: "email" }));
    await ws.run((ctx) =>
      linkLinearIssue(ctx, open, {
        linearIssueId: "lin-1",
        identifier: "ENG-42",
        url: "https://linear.app/acme/issue/ENG-42",
        title: "Export timeouts",
        stateName: "In Progress",
        stateType: "started",
      }),
    );
    await app()
      .services.database.db.insert(slackChannels)
      .values({ workspaceId: ws.workspaceId, slackChannelId: "CACMEOV", name: "acme-support", accountId: account.id });

    const res = await as.get(`/accounts/${account.id}/overview`);
    expect(res.statusCode, res.body).toBe(200);
    const o = res.json();
    expect(o.account).toMatchObject({ name: "Acme Overview", tier: "Enterprise", tcv: 250000, crm: null });
    expect(o.owner).toMatchObject({ id: ws.adminId, name: "Admin" });
    expect(o.renewalInDays).toBe(45);
    expect(o.issues.openCount).toBe(1);
    expect(o.issues.open.map((i: { number: number }) => i.number)).toEqual([open]);
    expect(o.issues.recentlyClosed.map((i: { number: number }) => i.number)).toEqual([closed]);
    expect(JSON.stringify(o)).not.toContain(`"number":${elsewhere},`);
    // Dana, and the two who wrote in (their mail landed on the account).
    expect(o.contacts).toHaveLength(3);
    expect(o.contacts).toContainEqual(expect.objectContaining({ id: contact.id, name: "Dana Buyer", issueCount: 0 }));
    expect(o.slackChannels).toEqual([expect.objectContaining({ name: "acme-support" })]);
    expect(o.linearIssues).toEqual([expect.objectContaining({ identifier: "ENG-42", issueNumbers: [open] })]);
    expect(o.csat).toMatchObject({
      average: 4,
      responses: [{ issueNumber: closed, score: 4, comment: "Quick answer" }],
    });
    const types = o.timeline.map((e: { type: string; issueNumber: number }) => e.type);
    expect(types).toContain("created");
    expect(o.timeline.every((e: { issueNumber: number }) => e.issueNumber === open || e.issueNumber === closed)).toBe(
      true,
    );
  });

  it("answers not found for another workspace's account", async () => {
    const theirs = await buildWorkspace(app());
    const account = (await api(app(), theirs.admin).post("/accounts", { name: "Their Secret Co" })).json();
    expectError(await as.get(`/accounts/${account.id}/overview`), 404, "not_found");
  });
});
