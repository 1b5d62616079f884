// Customer sentiment in the browser: Acme's customer was happy last week and writes that exports
// are "still broken" today. The account 360 shows the weekly trend, the health with its drivers
// and the issue's phrases; /accounts "Sentiment dropped this week" lists Acme; the issue thread
// marks the message with the phrases as its title. Screenshots in e2e/screenshots/sentiment-*.png.
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runHealth } from "../apps/server/src/ai/sentiment/module";
import { ingestInbound } from "../apps/server/src/commands/inbound";
import { unique } from "../apps/server/test/harness";
import { logInAs, screenshot } from "./browser";
import { type DeskSession, openDesk } from "./desk";

let session: DeskSession | undefined;
let page: Page;
let baseUrl = "";
let acmeId = "";
let angryIssue = 0;

const DAY = 86_400_000;

beforeAll(async () => {
  session = await openDesk("sentiment", async (s) => {
    const say = async (text: string, daysAgo: number) =>
      (
        await s.ws.run((ctx) =>
          ingestInbound(ctx, {
            workspaceId: s.ws.workspaceId,
            channel: "email",
            threadKey: unique("thread"),
            externalId: unique("msg"),
            author: { email: `pat@acme.test`, name: "Pat Acme" },
            text,
            attachments: [],
            sentAt: new Date(Date.now() - daysAgo * DAY),
            accountId: s.desk.acmeId,
            source: {},
          }),
        )
      ).issue.number;
    await say("Thanks so much, the rollout went great and the team loves it!", 20);
    await say("Really appreciate the quick response, works now.", 12);
    angryIssue = await say("Exports are still broken and this is a blocker for our launch. Really frustrating.", 0);
    await runHealth(s.app.services, s.ws.workspaceId);
  });
  ({ baseUrl } = session);
  acmeId = session.desk.acmeId;
  // The headless shell's POSIX locale is one Intl (uPlot's) refuses; a person's browser has a real one.
  const context = await session.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "en-US" });
  page = await context.newPage();
  page.setDefaultTimeout(20_000);
  await logInAs(page, baseUrl, `admin@${session.domain}`, "password123");
});

afterAll(async () => {
  await session?.close();
});

describe("customer sentiment in the browser", () => {
  it("shows the account's sentiment trend, health drivers and the phrases per issue", async () => {
    await page.goto(`${baseUrl}/accounts/${acmeId}`);
    const card = page.locator(".account-card-box", { hasText: "Customer sentiment" });
    await card.waitFor();
    await expect.poll(() => card.textContent()).toContain("dropped");
    // The chart is its own lazily loaded chunk: wait for it to draw.
    await card.locator(".sentiment-chart canvas").first().waitFor();
    const health = page.locator(".account-card-box", { hasText: "Health" });
    expect(await health.getByRole("list", { name: "What drove the health score" }).textContent()).toContain(
      "Sentiment",
    );
    const issue = card.locator("details", { hasText: `#${angryIssue}` });
    expect(await issue.locator("summary").getAttribute("title")).toContain("still broken");
    await issue.locator("summary").click({ position: { x: 4, y: 8 } });
    await expect.poll(() => issue.locator(".phrase-list").textContent()).toContain("blocker");
    await screenshot(page, "sentiment-account-360");
  });

  it("lists Acme under 'Sentiment dropped this week'", async () => {
    await page.goto(`${baseUrl}/accounts`);
    await page.getByRole("button", { name: "Sentiment dropped this week" }).click();
    await page.getByRole("link", { name: "Acme Corp" }).waitFor();
    expect(await page.locator(".accounts-table tbody tr").count()).toBe(1);
    await screenshot(page, "sentiment-accounts-dropped");
  });

  it("marks the customer's message on the issue page with the phrases as its title", async () => {
    await page.goto(`${baseUrl}/issues/${angryIssue}`);
    const mark = page.getByRole("img", { name: /Reads negative/ });
    await mark.waitFor();
    expect(await mark.getAttribute("title")).toContain("still broken");
  });
});
