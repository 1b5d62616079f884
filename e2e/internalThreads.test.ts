// Internal threads in the browser: from an issue, an agent presses "i", picks #bugs-daily (its
// "when to use it" shown), writes the question and posts; the Slack stand-in receives the card,
// a colleague's reply there shows up on the issue as an internal note with their name, and the
// thread reads "Answered". The same issue links a Linear issue by key, and Linear's signed webhook
// shows it done. Screenshots land in e2e/screenshots/internal-threads-*.png.
import { execFileSync } from "node:child_process";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAccount } from "../apps/server/src/commands/customers";
import { api, buildWorkspace, startTestApp, type TestApp, type TestWorkspace } from "../apps/server/test/harness";
import { LinearStandin } from "../apps/server/test/linear/standin";
import { nextTs, SlackStandin } from "../apps/server/test/slack/standin";
import { launchChromium, logInAs, screenshot } from "./browser";

let app: TestApp;
let ws: TestWorkspace;
let baseUrl = "";
let browser: Browser;
let page: Page;
let issueNumber = 0;
const slack = new SlackStandin();
const linear = new LinearStandin();
const domain = `internal${Date.now()}`;
const BUGS = "CBUGSDAILY";

beforeAll(async () => {
  execFileSync("node", [path.resolve(import.meta.dirname, "../scripts/build-web-if-needed.mjs")], {
    stdio: "inherit",
    env: { ...process.env, NODE_ENV: "production" },
  });
  await slack.start();
  await linear.start();
  app = await startTestApp();
  baseUrl = await app.http.listen({ port: 0, host: "127.0.0.1" });
  ws = await buildWorkspace(app, domain);
  const as = api(app, ws.admin);
  const ok = async (res: Promise<{ statusCode: number; body: string }>) => {
    const r = await res;
    if (r.statusCode >= 300) throw new Error(r.body);
    return JSON.parse(r.body);
  };
  await ok(
    as.put("/slack/connection", { botToken: slack.botToken, signingSecret: slack.signingSecret, apiUrl: slack.url }),
  );
  slack.addChannel({ id: BUGS, name: "bugs-daily" });
  slack.addChannel({ id: "CPRODUCTQ", name: "product-questions" });
  slack.addUser({ id: "UPRIYA", name: "Priya Product", email: "priya@elsewhere.example" });
  await ok(
    as.post("/internal-channels", {
      slackChannelId: BUGS,
      name: "bugs-daily",
      purpose: "Bugs. Product, Eng and Design watch it.",
    }),
  );
  await ok(
    as.post("/internal-channels", {
      slackChannelId: "CPRODUCTQ",
      name: "product-questions",
      purpose: "Whether our product can do X.",
    }),
  );
  await ok(
    as.put("/integrations/linear", { apiKey: linear.apiKey, webhookSecret: linear.webhookSecret, apiUrl: linear.url }),
  );
  const account = await ws.run((ctx) => createAccount(ctx, { name: "Globex", tier: "Enterprise" }));
  const issue = await ok(as.post("/issues", { title: "CSV export drops the last row", accountId: account.id }));
  issueNumber = issue.number;
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  page = await context.newPage();
  page.setDefaultTimeout(15_000);
  await logInAs(page, baseUrl, `admin@${domain}.test`, "password123");
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await slack.close();
  await linear.close();
});

describe("internal threads in the agent app", { timeout: 120_000 }, () => {
  it("starts an internal thread from the issue page and shows the colleague's reply as an internal note", async () => {
    await page.goto(`${baseUrl}/issues/${issueNumber}`);
    const panel = page.getByRole("region", { name: "Internal threads" });
    await panel.getByText("No internal threads yet").waitFor();
    await page.locator("body").press("i");
    const dialog = page.getByRole("dialog", { name: "Ask in an internal channel" });
    await dialog.getByText("Bugs. Product, Eng and Design watch it.").waitFor();
    await dialog.getByLabel(/#bugs-daily/).check();
    await dialog.getByRole("textbox", { name: "Question" }).fill("Is this the known off-by-one in exports?");
    await screenshot(page, "internal-threads-ask");
    await dialog.getByRole("button", { name: "Post to #bugs-daily" }).click();
    await panel.getByText("Waiting for a reply").waitFor();
    const card = (slack.messages.get(BUGS) ?? []).find((m) => m.bot_id);
    expect(card?.text).toContain("Is this the known off-by-one in exports?");

    // Priya answers in the Slack thread; the signed event reaches the webhook.
    const ts = nextTs();
    const body = JSON.stringify(
      slack.envelope({
        type: "message",
        channel: BUGS,
        user: "UPRIYA",
        text: "Yes — fixed in 3.4, shipping Thursday.",
        ts,
        thread_ts: card?.ts,
      }),
    );
    const res = await app.http.inject({
      method: "POST",
      url: "/hooks/slack/events",
      headers: { "content-type": "application/json", ...slack.signedHeaders(body) },
      payload: body,
    });
    expect(res.statusCode).toBe(200);
    await panel.getByText("Answered").waitFor();
    await page.getByText("Yes — fixed in 3.4, shipping Thursday.").waitFor();
    await page.getByText("Priya Product").first().waitFor();
    await screenshot(page, "internal-threads-answered");
  });

  it("opens the same dialog from the command palette", async () => {
    await page.goto(`${baseUrl}/issues/${issueNumber}`);
    await page.getByRole("region", { name: "Internal threads" }).getByText("#bugs-daily").waitFor();
    await page.keyboard.press("Control+k");
    await page.getByRole("option", { name: /Ask in an internal channel/ }).click();
    await page.getByRole("dialog", { name: "Ask in an internal channel" }).getByText("#product-questions").waitFor();
    await page.keyboard.press("Escape");
  });

  it("links a Linear issue by key and shows its state as Linear's webhook reports it", async () => {
    const existing = linear.addIssue("Off-by-one in CSV export");
    await page.goto(`${baseUrl}/issues/${issueNumber}`);
    const panel = page.getByRole("region", { name: "Linear" });
    await panel.getByLabel("Linear issue key or URL").fill(existing.identifier.toLowerCase());
    await panel.getByRole("button", { name: "Link" }).click();
    await panel.getByText("Todo").waitFor();
    existing.state = { name: "Done", type: "completed" };
    const delivery = linear.webhook(existing);
    const res = await app.http.inject({
      method: "POST",
      url: "/hooks/linear",
      headers: delivery.headers,
      payload: delivery.body,
    });
    expect(res.statusCode).toBe(200);
    await panel.getByText("Done").waitFor();
    await page.getByText(`${existing.identifier} shipped — tell the customer.`).waitFor();
    await screenshot(page, "internal-threads-linear");
  });
});
