// The agent's keyboard loop (issue 26), keyboard only: a Support agent lands on their team's
// board, works five issues from the top with reply-and-next, takes a reply back within the
// undo window, drafts a macro from the palette (not sent), leaves the draft and finds it again,
// closes an issue and undoes it, and reads a mention in the notifications panel; then the
// team's lead clears the unassigned queue with a bulk assignment.
import { execFileSync } from "node:child_process";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, buildWorkspace, startTestApp, type TestApp, type TestWorkspace } from "../apps/server/test/harness";
import { launchChromium, screenshot } from "./browser";
import { type Desk, seedDesk } from "./seed";

// The machine running the suite is shared and small: start-up under load can take minutes.
let app: TestApp;
let ws: TestWorkspace;
let desk: Desk;
let baseUrl = "";
let browser: Browser;
let page: Page;
let boardViewId = "";
let alexId = "";
const domain = `loop${Date.now()}.test`;

beforeAll(async () => {
  execFileSync("node", [path.resolve(import.meta.dirname, "../scripts/build-web-if-needed.mjs")], {
    stdio: "inherit",
    env: { ...process.env, NODE_ENV: "production" },
  });
  app = await startTestApp();
  baseUrl = await app.http.listen({ port: 0, host: "127.0.0.1" });
  ws = await buildWorkspace(app, domain.replace(".test", ""), { undoSendSeconds: 5 });
  desk = await seedDesk(app, ws, domain);
  const as = api(app, ws.admin);
  const alex = await as.post("/users", { email: `alex@${domain}`, name: "Alex Moreno", password: "password123" });
  alexId = alex.json().id;
  await as.put(`/teams/${desk.supportTeamId}/members/${alexId}`, {});
  const board = await as.post("/views", {
    name: "Support board",
    ownerType: "team",
    ownerTeamId: desk.supportTeamId,
    layout: "kanban",
    sort: "priority",
    filter: { field: "issue.team", op: "in", value: [desk.supportTeamId] },
  });
  expect(board.statusCode, board.body).toBe(201);
  boardViewId = board.json().id;
  browser = await launchChromium();
  page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
  page.setDefaultTimeout(10_000);
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

const admin = () => api(app, ws.admin);
const issue = async (n: number) =>
  (await admin().get(`/issues/${n}`)).json() as { state: string; assignee: { id: string } | null };
const messages = async (n: number) =>
  (await admin().get(`/issues/${n}/messages`)).json().items as { bodyText: string; visibility: string }[];
const composer = () => page.getByLabel("Reply to customer");
const atIssue = (n: number) => page.waitForURL(`${baseUrl}/issues/${n}`);
/** Opens an issue by address and waits until its page (and its keys) are there. */
const openIssue = async (n: number) => {
  await page.goto(`${baseUrl}/issues/${n}`);
  await page.locator("#issue-title").waitFor();
  await composer().waitFor();
};
/** Every key the agent presses beyond typing text, to report keys per reply-and-next. */
const pressed: string[] = [];
const press = async (key: string) => {
  pressed.push(key);
  await page.keyboard.press(key);
};

describe("the keyboard loop", () => {
  it("lands a Support agent on their team's board", async () => {
    await page.goto(`${baseUrl}/`);
    await page.getByLabel("Email").fill(`alex@${domain}`);
    await page.getByLabel("Password").fill("password123");
    await page.keyboard.press("Enter");
    await page.waitForURL(`${baseUrl}/views/${boardViewId}`);
    await page.locator(".card.selected").first().waitFor();
    await screenshot(page, "loop-01-board-1440");
  });

  it("works five issues from the top of the board with reply-and-next", async () => {
    const order = [desk.issues.sso, desk.issues.trial, desk.issues.webhook, desk.issues.export, desk.issues.invoice];
    expect(await page.locator(".card.selected").getAttribute("class")).toContain("selected");
    await press("Enter");
    await atIssue(order[0] ?? 0);
    await press("r");
    for (const [i, number] of order.entries()) {
      await atIssue(number);
      await expect.poll(() => composer().evaluate((el) => el === document.activeElement)).toBe(true);
      await page.keyboard.type(`Thanks, looking at #${number} now.`);
      if (i === 0) await screenshot(page, "loop-02-issue-composing-1440");
      pressed.push("Control+Shift+Enter");
      await page.keyboard.press("Control+Shift+Enter");
      if (i === 0) {
        await page
          .getByRole("status")
          .filter({ hasText: `Reply to #${number} goes out in` })
          .waitFor();
        await screenshot(page, "loop-03-undo-toast-1440");
      }
    }
    // After the last one the agent is back on the board, the last issue selected.
    await page.waitForURL(`${baseUrl}/views/${boardViewId}`);
    for (const number of order) {
      const thread = await messages(number);
      expect(thread.at(-1)?.bodyText).toBe(`Thanks, looking at #${number} now.`);
    }
    // Replying to an unassigned issue of the pooled team made it Alex's; Dana keeps hers.
    expect((await issue(desk.issues.sso)).assignee?.id).toBe(alexId);
    expect((await issue(desk.issues.webhook)).assignee?.id).toBe(desk.dana.id);
    // Keys beyond typing: Enter and r once, then one chord per issue.
    console.log(`keys beyond typing for 5 reply-and-next: ${pressed.length} (${pressed.join(", ")})`);
    expect(pressed.length).toBe(2 + order.length);
  });

  it("takes a reply back within the undo window: it never reaches the customer", async () => {
    await openIssue(desk.issues.trial);
    await press("r");
    await page.keyboard.type("Oops, wrong customer.");
    await page.keyboard.press("Control+Enter");
    await page
      .getByRole("status")
      .filter({ hasText: `Reply to #${desk.issues.trial} goes out in` })
      .waitFor();
    await page.keyboard.press("Escape"); // leave the reply box
    await page.keyboard.press("z");
    await page.getByRole("status").filter({ hasText: "taken back" }).waitFor();
    await expect.poll(() => composer().inputValue()).toBe("Oops, wrong customer.");
    expect((await messages(desk.issues.trial)).map((m) => m.bodyText)).not.toContain("Oops, wrong customer.");
    await composer().fill("");
  });

  it("drafts a macro from the palette without sending it, and finds the draft again from the board", async () => {
    await page.goto(`${baseUrl}/views/${boardViewId}`);
    await page.locator(".card.selected").waitFor();
    await page.keyboard.press("Escape");
    const sso = desk.issues.sso;
    await openIssue(sso);
    const before = (await messages(sso)).length;
    await page.keyboard.press("Control+k");
    await page.keyboard.type("macro");
    await page.keyboard.press("Enter");
    await page.keyboard.type("Calendly");
    await screenshot(page, "loop-04-palette-macro-1440");
    await page.keyboard.press("Enter");
    await expect.poll(() => composer().inputValue()).toContain("book a time here");
    expect((await messages(sso)).length).toBe(before);
    await page.keyboard.type(" Tuesday works too.");
    await page.keyboard.press("Escape"); // leave the box
    await expect
      .poll(async () => (await admin().get(`/issues/${sso}/draft`)).json().draft, { timeout: 5000 })
      .toBeNull(); // the admin has no draft here: drafts are per person
    await expect
      .poll(async () => {
        const mine = await page.evaluate(async (n) => (await fetch(`/api/v1/issues/${n}/draft`)).json(), sso);
        return (mine as { draft: { body: string } | null }).draft?.body ?? "";
      })
      .toContain("Tuesday works too.");
    await page.goto(`${baseUrl}/views/${boardViewId}`);
    await page.locator(`[data-issue="${sso}"] .draft-mark`).waitFor();
    await screenshot(page, "loop-05-board-draft-1440");
    await openIssue(sso);
    await expect.poll(() => composer().inputValue()).toContain("Tuesday works too.");
  });

  it("closes an issue by key and undoes it", async () => {
    const n = desk.issues.export;
    await openIssue(n);
    // Category is required on close: set it by API so the close goes through.
    await admin().patch(`/issues/${n}`, { customFields: { category: "Bug" } });
    await page.keyboard.press("e");
    await page
      .getByRole("status")
      .filter({ hasText: `Closed #${n}` })
      .waitFor();
    await expect.poll(async () => (await issue(n)).state).toBe("closed");
    await page.keyboard.press("z");
    await expect.poll(async () => (await issue(n)).state).toBe("on_customer");
  });

  it("reads a mention in the notifications panel and jumps to its issue", async () => {
    const n = desk.issues.invoice;
    await admin().post(`/issues/${n}/messages`, { visibility: "internal", body: "@alex can you check the address?" });
    await page.goto(`${baseUrl}/views/${boardViewId}`);
    await page.locator(".card.selected").waitFor();
    await page.keyboard.press("g");
    await page.keyboard.press("n");
    const panel = page.getByRole("dialog", { name: "Notifications" });
    await panel.getByText("mentioned you on").first().waitFor();
    await screenshot(page, "loop-06-notifications-1440");
    await page.keyboard.press("Enter");
    await atIssue(n);
    await expect.poll(async () => (await api(app, await alexSession()).get("/notifications")).json().unread).toBe(0);
  });

  it("lets the team's lead bulk-assign the unassigned queue, keyboard only", async () => {
    const as = admin();
    await as.patch(`/teams/${desk.supportTeamId}`, { leadUserId: desk.dana.id });
    const sam = ((await as.get("/users")).json().items as { id: string; name: string }[]).find(
      (u) => u.name === "Sam Lee",
    );
    const queue: number[] = [];
    for (const title of [
      "Password reset mail never arrives",
      "API rate limit too low",
      "Dark mode request",
      "Logo upload fails",
    ]) {
      // No first message: the admin's own reply would assign the issue to them (assign-on-reply).
      const created = await as.post("/issues", { title, teamId: desk.supportTeamId });
      queue.push(created.json().number);
    }
    const view = await as.post("/views", {
      name: "Unassigned Support",
      ownerType: "workspace",
      layout: "list",
      sort: "priority",
      filter: {
        all: [
          { field: "issue.team", op: "in", value: [desk.supportTeamId] },
          { field: "issue.assignee", op: "is_not_set" },
          { field: "issue.state", op: "neq", value: "closed" },
        ],
      },
    });
    expect(view.statusCode, view.body).toBe(201);
    const lead = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
    lead.setDefaultTimeout(10_000);
    await lead.goto(`${baseUrl}/`);
    await lead.getByLabel("Email").fill(desk.dana.email);
    await lead.getByLabel("Password").fill("password123");
    await lead.keyboard.press("Enter");
    await lead.getByRole("navigation", { name: "Main" }).waitFor();
    await lead.keyboard.press("Control+k");
    await lead.keyboard.type("Unassigned Support");
    await lead.keyboard.press("Enter");
    const rows = lead.locator(".issue-list .row");
    await expect.poll(() => rows.count()).toBe(queue.length);
    await lead.locator(".issue-list .row.selected").waitFor();
    // x on the first, down to the last, ⇧X takes the range.
    await lead.keyboard.press("x");
    for (let i = 1; i < queue.length; i++) await lead.keyboard.press("j");
    await lead.keyboard.press("Shift+X");
    const bar = lead.getByRole("toolbar", { name: "Selected issues" });
    await bar.getByText(`${queue.length} selected`).waitFor();
    await lead.keyboard.press("a");
    await lead.keyboard.type("Sam");
    await screenshot(lead, "loop-07-bulk-assign-1440");
    await lead.keyboard.press("Enter");
    await lead
      .getByRole("status")
      .filter({ hasText: `Assigned to Sam Lee: ${queue.length} issues` })
      .waitFor();
    for (const n of queue) expect((await issue(n)).assignee?.id).toBe(sam?.id);
    await lead.getByText("No issues match this view.").waitFor();
    await lead.setViewportSize({ width: 1024, height: 768 });
    await lead.keyboard.press("g");
    await lead.keyboard.press("i");
    await lead.waitForURL(`${baseUrl}/my-issues`);
    await screenshot(lead, "loop-08-my-issues-1024");
    await lead.context().close();
  });

  it("looks right at 1024 × 768", async () => {
    await page.setViewportSize({ width: 1024, height: 768 });
    await page.goto(`${baseUrl}/views/${boardViewId}`);
    await page.locator(".card.selected").waitFor();
    await screenshot(page, "loop-09-board-1024");
    await openIssue(desk.issues.sso);
    await screenshot(page, "loop-10-issue-1024");
    await page.keyboard.press("g");
    await page.keyboard.press("n");
    await page.getByRole("dialog", { name: "Notifications" }).waitFor();
    await screenshot(page, "loop-11-notifications-1024");
  });
});

async function alexSession() {
  const { logIn } = await import("../apps/server/test/harness");
  return logIn(app, `alex@${domain}`, "password123");
}
