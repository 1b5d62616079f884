// The knowledge base in the browser: the issue sidebar suggests an article from the thread and
// one key (l) puts its help-center link into the reply; the copilot's draft lands in the composer
// with its citation; the editor and the public help center render. Screenshots land in
// e2e/screenshots/knowledge-*.png.
import { execFileSync } from "node:child_process";
import path from "node:path";
import type { KbArticle } from "@switchboard/api";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, buildWorkspace, startTestApp, type TestApp, type TestWorkspace } from "../apps/server/test/harness";
import { startOpenAiStandIn } from "../apps/server/test/routing/openaiStandIn";
import { launchChromium, logInAs, screenshot } from "./browser";
import { type Desk, seedDesk } from "./seed";

let app: TestApp;
let ws: TestWorkspace;
let desk: Desk;
let baseUrl = "";
let browser: Browser;
let page: Page;
let article: KbArticle;
let standIn: Awaited<ReturnType<typeof startOpenAiStandIn>> | undefined;
/** What the stand-in model answers: it fails until a test says otherwise (the offline draft answers). */
let modelAnswer: { status: number; content?: string } = { status: 500 };
const domain = `kb${Date.now()}.test`;

beforeAll(async () => {
  execFileSync("node", [path.resolve(import.meta.dirname, "../scripts/build-web-if-needed.mjs")], {
    stdio: "inherit",
    env: { ...process.env, NODE_ENV: "production" },
  });
  standIn = await startOpenAiStandIn(() => modelAnswer);
  app = await startTestApp({ OPENAI_BASE_URL: standIn.url, OPENAI_API_KEY: "sk-test", OPENAI_MODEL: "writer-model" });
  baseUrl = await app.http.listen({ port: 0, host: "127.0.0.1" });
  ws = await buildWorkspace(app, domain.replace(".test", ""));
  desk = await seedDesk(app, ws, domain);
  const as = api(app, ws.admin);
  const collection = (await as.post("/kb/collections", { name: "Account & security" })).json() as { id: string };
  const created = await as.post("/kb/articles", {
    title: "Fix an Okta SSO login loop",
    collectionId: collection.id,
    status: "published",
    visibility: "public",
    body: "If Okta SSO redirects back to the login page, the session cookie is blocked.\n\n## Steps\n\n1. Open Settings → Security → SSO.\n2. Check the ACS URL matches your Okta app.\n3. Ask users to log in again.",
  });
  if (created.statusCode !== 201) throw new Error(created.body);
  article = created.json() as KbArticle;
  await as.post("/kb/articles", {
    title: "Download invoices",
    status: "published",
    visibility: "public",
    body: "All invoices are under Settings → Billing → Invoices.",
  });
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  page = await context.newPage();
  page.setDefaultTimeout(20_000);
  await logInAs(page, baseUrl, `admin@${domain}`, "password123");
}, 400_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await standIn?.close();
});

