// SLAs in the browser: an admin adds an SLA policy in settings (the condition editor in the issue
// context), and the board's cards and the issue page show "due in" and "breached" badges.
// Screenshots land in e2e/screenshots/sla-*.png.
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, type TestApp, type TestWorkspace } from "../apps/server/test/harness";
import { screenshot } from "./browser";
import { type DeskSession, openDesk } from "./desk";
import type { Desk } from "./seed";

let app: TestApp;
let ws: TestWorkspace;
let desk: Desk;
let baseUrl = "";
let page: Page;
let session: DeskSession | undefined;

beforeAll(async () => {
  session = await openDesk("sla", async (s) => {
    const as = api(s.app, s.ws.admin);
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
    s.app.services.now = () => new Date(Date.now() - 2 * 3_600_000);
    await ok(
      as.post("/issues", {
        title: "Checkout fails for every customer",
        teamId: s.desk.supportTeamId,
        priority: "urgent",
      }),
    );
    delete s.app.services.now;
    await s.app.services.jobs.idle(undefined, 60_000);
    await s.app.services.jobs.enqueue("sla.refresh", { workspaceId: s.ws.workspaceId });
    await s.app.services.jobs.idle(undefined, 60_000);
  });
  ({ app, ws, desk, baseUrl, page } = session);
  // Building the web app and the desk takes minutes on a shared, busy machine.
}, 600_000);

afterAll(async () => {
  await session?.close();
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

  it("lets an admin edit and reorder policies, edit a calendar and give a team its calendar", async () => {
    const as = api(app, ws.admin);
    const policies = page.getByRole("table", { name: "SLA policies" });
    await policies.getByRole("button", { name: "Enterprise accounts", exact: true }).click();
    const dialog = page.getByRole("dialog", { name: "Edit SLA policy: Enterprise accounts" });
    expect(await dialog.getByLabel("First response (minutes)").inputValue()).toBe("15");
    await dialog.getByLabel("First response (minutes)").fill("20");
    await dialog.getByRole("button", { name: "Save policy" }).click();
    await dialog.waitFor({ state: "hidden" });
    const names = async () =>
      ((await as.get("/sla-policies")).json().items as { name: string; firstResponseMinutes: number }[]).map(
        (p) => `${p.name} ${p.firstResponseMinutes}`,
      );
    expect(await names()).toEqual(["Urgent 30", "Standard 480", "Enterprise accounts 20"]);
    await policies.getByRole("button", { name: "Move Enterprise accounts up" }).click();
    await expect.poll(names).toEqual(["Urgent 30", "Enterprise accounts 20", "Standard 480"]);
    await policies.getByRole("row", { name: /^2 Enterprise accounts/ }).waitFor();

    await page
      .getByRole("table", { name: "Business-hours calendars" })
      .getByRole("button", { name: "Around the world (default)", exact: true })
      .click();
    const calendar = page.getByRole("dialog", { name: "Edit calendar: Around the world" });
    await calendar.getByLabel("Holidays").fill("2026-12-25..2026-12-26 Christmas");
    await calendar.getByRole("button", { name: "Save calendar" }).click();
    await calendar.waitFor({ state: "hidden" });
    await page.getByLabel("Calendar of Support").selectOption({ label: "Around the world" });
    await expect
      .poll(async () => (await as.get("/business-hours")).json().items[0])
      .toMatchObject({ teamIds: [desk.supportTeamId], holidays: [{ name: "Christmas", from: "2026-12-25" }] });
    await screenshot(page, "sla-settings-edit");
  });

  it("fits the policies table at 1280 px, and scrolls it in its frame at 1024 px", async () => {
    await page.goto(`${baseUrl}/settings/sla`);
    const policies = page.getByRole("table", { name: "SLA policies" });
    await policies.getByText("Enterprise accounts").waitFor();
    const frame = page.locator(".settings-table-wrap", { has: policies });
    const deletes = policies.getByRole("button", { name: /^Delete SLA policy/ });
    for (const width of [1280, 1024]) {
      await page.setViewportSize({ width, height: 800 });
      const overflows = await frame.evaluate((el) => el.scrollWidth > el.clientWidth);
      if (width === 1280) expect(overflows).toBe(false);
      await deletes.last().scrollIntoViewIfNeeded();
      const [button, box] = [await deletes.last().boundingBox(), await frame.boundingBox()];
      // Every action can be reached: inside the frame, scrolled to if need be.
      expect(button && box && button.x + button.width <= box.x + box.width + 1).toBe(true);
      await frame.evaluate((el) => el.scrollTo({ left: 0 }));
      await screenshot(page, `sla-settings-${width}`);
    }
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it("sets how many minutes before a target a warning trigger fires, on an SLA condition", async () => {
    await page.goto(`${baseUrl}/settings/triggers`);
    await page.getByRole("button", { name: "New trigger" }).click();
    const dialog = page.getByRole("dialog", { name: "New trigger" });
    await dialog.getByLabel("Name").fill("First response due soon");
    await dialog.getByLabel("When").selectOption({ label: "An SLA target will be missed soon" });
    await dialog.getByLabel("Minutes before the target is due").fill("45");
    await dialog.getByRole("button", { name: "+ Add condition" }).click();
    await dialog.getByLabel("Condition 1 field").selectOption({ label: "First response due in (minutes)" });
    await dialog.getByLabel("Condition 1 comparison").selectOption({ label: "≤" });
    await dialog.getByLabel("Condition 1 value").fill("45");
    await dialog.getByRole("button", { name: "+ Add action" }).click();
    await dialog.getByLabel("Action 1 value").selectOption({ label: "Support" });
    await screenshot(page, "sla-warning-trigger");
    await dialog.getByRole("button", { name: "Create trigger" }).click();
    await dialog.waitFor({ state: "hidden" });
    await page.getByRole("table", { name: "Triggers" }).getByText("An SLA target is due in 45 min").waitFor();
    const triggers = (await api(app, ws.admin).get("/triggers")).json().items as Record<string, unknown>[];
    expect(triggers.find((t) => t.name === "First response due soon")).toMatchObject({
      event: "sla_warning",
      slaWarningMinutes: 45,
      conditions: { all: [{ field: "sla.first_response_due_in", op: "lte", value: 45 }] },
    });
  });
});
