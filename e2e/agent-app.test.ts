// The agent app end to end: the real server (in-process, embedded PostgreSQL) and the built
// web app, driven in Chromium. Screenshots of the main screens land in e2e/screenshots/.
import { execFileSync } from "node:child_process";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, buildWorkspace, startTestApp, type TestApp, type TestWorkspace } from "../apps/server/test/harness";
import { drag, launchChromium, logInAs, screenshot } from "./browser";
import { type Desk, seedDesk } from "./seed";

let app: TestApp;
let ws: TestWorkspace;
let desk: Desk;
let baseUrl = "";
let browser: Browser;
let agent: BrowserContext;
let page: Page;
const domain = `e2e${Date.now()}.test`;

beforeAll(async () => {
  // Vitest sets NODE_ENV=test, which would make Vite bundle React's development build.
  execFileSync("node", [path.resolve(import.meta.dirname, "../scripts/build-web-if-needed.mjs")], {
    stdio: "inherit",
    env: { ...process.env, NODE_ENV: "production" },
  });
  app = await startTestApp();
  baseUrl = await app.http.listen({ port: 0, host: "127.0.0.1" });
  ws = await buildWorkspace(app, domain.replace(".test", ""));
  desk = await seedDesk(app, ws, domain);
  browser = await launchChromium();
  agent = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  page = await agent.newPage();
  page.setDefaultTimeout(10_000);
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

const issueState = async (n: number) => {
  const res = await api(app, ws.admin).get(`/issues/${n}`);
  return res.json() as { state: string; assignee: { name: string } | null; priority: string };
};
const column = (state: string) => page.locator(`section.column[data-state="${state}"]`);
const card = (n: number) => page.locator(`[data-issue="${n}"]`);

describe("agent app", () => {
  it("opens a view as a dense list, then as a priority-ordered board", async () => {
    await logInAs(page, baseUrl, `admin@${domain}`, "password123");
    const started = Date.now();
    await page.goto(`${baseUrl}/views/${desk.queueViewId}`);
    await page.locator(".issue-list .row").first().waitFor();
    console.log(`first view load (navigation → rows visible): ${Date.now() - started} ms`);
    const titles = await page.locator(".issue-list .row-title").allTextContents();
    expect(titles[0]).toContain("SSO login loops"); // urgent first
    await page.getByRole("link", { name: /Support queue/ }).waitFor();
    await screenshot(page, "01-view-list");

    await page.getByRole("button", { name: "Board" }).click();
    await card(desk.issues.sso).waitFor();
    const started2 = Date.now();
    await page.reload();
    await column("new").locator(".card").first().waitFor();
    console.log(`board reload (navigation → cards visible): ${Date.now() - started2} ms`);
    const newColumn = await column("new").locator(".card-title").allTextContents();
    expect(newColumn).toEqual(["SSO login loops back to the sign-in page", "Can we extend our trial by two weeks?"]);
    await screenshot(page, "02-view-kanban");
  });

  it("drags a card to On Customer, and puts it back with the reason when closing is refused", async () => {
    await drag(page, card(desk.issues.trial), column("on_customer"));
    await column("on_customer").locator(`[data-issue="${desk.issues.trial}"]`).waitFor();
    await expect.poll(async () => (await issueState(desk.issues.trial)).state).toBe("on_customer");

    // Category is required on close and not set: the server refuses, the card returns.
    await drag(page, card(desk.issues.export), column("closed"));
    await page.getByRole("alert").filter({ hasText: "Category" }).waitFor();
    await column("on_you").locator(`[data-issue="${desk.issues.export}"]`).waitFor();
    expect((await issueState(desk.issues.export)).state).toBe("on_you");
    await screenshot(page, "03-kanban-refused-close");
  });

  it("replies with a macro, adds a note with a mention, reassigns — and a colleague sees it live", async () => {
    const danaContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const dana = await danaContext.newPage();
    await logInAs(dana, baseUrl, desk.dana.email, "password123");
    await dana.goto(`${baseUrl}/issues/${desk.issues.sso}`);
    await dana.getByRole("heading", { name: /SSO login loops/ }).waitFor();

    await page.goto(`${baseUrl}/views/${desk.queueViewId}`);
    await card(desk.issues.sso).click();
    await page.getByRole("heading", { name: /SSO login loops/ }).waitFor();
    await page.getByText("Dana Kim is viewing").waitFor();
    await dana.getByText("Admin is viewing").waitFor();

    await page.getByRole("button", { name: "Macros" }).click();
    await page.getByRole("button", { name: /Send Calendly link/ }).click();
    const reply = page.getByLabel("Reply to customer");
    await expect.poll(() => reply.inputValue()).toContain("Hi Jane");
    await page.getByRole("button", { name: "Send & apply macro" }).click();
    await page.locator(".message").filter({ hasText: "book a time here" }).waitFor();
    await expect.poll(async () => (await issueState(desk.issues.sso)).state).toBe("on_customer");

    // The desk has no email inbox yet: the reply says why it was not sent. Once an admin adds
    // one, "Send again" gets it as far as the outbox (no SMTP here), and the reason says so.
    const sent = page.locator(".message").filter({ hasText: "book a time here" });
    await sent.getByText("The workspace has no email inbox to send from.").waitFor();
    const inbox = await api(app, ws.admin).post("/inboxes", { address: `support@${domain}`, name: "Support" });
    expect(inbox.statusCode, inbox.body).toBe(201);
    await sent.getByRole("button", { name: "Send again" }).click();
    await sent.getByText(/No outgoing email server is configured/).waitFor();
    const outbox = (await api(app, ws.admin).get("/outbox?status=unsent")).json() as { items: { subject: string }[] };
    expect(outbox.items.map((o) => o.subject)).toEqual([expect.stringContaining("SSO login loops")]);

    await page.getByRole("tab", { name: "Internal note" }).click();
    const note = page.getByLabel("Internal note");
    await note.pressSequentially("Looping in @dan");
    await page.getByRole("button", { name: /Dana Kim/ }).click();
    await note.pressSequentially("can you check the Okta config?");
    await dana.getByText("Admin is typing").waitFor();
    await page.getByRole("button", { name: "Add note" }).click();
    await page.locator(".message.internal").filter({ hasText: "@dana.kim can you check" }).waitFor();

    await page.getByLabel("Assignee").selectOption({ label: "Sam Lee" });
    await expect.poll(async () => (await issueState(desk.issues.sso)).assignee?.name).toBe("Sam Lee");

    // Dana's page updates without a reload: the note, the new state and the assignee.
    await dana.locator(".message.internal").filter({ hasText: "can you check the Okta config" }).waitFor();
    await expect.poll(() => dana.getByLabel("Assignee").inputValue()).not.toBe("");
    expect(await dana.locator("#prop-assignee option:checked").textContent()).toBe("Sam Lee");
    expect(await dana.locator("#prop-state").inputValue()).toBe("on_customer");
    // Unread: the webhook issue assigned to her while seeding, and now this mention.
    await dana.getByRole("button", { name: "Notifications, 2 unread" }).waitFor();
    await screenshot(page, "04-issue-page");
    await screenshot(dana, "05-colleague-live");
    await danaContext.close();
  });

  it("searches from the command palette and works an issue from the keyboard", async () => {
    await page.goto(`${baseUrl}/views/${desk.queueViewId}`);
    await page.getByRole("button", { name: "List" }).click();
    await page.locator(".issue-list .row").first().waitFor();

    await page.keyboard.press("Control+k");
    // A word only a message says: the result shows that message's passage, the word marked.
    await page.getByPlaceholder(/Search issues/).fill("okta");
    const found = page.getByRole("option", { name: /SSO login loops back/ });
    await found.waitFor();
    // The newest message that says it is shown: the customer's, or a note an earlier test added.
    expect(await found.getByTestId("search-snippet").locator("mark").allInnerTexts()).toEqual(["Okta"]);
    await screenshot(page, "06-search-highlight");
    await page.getByPlaceholder(/Search issues/).fill("billing address");
    const invoice = page.getByRole("option", { name: /Invoice shows the wrong billing address/ });
    await invoice.waitFor();
    // A title match marks the title's words.
    expect(await invoice.locator(".palette-title mark").allInnerTexts()).toEqual(["billing", "address"]);
    await screenshot(page, "06-command-palette");
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { name: /Invoice shows the wrong billing address/ }).waitFor();

    const n = desk.issues.invoice;
    await page.keyboard.press("1");
    await expect.poll(async () => (await issueState(n)).priority).toBe("urgent");
    await page.keyboard.press("a");
    await expect.poll(async () => (await issueState(n)).assignee?.name).toBe("Admin");
    await page.keyboard.press("p");
    await page.getByRole("option", { name: /High/ }).click();
    await expect.poll(async () => (await issueState(n)).priority).toBe("high");

    // Shortcuts never fire while typing.
    await page.keyboard.press("n");
    await page.getByLabel("Internal note").pressSequentially("e1a");
    expect((await issueState(n)).state).toBe("on_hold");
    await page.keyboard.press("Escape");

    await page.keyboard.press("?");
    await page.getByRole("heading", { name: "Keyboard shortcuts" }).waitFor();
    await screenshot(page, "07-shortcuts");
    await page.keyboard.press("Escape");

    await page.getByRole("heading", { name: "Keyboard shortcuts" }).waitFor({ state: "hidden" });
    await page.keyboard.press("g");
    await page.keyboard.press("i");
    await page.getByRole("heading", { name: "My issues" }).waitFor();
    await page.locator(".issue-list .row").first().waitFor();
    await page.keyboard.press("j");
    await page.keyboard.press("k");
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { name: /Invoice shows the wrong billing address/ }).waitFor();
  });

  it("builds a view in the condition editor and lists only the issues it selects", async () => {
    await page.getByRole("button", { name: "New view" }).click();
    const dialog = page.getByRole("dialog", { name: "New view" });
    await dialog.getByLabel("Name").fill("Urgent only");
    await dialog.getByLabel("Layout").selectOption("list");
    await dialog.getByRole("button", { name: "+ Add condition" }).click();
    await dialog.getByLabel("Condition 1 field").selectOption({ label: "Priority" });
    await dialog.getByLabel("Condition 1 comparison").selectOption({ label: "is any of" });
    await dialog.getByLabel("Add Condition 1 value").selectOption({ label: "Urgent" });
    await screenshot(page, "08-view-editor");
    await dialog.getByRole("button", { name: "Create view" }).click();
    await page.getByRole("link", { name: /Urgent only/ }).click();
    await page.getByRole("heading", { name: "Urgent only" }).waitFor();
    // The list replaces My issues' rows once the view's own issues arrive.
    await expect
      .poll(() => page.locator(".issue-list .row-title").allTextContents())
      .toEqual(["SSO login loops back to the sign-in page"]);
  });
});
