// Ask AI over the API: questions become filters, answers cite only issues the asker may read.
import type { TopicList } from "@switchboard/api";
import { describe, expect, it } from "vitest";
import { ingestInbound } from "../../src/commands/inbound";
import { api, buildWorkspace, type TestApp, unique, useTestApp } from "../harness";

const app = useTestApp();
const SLOW = { timeout: 180_000 };

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

    // Misspelled: read as the closest account name, and the filter says so.
    const typo = (await a.as.post("/ask", { question: "Summarize recent issues with Nortwind Logistcs" })).json();
    expect(typo.filters).toContainEqual({
      field: "account",
      value: "Northwind Logistics (closest name to “nortwind logistcs”)",
    });
    expect(typo.read.map((i: { number: number }) => i.number).sort()).toEqual([...mine].sort());
    expect(typo.answer).not.toContain("Other tenant");
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

  it('ranks "most common" questions by the common topics they are in, when topics exist', async () => {
    const a = await workspaceWith(app());
    const asks = async (text: string) => {
      const { issue } = await a.ws.run((ctx) =>
        ingestInbound(ctx, {
          workspaceId: a.ws.workspaceId,
          channel: "email",
          threadKey: unique("thread"),
          externalId: unique("msg"),
          author: { email: `${unique("casey")}@customer.example`, name: "Casey" },
          text,
          subject: text,
          attachments: [],
          sentAt: new Date(),
          source: {},
        }),
      );
      return issue.number;
    };
    const sso = [
      await asks("Portal login with Okta SAML single sign-on fails"),
      await asks("Portal Okta SAML single sign-on login fails again"),
      await asks("Okta SAML single sign-on login to the portal fails"),
    ];
    await asks("Portal CSV export of invoices is empty");
    await asks("The portal CSV export of invoices comes back empty");
    expect((await a.as.post("/topics/recluster", { mode: "full" })).statusCode).toBe(202);
    await app().services.jobs.idle(["topics.cluster"], 120_000);
    const topics = ((await a.as.get("/topics")).json() as TopicList).items;
    const ssoTopic = topics.find((t) => t.size === 3);
    if (!ssoTopic) throw new Error(`no topic of the three SSO questions: ${JSON.stringify(topics)}`);

    const answer = (
      await a.as.post("/ask", { question: "What are the most common questions about the portal?" })
    ).json();
    expect(answer.intent).toBe("ranking");
    expect(answer.groups[0]).toMatchObject({ label: ssoTopic.label, by: "topic", count: 3 });
    expect([...answer.groups[0].issueNumbers].sort()).toEqual([...sso].sort());
    expect(answer.answer).toContain(ssoTopic.label);
  });

  it("refuses an empty question with the error shape", async () => {
    const a = await workspaceWith(app());
    const res = await a.as.post("/ask", { question: " " });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe("validation_failed");
  });
});
