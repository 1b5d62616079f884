// Broadcasts in the browser: from the sidebar, a new broadcast is composed (audience: Enterprise
// accounts through the condition editor), previewed per recipient, sent; the delivery view shows
// every Slack post delivered, and the Slack stand-in holds one post per channel. Screenshots land
// in e2e/screenshots/broadcasts-*.png.
import { execFileSync } from "node:child_process";
import path from "node:path";
import type { Issue } from "@switchboard/api";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { arrangeCustomers, type Customer } from "../apps/server/test/broadcasts/fixture";
import { eventually } from "../apps/server/test/email/support";
import { api, buildWorkspace, startTestApp, type TestApp, type TestWorkspace } from "../apps/server/test/harness";
import { nextTs, SlackStandin } from "../apps/server/test/slack/standin";
import { launchChromium, logInAs, screenshot } from "./browser";

let app: TestApp;
let ws: TestWorkspace;
let baseUrl = "";
let browser: Browser;
let page: Page;
let customers: Customer[] = [];
const slack = new SlackStandin();
const domain = `broadcast${Date.now()}`;

beforeAll(async () => {
  execFileSync("node", [path.resolve(import.meta.dirname, "../scripts/build-web-if-needed.mjs")], {
    stdio: "inherit",
    env: { ...process.env, NODE_ENV: "production" },
  });
  await slack.start();
  app = await startTestApp();
  baseUrl = await app.http.listen({ port: 0, host: "127.0.0.1" });
  ws = await buildWorkspace(app, domain);
  const res = await api(app, ws.admin).put("/slack/connection", {
    botToken: slack.botToken,
    signingSecret: slack.signingSecret,
    apiUrl: slack.url,
  });
  if (res.statusCode !== 200) throw new Error(res.body);
  customers = await arrangeCustomers(ws, slack, { count: 6, prefix: "Globex" });
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  page = await context.newPage();
  page.setDefaultTimeout(15_000);
  page.on("dialog", (dialog) => void dialog.accept());
  await logInAs(page, baseUrl, `admin@${domain}.test`, "password123");
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await slack.close();
});

describe("broadcasts in the agent app", { timeout: 120_000 }, () => {
  it("composes, previews per recipient and sends a broadcast to the Enterprise accounts' Slack channels", async () => {
    await page.goto(`${baseUrl}/my-issues`);
    await page.getByRole("link", { name: /Broadcasts/ }).click();
    await page.getByText("No broadcasts yet.").waitFor();
    await screenshot(page, "broadcasts-empty");
    await page.getByRole("button", { name: "New broadcast" }).click();
    await page.getByLabel("Title (the email subject)").fill("Exports pause on Saturday");
    await page
      .getByLabel("Message (markdown)")
      .fill("Hi {{account.name}} team,\n\n**Exports** pause Saturday 02:00–03:00 UTC for maintenance.");
    // The starting condition is "Account type is any of customer"; narrow to Enterprise.
    await page.getByRole("button", { name: /Add condition/ }).click();
    await page.getByLabel("Condition 2 field").selectOption("account.tier");
    await page.getByLabel("Condition 2 value").fill("Enterprise");
    await page.getByRole("button", { name: "Preview" }).click();
    await page.getByText("3 recipients · 3 accounts").waitFor();
    await page.getByText("Hi Globex 0 team,").waitFor();
    await screenshot(page, "broadcasts-compose");
    await page.getByRole("button", { name: "Send now" }).click();
    await page.locator(".bc-status", { hasText: "Sent" }).waitFor({ timeout: 60_000 });
    await page.locator(".bc-r-sent").nth(2).waitFor();
    await screenshot(page, "broadcasts-sent");
    const enterprise = customers.filter((_, n) => n % 2 === 0);
    for (const c of enterprise) expect(slack.messages.get(c.channel)?.length, c.name).toBe(1);
    for (const c of customers.filter((_, n) => n % 2 === 1)) expect(slack.messages.get(c.channel)).toBeUndefined();
    await page.getByRole("link", { name: "← Broadcasts" }).click();
    await page.getByRole("cell", { name: "Exports pause on Saturday" }).waitFor();
    await screenshot(page, "broadcasts-list");
  });

  it("shows an issue opened by a reply in the broadcast's thread as a reply to it, linking back", async () => {
    const c = customers[0] as Customer;
    const post = slack.messages.get(c.channel)?.[0];
    if (!post) throw new Error("no broadcast post");
    const user = slack.addUser({ id: "UE2EREPLY", name: "Casey Jones", teamId: "TCUSTOMER" });
    const ts = nextTs();
    const text = "Does the API pause too?";
    slack.addMessage(c.channel, { ts, user: user.id, text, thread_ts: post.ts });
    const body = JSON.stringify(
      slack.envelope({
        type: "message",
        channel: c.channel,
        channel_type: "channel",
        user: user.id,
        text,
        ts,
        thread_ts: post.ts,
      }),
    );
    const res = await app.http.inject({
      method: "POST",
      url: "/hooks/slack/events",
      headers: { "content-type": "application/json", ...slack.signedHeaders(body) },
      payload: body,
    });
    expect(res.statusCode, res.body).toBe(200);
    const as = api(app, ws.admin);
    const issue = await eventually(async () => {
      const items = (await as.get("/issues?channel=slack&limit=50")).json().items as Issue[];
      return items.find((i) => i.broadcast);
    });
    await page.goto(`${baseUrl}/issues/${issue.number}`);
    const line = page.locator(".issue-broadcast");
    await line.getByRole("link", { name: "Exports pause on Saturday" }).waitFor();
    expect(await line.textContent()).toBe("Reply to broadcast Exports pause on Saturday");
    await screenshot(page, "broadcasts-reply-issue");
    await line.getByRole("link").click();
    await page.locator(".bc-status", { hasText: "Sent" }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/broadcasts/${issue.broadcast?.id}`);
    // The broadcast's analytics count the reply: per channel, delivered, failed, replies and rate.
    const byChannel = page.getByRole("table", { name: "By channel" });
    const slackRow = byChannel.getByRole("row", { name: /Slack channels/ });
    await slackRow.waitFor();
    expect(await slackRow.locator("td").allInnerTexts()).toEqual(["# Slack channels", "3", "3", "0", "1", "33 %"]);
    expect(await byChannel.getByRole("row", { name: /Emails/ }).count()).toBe(0);
    await screenshot(page, "broadcasts-analytics");
  });
});
