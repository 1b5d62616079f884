// The rest of the agent's day (issue 26) in the browser: a Slack issue shows its channel and
// thread link, the email composer shows To and Cc and takes a new Cc, a reply that could not be
// sent links to the setting that fixes it, a viewer sees read-only controls with the reason, and
// a team's assign-on-reply setting is edited in Settings › Teams. Screens at 1440 and 1024.
import { execFileSync } from "node:child_process";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ingestInbound } from "../apps/server/src/commands/inbound";
import { api, buildWorkspace, startTestApp, type TestApp, type TestWorkspace } from "../apps/server/test/harness";
import { launchChromium, logInAs, screenshot } from "./browser";
import { type Desk, seedDesk } from "./seed";

// The machine running the suite is shared and small: start-up under load can take minutes.
let app: TestApp;
let ws: TestWorkspace;
let desk: Desk;
let baseUrl = "";
let browser: Browser;
let page: Page;
let slackIssue = 0;
const domain = `day${Date.now()}.test`;

beforeAll(async () => {
  execFileSync("node", [path.resolve(import.meta.dirname, "../scripts/build-web-if-needed.mjs")], {
    stdio: "inherit",
    env: { ...process.env, NODE_ENV: "production" },
  });
  app = await startTestApp();
  baseUrl = await app.http.listen({ port: 0, host: "127.0.0.1" });
  ws = await buildWorkspace(app, domain.replace(".test", ""));
  desk = await seedDesk(app, ws, domain);
  const result = await ws.run((ctx) =>
    ingestInbound(ctx, {
      workspaceId: ws.workspaceId,
      channel: "slack",
      threadKey: "C0ACME:1733472000.000200",
      externalId: "C0ACME:1733472000.000200",
      author: { slackUserId: "U0JANE", name: "Jane Doe", email: "jane@acme.test" },
      text: "Our SSO is down again, can you check?",
      sentAt: new Date(),
      source: {
        slackChannelId: "C0ACME",
        slackChannelName: "acme-support",
        slackThreadTs: "1733472000.000200",
        slackTs: "1733472000.000200",
        slackTeamId: "T0SHARED",
      },
    }),
  );
  slackIssue = result.issue.number;
  browser = await launchChromium();
  page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
  page.setDefaultTimeout(10_000);
  await logInAs(page, baseUrl, `admin@${domain}`, "password123");
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

const both = async (name: string, shoot: () => Promise<void>) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await shoot();
  await screenshot(page, `${name}-1440`);
  await page.setViewportSize({ width: 1024, height: 768 });
  await shoot();
  await screenshot(page, `${name}-1024`);
};

describe("the agent's day", () => {
  it("shows a Slack issue's channel and links its thread in Slack", async () => {
    await page.goto(`${baseUrl}/issues/${slackIssue}`);
    const head = page.locator(".issue-head");
    await head.getByText("#acme-support").waitFor();
    const link = head.getByRole("link", { name: "Open in Slack ↗" });
    expect(await link.getAttribute("href")).toBe(
      "https://app.slack.com/client/T0SHARED/C0ACME/thread/C0ACME-1733472000.000200",
    );
    await both("day-01-slack-issue", async () => {
      await link.waitFor();
    });
  });

  it("shows To and Cc on an email reply, adds a Cc, and links an unsent reply to the setting that fixes it", async () => {
    const n = desk.issues.invoice;
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto(`${baseUrl}/issues/${n}`);
    const recipients = page.getByRole("group", { name: "Recipients" });
    await recipients.getByText("li@acme.test").waitFor();
    await recipients.getByRole("button", { name: "Add Cc" }).click();
    await page.getByLabel("Add Cc").fill("finance@acme.test");
    await page.keyboard.press("Enter");
    await recipients.getByText("finance@acme.test").waitFor();
    await page.getByLabel("Reply to customer").fill("Copying in your finance team.");
    await page.keyboard.press("Control+Enter");
    // This workspace has no inbox to send from: the reply says so and where to fix it.
    const fix = page.getByRole("link", { name: "Fix it in Settings › Email inboxes" });
    await fix.waitFor();
    const sent = (await api(app, ws.admin).get(`/issues/${n}/messages`)).json().items.at(-1);
    expect(sent).toMatchObject({ emailCc: ["finance@acme.test"], deliveryFix: "email_inboxes" });
    await both("day-02-unsent-reply-fix", async () => {
      await fix.waitFor();
    });
    await fix.click();
    await page.waitForURL(`${baseUrl}/settings/inboxes`);
  });

  it("edits a team's assign-on-reply in Settings › Teams", async () => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto(`${baseUrl}/settings/teams`);
    await page.getByRole("button", { name: "Support", exact: true }).click();
    const box = page.getByLabel("Replying to an unassigned issue assigns it to the person replying");
    expect(await box.isChecked()).toBe(true); // pooled: on by default
    await box.uncheck();
    await page.getByRole("button", { name: "Save team" }).click();
    await expect
      .poll(async () => {
        const teams = (await api(app, ws.admin).get("/teams")).json().items as { id: string; assignOnReply: boolean }[];
        return teams.find((t) => t.id === desk.supportTeamId)?.assignOnReply;
      })
      .toBe(false);
    await both("day-03-settings-teams", async () => {
      await page.getByRole("table").first().waitFor();
    });
  });

  it("shows a viewer read-only controls with the reason, never a permission error", async () => {
    await api(app, ws.admin).post("/users", {
      email: `vera@${domain}`,
      name: "Vera Viewer",
      role: "viewer",
      password: "password123",
    });
    const viewer = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
    viewer.setDefaultTimeout(10_000);
    await logInAs(viewer, baseUrl, `vera@${domain}`, "password123");
    await viewer.goto(`${baseUrl}/issues/${desk.issues.sso}`);
    await viewer.locator("#issue-title").waitFor();
    const reason = "Viewers can read issues but not change them. An admin can make you a member.";
    await expect.poll(() => viewer.getByText(reason).count()).toBe(2); // in place of the composer, above properties
    expect(await viewer.getByLabel("State").isDisabled()).toBe(true);
    expect(await viewer.getByLabel("Reply to customer").count()).toBe(0);
    await viewer.keyboard.press("e"); // close by key: says why, changes nothing
    await viewer.getByRole("status").filter({ hasText: reason }).waitFor();
    expect((await api(app, ws.admin).get(`/issues/${desk.issues.sso}`)).json().state).not.toBe("closed");
    await screenshot(viewer, "day-04-viewer-issue-1440");
    await viewer.setViewportSize({ width: 1024, height: 768 });
    await viewer.keyboard.press("]");
    await viewer.getByLabel("State").waitFor();
    await screenshot(viewer, "day-04-viewer-issue-details-1024");
    await viewer.context().close();
  });
});
