// SLAs in the browser: an admin adds an SLA policy in settings (the condition editor in the issue
// context), and the board's cards and the issue page show "due in" and "breached" badges.
// Screenshots land in e2e/screenshots/sla-*.png.
import { execFileSync } from "node:child_process";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, buildWorkspace, startTestApp, type TestApp, type TestWorkspace } from "../apps/server/test/harness";
import { launchChromium, logInAs, screenshot } from "./browser";
import { type Desk, seedDesk } from "./seed";

let app: TestApp;
let ws: TestWorkspace;
let desk: Desk;
let baseUrl = "";
let browser: Browser;
let page: Page;
const domain = `sla${Date.now()}.test`;

beforeAll(async () => {
  execFileSync("node", [path.resolve(import.meta.dirname, "../scripts/build-web-if-needed.mjs")], {
    stdio: "inherit",
    env: { ...process.env, NODE_ENV: "production" },
  });
  app = await startTestApp();
  baseUrl = await app.http.listen({ port: 0, host: "127.0.0.1" });
  ws = await buildWorkspace(app, domain.replace(".test", ""));
  desk = await seedDesk(app, ws, domain);
  const as = api(app, ws.admin);
  const ok = async (res: Promise<{ statusCode: number; body: string }>) => {
    const r = await res;
    if (r.statusCode >= 300) throw new Error(r.body);
  };
  await ok(
    as.post("/business-hours", {
      name: "Around the world",
      timeZone: "UTC",
      hours: [0, 1, 2, 3, 4, 5, 6].map((day) => ({ day, start: "00:00", end: "24:00" })),
      isDefault: true,
    }),
  );
  await ok(
    as.post("/sla-policies", {
      name: "Urgent",
      conditions: { all: [{ field: "issue.priority", op: "in", value: ["urgent", "high"] }] },
      firstResponseMinutes: 30,
      resolutionMinutes: 60,
    }),
  );
  await ok(
    as.post("/sla-policies", { name: "Standard", firstResponseMinutes: 8 * 60, resolutionMinutes: 5 * 24 * 60 }),
  );
  // One urgent issue arrived two hours ago (the product's clock set back while it is opened).
  app.services.now = () => new Date(Date.now() - 2 * 3_600_000);
  await ok(
    as.post("/issues", {
      title: "Checkout fails for every customer",
      teamId: desk.supportTeamId,
      priority: "urgent",
    }),
  );
  delete app.services.now;
  await app.services.jobs.idle(undefined, 60_000);
  await app.services.jobs.enqueue("sla.refresh", { workspaceId: ws.workspaceId });
  await app.services.jobs.idle(undefined, 60_000);
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  page = await context.newPage();
  page.setDefaultTimeout(10_000);
  await logInAs(page, baseUrl, `admin@${domain}`, "password123");
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

describe("SLAs in the agent app", { timeout: 120_000 }, () => {
  it("shows due-in and breached badges on the board and the issue page", async () => {
    await page.goto(`${baseUrl}/views/${desk.queueViewId}`);
    await page.getByRole("button", { name: "Board" }).click();
    const badges = page.locator(".card .sla-badge");
    await badges.first().waitFor();
    const texts = await badges.allTextContents();
    console.log(`SLA badges on the board: ${texts.join(" | ")}`);
    expect(texts.some((t) => /^SLA breached/.test(t))).toBe(true);
    expect(texts.every((t) => /^(Due in \d+[smhdw]|SLA breached( \d+[smhdw] ago)?|SLA paused)$/.test(t))).toBe(true);
    await screenshot(page, "sla-board");

    await page.goto(`${baseUrl}/issues/${desk.issues.sso}`);
    await page.locator(".issue-head .sla-badge").waitFor();
    expect(await page.locator(".issue-head .sla-badge").textContent()).toMatch(
      /(First response|Resolution) (due in|breached)/,
    );
    await screenshot(page, "sla-issue");
  });

  it("lets an admin add an SLA policy with conditions in settings", async () => {
    await page.goto(`${baseUrl}/settings/sla`);
    await page.getByRole("heading", { level: 2, name: "SLA policies" }).waitFor();
    await page.getByRole("button", { name: "New SLA policy" }).click();
    const dialog = page.getByRole("dialog", { name: "New SLA policy" });
    await dialog.getByLabel("Name").fill("Enterprise accounts");
    await dialog.getByLabel("First response (minutes)").fill("15");
    await dialog.getByLabel("Resolution (minutes)").fill("480");
    await dialog.getByRole("button", { name: "Add policy" }).click();
    await page.getByRole("table", { name: "SLA policies" }).getByText("Enterprise accounts").waitFor();
    const policies = (await api(app, ws.admin).get("/sla-policies")).json().items as { name: string }[];
    expect(policies.map((p) => p.name)).toEqual(["Urgent", "Standard", "Enterprise accounts"]);
    await screenshot(page, "sla-settings");
  });
});