describe("knowledge base in the agent app", { timeout: 120_000 }, () => {
  it("suggests the article for the issue and inserts its link into the reply with one key", async () => {
    await page.goto(`${baseUrl}/issues/${desk.issues.sso}`);
    const suggestions = page.getByRole("list", { name: "Suggested articles" });
    await expect.poll(() => suggestions.getByRole("listitem").first().textContent()).toContain(article.title);
    await page.getByRole("heading", { name: /SSO login loops/ }).click();
    await page.keyboard.press("l");
    const reply = page.getByRole("textbox", { name: "Reply to customer" });
    await expect
      .poll(() => reply.inputValue())
      .toBe(`[${article.title}](${baseUrl}/help/${domain}/articles/${article.slug})`);
    await screenshot(page, "knowledge-sidebar");
  });

  it("puts the copilot's draft, with its citation, into the composer", async () => {
    await page.getByRole("button", { name: "Draft reply" }).click();
    const reply = page.getByRole("textbox", { name: "Reply to customer" });
    await expect.poll(() => reply.inputValue()).toContain("[1]");
    expect(await reply.inputValue()).toContain("Hi Jane");
    const sources = page.getByRole("list", { name: "Sources" });
    await expect.poll(() => sources.textContent()).toContain(article.title);
    await screenshot(page, "knowledge-copilot");
  });

  it("tells the agent which citations of a generated draft were removed", async () => {
    modelAnswer = {
      status: 200,
      content: `Hi Jane, open Settings → Security → SSO and check the ACS URL [1]. Our runbook covers the rest [7], see [the runbook](/help/${domain}/articles/internal-sso-runbook).`,
    };
    await page.goto(`${baseUrl}/issues/${desk.issues.sso}`);
    await page.getByRole("button", { name: "Draft reply" }).click();
    const reply = page.getByRole("textbox", { name: "Reply to customer" });
    await expect.poll(() => reply.inputValue(), { timeout: 30_000 }).toContain("check the ACS URL [1]");
    expect(await reply.inputValue()).not.toContain("internal-sso-runbook");
    const note = page.getByRole("note");
    await expect.poll(() => note.textContent(), { timeout: 10_000 }).toContain("2 citations removed");
    const sources = page.getByRole("list", { name: "Sources" });
    expect(await sources.textContent()).not.toContain("## ");
    await note.scrollIntoViewIfNeeded();
    await screenshot(page, "knowledge-citations-removed");
    modelAnswer = { status: 500 };
  });

  it("edits an article with the toolbar and the rendered preview", async () => {
    await page.goto(`${baseUrl}/knowledge/${article.id}`);
    const body = page.getByRole("textbox", { name: "Article body (markdown)" });
    await expect.poll(() => body.inputValue()).toContain("## Steps");
    await body.press("End");
    await page.getByRole("button", { name: "Bold (⌘B)" }).click();
    await expect.poll(() => body.inputValue()).toContain("**bold text**");
    const preview = page.getByRole("region", { name: "Preview" });
    await expect.poll(() => preview.locator("strong").count()).toBeGreaterThan(0);
    await expect.poll(() => preview.locator("h2").textContent()).toBe("Steps");
    await screenshot(page, "knowledge-editor");
  });

  it("uploads an image into the article and shows it in the preview", async () => {
    await page.goto(`${baseUrl}/knowledge/${article.id}`);
    const body = page.getByRole("textbox", { name: "Article body (markdown)" });
    await expect.poll(() => body.inputValue()).toContain("## Steps");
    const png = Buffer.from(
      "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=",
      "base64",
    );
    await page.getByLabel("Upload an image").setInputFiles({ name: "sso.png", mimeType: "image/png", buffer: png });
    await expect.poll(() => body.inputValue()).toContain("](/api/v1/kb/images/");
    const preview = page.getByRole("region", { name: "Preview" });
    await expect.poll(() => preview.locator("img").count()).toBe(1);
  });

  it("marks a visibility change in the history and restores a revision's visibility with its words", async () => {
    const as = api(app, ws.admin);
    const created = await as.post("/kb/articles", {
      title: "Rotate the SCIM token",
      status: "published",
      visibility: "internal",
      body: "Agents only: rotate the SCIM token from the admin console.",
    });
    const draft = created.json() as KbArticle;
    const opened = await as.patch(`/kb/articles/${draft.id}`, {
      visibility: "public",
      body: "Open Settings → Security → SCIM and choose Rotate.",
    });
    expect(opened.statusCode, opened.body).toBe(200);
    await page.goto(`${baseUrl}/knowledge/${draft.id}`);
    const body = page.getByRole("textbox", { name: "Article body (markdown)" });
    await expect.poll(() => body.inputValue()).toContain("choose Rotate");
    await page.getByRole("button", { name: "History", exact: true }).click();
    const history = page.getByRole("region", { name: "Revision history" });
    await expect.poll(() => history.textContent()).toContain("Visibility: Agents only → Everyone (help center)");
    await screenshot(page, "knowledge-history");
    const first = history.getByRole("listitem").filter({ hasText: "#1" });
    await first.getByRole("button", { name: "Restore into editor", exact: true }).click();
    await expect.poll(() => body.inputValue()).toContain("Agents only: rotate the SCIM token");
    await expect.poll(() => page.getByLabel("Visible to").inputValue()).toBe("internal");
  });

  it("reviews knowledge gaps: acceptance of the copilot, assignee, generate from issues", async () => {
    const as = api(app, ws.admin);
    for (const question of ["How do I rotate an API key?", "Can I rotate our API keys?"]) {
      await as.post("/knowledge-gaps", { question });
    }
    await page.goto(`${baseUrl}/knowledge/gaps`);
    const acceptance = page.getByRole("region", { name: "Copilot acceptance" });
    await expect.poll(() => acceptance.textContent()).toContain("drafted");
    await page.getByRole("checkbox").first().check();
    await page.getByRole("combobox", { name: "Assign selected to" }).selectOption({ label: "Admin" });
    await expect.poll(() => page.getByRole("list", { name: "Knowledge gaps" }).textContent()).toContain("→");
    expect(await page.getByRole("textbox", { name: "Resolved issue numbers" }).isVisible()).toBe(true);
    await screenshot(page, "knowledge-gaps");
  });

  it("serves the article on the public help center", async () => {
    await page.goto(`${baseUrl}/help/${domain}/articles/${article.slug}`);
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe(article.title);
    await screenshot(page, "knowledge-help-article");
    await page.goto(`${baseUrl}/help/${domain}/search?q=okta`);
    expect(await page.locator("mark").count()).toBeGreaterThan(0);
    await screenshot(page, "knowledge-help-search");
  });
});
