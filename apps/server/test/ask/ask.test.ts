// Ask AI over the API: questions become filters, answers cite only issues the asker may read.
import { describe, expect, it } from "vitest";
import { api, buildWorkspace, type TestApp, unique, useTestApp } from "../harness";

const app = useTestApp();
const SLOW = { timeout: 90_000 };

async function workspaceWith(t: TestApp) {
  const ws = await buildWorkspace(t);
  const as = api(t, ws.admin);
  const account = async (name: string, tier: string) => {
    const res = await as.post("/accounts", { name, type: "customer", tier });
    if (res.statusCode !== 201) throw new Error(res.body);
    return res.json().id as string;
  };
  const issue = async (title: string, body: string, accountId: string, tags: string[] = []) => {
    const res = await as.post("/issues", { title, body, accountId, tags });
    if (res.statusCode !== 201) throw new Error(res.body);
    return res.json().number as number;
  };
  return { ws, as, account, issue };
}

describe("Ask AI", SLOW, () => {
  it("summarises recent issues with an account, citing only that account's issues and never another workspace's", async () => {
    const a = await workspaceWith(app());
    const b = await workspaceWith(app());
    const northwind = await a.account("Northwind Logistics", "Enterprise");
    const other = await a.account(unique("Globex"), "Pro");
    const mine = [
      await a.issue("Salesforce sync stalled", "Our Salesforce sync stopped at 02:00 and nothing since.", northwind),
      await a.issue("Invoice address", "Please put our new billing address on the next invoice.", northwind),
    ];
    await a.issue("Webhook retries", "Northwind Logistics is a partner of ours; our webhooks retry forever.", other);
    // Another tenant with an account of the same name: never read.
    const theirs = await b.account("Northwind Logistics", "Enterprise");
    await b.issue("Other tenant", "This belongs to workspace B.", theirs);

    const res = await a.as.post("/ask", { question: "Summarize recent issues with Northwind Logistics" });
    expect(res.statusCode).toBe(200);
    const answer = res.json();
    expect(answer.intent).toBe("summary");
    expect(answer.filters).toEqual(
      expect.arrayContaining([
        { field: "account", value: "Northwind Logistics" },
        expect.objectContaining({ field: "created" }),
      ]),
    );
    expect(answer.total).toBe(2);
    const read = answer.read.map((i: { number: number }) => i.number).sort();
    expect(read).toEqual([...mine].sort());
    expect(answer.cited.map((i: { number: number }) => i.number).sort()).toEqual([...mine].sort());
    expect(answer.cited.every((i: { accountName: string }) => i.accountName === "Northwind Logistics")).toBe(true);
    expect(answer.answer).toContain("Salesforce sync stalled");
    expect(answer.answer).not.toContain("Other tenant");
    expect(answer.answer).not.toContain("Webhook retries");
  });

  it("answers a count question with the hand count of its filters", async () => {
    const a = await workspaceWith(app());
    const big = await a.account(unique("Initech"), "Enterprise");
    const big2 = await a.account(unique("Umbrella"), "Enterprise");
    const small = await a.account(unique("Hooli"), "Pro");
    await a.issue("Double charge", "We were charged twice.", big, ["billing"]);
    await a.issue("Refund", "Refund the duplicate payment please.", big2, ["billing"]);
    await a.issue("VAT number", "Add our VAT number to invoices.", big2, ["billing", "tax"]);
    await a.issue("Card declined", "Our card was declined.", small, ["billing"]); // not Enterprise
    await a.issue("Sync stalled", "The sync stopped.", big, ["sync-failure"]); // not billing

    const res = await a.as.post("/ask", { question: "How many billing issues from Enterprise accounts this week?" });
    expect(res.statusCode).toBe(200);
    const answer = res.json();
    expect(answer.intent).toBe("count");
    expect(answer.filters).toEqual(
      expect.arrayContaining([
        { field: "tag", value: "billing" },
        { field: "tier", value: "Enterprise" },
      ]),
    );
    expect(answer.total).toBe(3);
    expect(answer.answer).toMatch(/^3 issues/);
  });

  it("ranks the most common topics of the matching issues", async () => {
    const a = await workspaceWith(app());
    const acct = await a.account(unique("Acme"), "Pro");
    await a.issue("Portal SSO", "Portal login with SSO fails.", acct, ["sso"]);
    await a.issue("Portal SSO again", "The portal SSO redirect loops.", acct, ["sso"]);
    await a.issue("Portal export", "Export from the portal is empty.", acct, ["export"]);
    const res = await a.as.post("/ask", { question: "What are the most common questions about the portal?" });
    const answer = res.json();
    expect(answer.intent).toBe("ranking");
    expect(answer.total).toBe(3);
    expect(answer.groups[0]).toMatchObject({ label: "sso", by: "tag", count: 2 });
  });

  it("refuses an empty question with the error shape", async () => {
    const a = await workspaceWith(app());
    const res = await a.as.post("/ask", { question: " " });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe("validation_failed");
  });
});
