// The analytics dashboard end to end on the demo workspace (the seed story's history): the real
// server and the built web app in Chromium. Screenshots land in e2e/screenshots/analytics-*.png.
import { execFileSync } from "node:child_process";
import path from "node:path";
import type { MetricResult } from "@switchboard/api";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_ADMIN, ensureDemoWorkspace } from "../apps/server/src/seed/demo";
import { api, logIn, type Session, startTestApp, type TestApp } from "../apps/server/test/harness";
import { launchChromium, logInAs, screenshot } from "./browser";

let app: TestApp;
let admin: Session;
let baseUrl = "";
let browser: Browser;
let page: Page;

beforeAll(async () => {
  // Vitest sets NODE_ENV=test, which would make Vite bundle React's development build.
  execFileSync("node", [path.resolve(import.meta.dirname, "../scripts/build-web-if-needed.mjs")], {
    stdio: "inherit",
    env: { ...process.env, NODE_ENV: "production" },
  });
  app = await startTestApp();
  baseUrl = await app.http.listen({ port: 0, host: "127.0.0.1" });
  await ensureDemoWorkspace(app.services);
  admin = await logIn(app, DEMO_ADMIN.email, DEMO_ADMIN.password);
  browser = await launchChromium();
  // The headless shell reports the process's POSIX locale ("en-US@posix"), which Intl (uPlot's
  // number format) refuses; a desktop browser reports a BCP 47 tag.
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: "en-US" });
  page = await context.newPage();
  page.setDefaultTimeout(20_000);
  await logInAs(page, baseUrl, DEMO_ADMIN.email, DEMO_ADMIN.password);
}, 900_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

/** What the dashboard asks for the last 30 days (whole UTC days, today included). */
async function thirtyDays(metric: string, extra = ""): Promise<MetricResult> {
  const now = new Date();
  const to = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1));
  const from = new Date(to.getTime() - 30 * 86_400_000);
  const res = await api(app, admin).get(
    `/analytics/metrics?metric=${metric}&from=${from.toISOString()}&to=${to.toISOString()}${extra}`,
  );
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

const tile = (label: string) => page.getByRole("article", { name: label });

describe("analytics dashboard", () => {
  it("shows the seed's metrics over the last 30 days against the 30 before", async () => {
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Analytics" }).click();
    await page.getByRole("heading", { level: 1, name: "Analytics" }).waitFor();
    const created = await thirtyDays("created");
    expect(created.total.count).toBeGreaterThan(0);
    await tile("Created").getByText(created.total.count.toLocaleString("en"), { exact: true }).first().waitFor();
    const first = await thirtyDays("first_response_time");
    await tile("First response time")
      .getByText(`${first.total.count.toLocaleString("en")} first responses`)
      .waitFor();
    await tile("First response time")
      .getByText(/^median .* · p90 /)
      .waitFor();
    await tile("CSAT").getByText("no responses yet").waitFor();
    await page.getByRole("img", { name: "First response time over time" }).locator("canvas").waitFor();
    await page.getByRole("table").getByRole("row").nth(1).waitFor();
    await screenshot(page, "analytics-dashboard");
    await page.setViewportSize({ width: 1280, height: 900 });
    await screenshot(page, "analytics-dashboard-1280");
    await page.setViewportSize({ width: 1440, height: 1000 });
  });

  it("filters by team, and drills down from a breakdown row to its issues", async () => {
    const breakdown = await thirtyDays("first_response_time", "&group_by=team");
    const top = breakdown.rows[0];
    if (!top?.key || !top.label) throw new Error("the seed has no team with first responses");
    await page.getByLabel("Team").selectOption({ label: top.label });
    const filtered = await thirtyDays(
      "created",
      `&filter=${encodeURIComponent(JSON.stringify({ field: "issue.team", op: "in", value: [top.key] }))}`,
    );
    await tile("Created")
      .getByText(`${filtered.total.count.toLocaleString("en")} issues`)
      .waitFor();
    await page.getByLabel("Team").selectOption({ label: "Any" });
    const row = page.getByRole("table").getByRole("row", { name: new RegExp(`^${top.label} `) });
    await row.getByRole("button", { name: String(top.count) }).click();
    const dialog = page.getByRole("dialog", { name: `First response time: ${top.label}` });
    await dialog.getByRole("row").nth(top.count).waitFor();
    expect(await dialog.getByRole("row").count()).toBe(top.count + 1);
    await screenshot(page, "analytics-drilldown");
    const link = dialog.getByRole("link").first();
    const title = await link.textContent();
    await link.click();
    await page
      .getByRole("heading", { name: title ?? "" })
      .first()
      .waitFor();
    await page.goBack();
  });

  it("says so when nothing matches, and exports CSV", async () => {
    await page.getByRole("heading", { level: 1, name: "Analytics" }).waitFor();
    await page.getByLabel("Tier").fill("no-such-tier");
    await page.getByText("No first responses in this period with these filters.").first().waitFor();
    await screenshot(page, "analytics-empty");
    await page.getByRole("button", { name: "Clear filters" }).click();
    const href = await page.getByRole("link", { name: "Export CSV" }).getAttribute("href");
    const csv = await page.request.get(`${baseUrl}${href}`);
    expect(csv.headers()["content-type"]).toMatch(/^text\/csv/);
    expect((await csv.text()).split("\r\n")[0]).toMatch(/^metric,unit,from,to,group_by,key,label,count/);
  });

  it("has a personal dashboard of the issues assigned to me", async () => {
    await page.getByRole("navigation", { name: "Dashboard" }).getByRole("link", { name: "Me" }).click();
    await page.getByRole("heading", { level: 1, name: "My dashboard" }).waitFor();
    const mine = await thirtyDays(
      "created",
      `&filter=${encodeURIComponent(JSON.stringify({ field: "issue.assignee", op: "in", value: ["me"] }))}`,
    );
    await tile("Created")
      .getByText(`${mine.total.count.toLocaleString("en")} issues`)
      .waitFor();
    await screenshot(page, "analytics-me");
  });
});
