// Common topics in the browser: customers ask the same few things in different words; after a
// re-cluster the page ranks the topics with examples, and a topic's page lists its questions and
// the issues behind them; "Save as view" turns a topic into a view listing those issues, and
// "Draft a broadcast" opens a draft to the topic's accounts in the composer.
// Screenshots in e2e/screenshots/topics-*.png.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAccount } from "../apps/server/src/commands/customers";
import { ingestInbound } from "../apps/server/src/commands/inbound";
import { api, unique } from "../apps/server/test/harness";
import { screenshot } from "./browser";
import { type DeskSession, openDesk } from "./desk";

let session: DeskSession | undefined;
const desk = () => {
  if (!session) throw new Error("desk not open");
  return session;
};

const QUESTIONS = [
  "Our Salesforce sync stopped updating account owners",
  "Salesforce sync is not updating the account owner field anymore",
  "Why did the Salesforce sync stop updating owners on accounts?",
  "SAML single sign-on with Okta fails with an invalid audience error",
  "Okta SAML single sign-on shows invalid audience for our users",
];

beforeAll(async () => {
  session = await openDesk("topics", async ({ ws }) => {
    const account = await ws.run((ctx) =>
      createAccount(ctx, { name: unique("Initrode"), domains: [], type: "customer" }),
    );
    for (const text of QUESTIONS)
      await ws.run((ctx) =>
        ingestInbound(ctx, {
          workspaceId: ws.workspaceId,
          channel: "email",
          threadKey: unique("thread"),
          externalId: unique("msg"),
          author: { email: `${unique("casey")}@customer.example`, name: "Casey" },
          text,
          subject: text,
          attachments: [],
          sentAt: new Date(),
          accountId: account.id,
          source: {},
        }),
      );
  });
  const { app, ws } = desk();
  expect((await api(app, ws.admin).post("/topics/recluster", { mode: "full" })).statusCode).toBe(202);
  await app.services.jobs.idle(["topics.cluster"], 120_000);
});

afterAll(async () => {
  await session?.close();
});

describe("common topics in the browser", () => {
  it("ranks what customers ask, and a topic lists its questions and issues", async () => {
    const { page, baseUrl } = desk();
    await page.goto(`${baseUrl}/topics`);
    const list = page.getByRole("list", { name: "Common topics" });
    await list
      .getByText(/salesforce/i)
      .first()
      .waitFor();
    await screenshot(page, "topics-list");

    await list
      .getByRole("link", { name: /salesforce/i })
      .first()
      .click();
    await page.getByRole("heading", { name: "Questions" }).waitFor();
    const issues = page.getByRole("list", { name: "Issues of the topic" });
    await issues.getByRole("link").first().waitFor();
    expect(await issues.getByRole("link").count()).toBeGreaterThanOrEqual(2);
    expect(await page.getByText(/Okta/).count()).toBe(0);
    await screenshot(page, "topics-detail");

    const numbers = (await issues.getByRole("link").allTextContents()).map((t) => t.split(" ")[0]).sort();
    await page.getByRole("button", { name: "Save as view", exact: true }).click();
    await page.waitForURL(/\/views\/[0-9a-f-]+$/);
    const rows = page.locator(".issue-list .row");
    await expect.poll(() => rows.count()).toBe(numbers.length);
    expect((await page.locator(".issue-list .row .row-number").allTextContents()).sort()).toEqual(numbers);
    await screenshot(page, "topics-saved-view");

    await page.goBack();
    await page.getByRole("button", { name: "Draft a broadcast (1 account)", exact: true }).click();
    await page.waitForURL(/\/broadcasts\/[0-9a-f-]+$/);
    await expect.poll(() => page.locator("body").textContent()).toContain("Several of you asked us");
    await screenshot(page, "topics-broadcast-draft");
  });
});
