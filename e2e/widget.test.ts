// The chat widget in Chromium, embedded in the demo host page: a verified customer opens a
// conversation, an agent answers in the agent app, and the widget shows the answer live with the
// agent's name; customer HTML stays text in the agent app; a forged hash sees no history; the help
// search finds articles and opens them on the help center.
// Screenshots: e2e/screenshots/widget-*.png.
import { execFileSync } from "node:child_process";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { userHash } from "../apps/server/src/domain/widget";
import { api, buildWorkspace, startTestApp, type TestApp, type TestWorkspace } from "../apps/server/test/harness";
import { launchChromium, logInAs, screenshot } from "./browser";

let app: TestApp;
let ws: TestWorkspace;
let baseUrl = "";
let browser: Browser;
let agent: Page;
let customer: Page;
let widget: { appId: string; secret: string };
const name = `widg${Date.now()}`;
const email = `ada@globex-${name}.example`;

const demoUrl = (user: Record<string, string>) =>
  `${baseUrl}/widget/demo?${new URLSearchParams({ appId: widget.appId, ...user })}`;

beforeAll(async () => {
  execFileSync("node", [path.resolve(import.meta.dirname, "../scripts/build-web-if-needed.mjs")], {
    stdio: "inherit",
    env: { ...process.env, NODE_ENV: "production" },
  });
  app = await startTestApp();
  baseUrl = await app.http.listen({ port: 0, host: "127.0.0.1" });
  ws = await buildWorkspace(app, name);
  const admin = api(app, ws.admin);
  await admin.post("/accounts", { name: "Globex", domains: [`globex-${name}.example`] });
  const created = await admin.post("/widgets", { name: "Globex web app" });
  expect(created.statusCode, created.body).toBe(201);
  widget = created.json() as typeof widget;
  browser = await launchChromium();
  agent = await (await browser.newContext({ viewport: { width: 1280, height: 860 } })).newPage();
  customer = await (await browser.newContext({ viewport: { width: 1100, height: 760 } })).newPage();
  for (const page of [agent, customer]) page.setDefaultTimeout(20_000);
  await logInAs(agent, baseUrl, `admin@${name}.test`, "password123");
  // A shared 2-core machine: migrating and building can take minutes.
}, 400_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

describe("the chat widget on a host page", () => {
  it("sends a customer message and shows the agent's reply live, with the agent's name", async () => {
    await customer.goto(demoUrl({ email, name: "Ada Lovelace", userHash: userHash(email, widget.secret) }));
    // The host page's aggressive styles (pink buttons) do not reach the widget's Shadow DOM.
    const launcher = customer.getByRole("button", { name: "Open support chat" });
    await launcher.click();
    await customer.getByRole("button", { name: "New conversation" }).click();
    const message = customer.getByLabel("Message");
    await message.fill("Our export to CSV <b>hangs</b> at 99%");
    await message.press("Enter");
    await customer.getByText("Our export to CSV <b>hangs</b> at 99%").first().waitFor();
    expect(await launcher.evaluate((b) => getComputedStyle(b).backgroundColor)).toBe("rgb(79, 70, 229)");

    const issues = (await api(app, ws.admin).get("/issues?channel=widget")).json() as {
      items: { number: number; title: string }[];
    };
    const number = issues.items[0]?.number;
    expect(issues.items[0]?.title).toBe("Our export to CSV <b>hangs</b> at 99%");

    await agent.goto(`${baseUrl}/issues/${number}`);
    // Customer HTML is shown as text in the agent app, not rendered.
    await agent.getByText("Our export to CSV <b>hangs</b> at 99%").first().waitFor();
    expect(await agent.locator(".message b").count()).toBe(0);
    await agent.getByLabel("Reply to customer").fill("Thanks Ada — a fix is rolling out now.");
    await agent.getByRole("button", { name: "Send reply" }).click();

    // Live: no reload of the customer's page.
    await customer.getByText("Thanks Ada — a fix is rolling out now.").waitFor();
    await customer.getByText("Admin", { exact: true }).waitFor();
    await screenshot(customer, "widget-conversation");

    // A second customer message reaches the agent app live.
    await message.fill("Confirmed, it works now!");
    await message.press("Enter");
    await agent.getByText("Confirmed, it works now!").waitFor();
    await screenshot(agent, "widget-agent-app");
  });

  it("finds help-center articles as the customer types, opens one on the help center, and starts a conversation when none match", async () => {
    const admin = api(app, ws.admin);
    const published = { status: "published", visibility: "public" } as const;
    const article = await admin.post("/kb/articles", {
      title: "Exporting reports to CSV",
      body: "Open a report, choose **Export**, then CSV. Large exports arrive by email within minutes.",
      ...published,
    });
    expect(article.statusCode, article.body).toBe(201);
    const { slug } = article.json() as { slug: string };
    await admin.post("/kb/articles", {
      title: "Export runbook for agents",
      body: "CSV export restarts.",
      status: "published",
      visibility: "internal",
    });

    const context = await browser.newContext({ viewport: { width: 1100, height: 760 } });
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    await page.goto(demoUrl({ email, name: "Ada Lovelace", userHash: userHash(email, widget.secret) }));
    await page.getByRole("button", { name: "Open support chat" }).click();
    // The search box has the focus when the panel opens: the customer just types.
    await expect
      .poll(() =>
        page.evaluate(() =>
          document.getElementById("switchboard-widget")?.shadowRoot?.activeElement?.getAttribute("aria-label"),
        ),
      )
      .toBe("Search help articles");
    await page.getByRole("link", { name: "Help center ↗" }).waitFor();
    await screenshot(page, "widget-help-list");
    await page.keyboard.type("csv export");
    const hit = page.getByRole("link", { name: /Exporting reports to CSV/ });
    await hit.waitFor();
    await page.getByText("1 article", { exact: true }).waitFor();
    expect(await page.locator(".snippet mark").count()).toBeGreaterThan(0);
    expect(await page.getByText("Export runbook for agents").count()).toBe(0);
    expect(await page.getByRole("link", { name: "Help center ↗" }).getAttribute("href")).toMatch(/\/help\/[^/]+$/);
    await screenshot(page, "widget-help-search");

    // ↓ reaches the article, Enter opens it on the public help center in a new tab.
    await page.keyboard.press("ArrowDown");
    const [tab] = await Promise.all([context.waitForEvent("page"), page.keyboard.press("Enter")]);
    await tab.waitForLoadState();
    expect(new URL(tab.url()).pathname).toMatch(new RegExp(`^/help/[^/]+/articles/${slug}$`));
    await tab.getByRole("heading", { level: 1, name: "Exporting reports to CSV" }).waitFor();
    await tab.close();

    // Nothing matches: the same words start a conversation.
    const search = page.getByLabel("Search help articles");
    await search.fill("quarterly invoice reconciliation");
    await page.getByText("No articles match — start a conversation and we'll help.").waitFor();
    await screenshot(page, "widget-help-empty");
    await page.getByRole("button", { name: "Start a conversation" }).click();
    expect(await page.getByLabel("Message").inputValue()).toBe("quarterly invoice reconciliation");
    await context.close();
  });

  it("asks for a rating on the team's scale once resolved, live, and takes a comment", async () => {
    const admin = api(app, ws.admin);
    const team = (await admin.post("/teams", { name: "Thumbs", csatScale: "thumbs" })).json() as { id: string };
    const [issue] = ((await admin.get("/issues?channel=widget")).json() as { items: { number: number }[] }).items;
    expect((await admin.patch(`/issues/${issue?.number}`, { teamId: team.id, state: "closed" })).statusCode).toBe(200);
    await customer.getByRole("button", { name: "Good" }).click();
    await customer.getByText("Thanks for your rating!").waitFor();
    await customer.getByLabel("Comment on your rating").fill("Quick fix, thank you");
    await customer.getByRole("button", { name: "Send comment" }).click();
    await customer.getByText("Quick fix, thank you").waitFor();
    await screenshot(customer, "widget-csat");
    expect((await admin.get(`/issues/${issue?.number}/csat`)).json()).toMatchObject({
      score: 5,
      comment: "Quick fix, thank you",
      channel: "widget",
    });
    await agent.goto(`${baseUrl}/settings/teams`);
    await agent.getByRole("button", { name: "Thumbs", exact: true }).click();
    await agent.getByText("Customer satisfaction (CSAT)").waitFor();
    await screenshot(agent, "settings-team-csat");
  });

  it("fills fields from setNewIssueFields, counts unread on the host page, and catches up after a lost connection", async () => {
    const admin = api(app, ws.admin);
    await admin.post("/custom-fields", { object: "issue", key: "plan", label: "Plan", type: "text" });
    const context = await browser.newContext({ viewport: { width: 1100, height: 760 } });
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    // The widget's socket runs through a route we can cut: `offline` refuses reconnects meanwhile.
    let offline = false;
    let cut = () => {};
    let connections = 0;
    await page.routeWebSocket(/\/widget\/ws/, (socket) => {
      if (offline) return socket.close();
      connections += 1;
      socket.connectToServer();
      cut = () => socket.close();
    });
    const grace = `grace@globex-${name}.example`;
    await page.goto(demoUrl({ email: grace, name: "Grace Hopper", userHash: userHash(grace, widget.secret) }));
    await page.evaluate(() =>
      (window as unknown as { Switchboard(command: string, arg: unknown): void }).Switchboard("setNewIssueFields", {
        plan: "Enterprise",
      }),
    );
    await page.getByRole("button", { name: "Open support chat" }).click();
    await page.getByRole("button", { name: "New conversation" }).click();
    await page.getByLabel("Message").fill("How long do you keep audit logs?");
    await page.getByLabel("Message").press("Enter");
    await page.getByText("How long do you keep audit logs?").first().waitFor();
    const listed = (await admin.get("/issues?channel=widget")).json() as {
      items: { number: number; title: string; customFields: Record<string, unknown> }[];
    };
    const issue = listed.items.find((i) => i.title === "How long do you keep audit logs?");
    expect(issue?.customFields).toMatchObject({ plan: "Enterprise" });

    // Hidden widget, an agent's reply: the host page's onUnreadCountChange counter shows it.
    await page.getByRole("button", { name: "Close support chat" }).click();
    await admin.post(`/issues/${issue?.number}/messages`, { body: "Twelve months on every plan." });
    await expect.poll(() => page.locator("#unread").textContent(), { timeout: 20_000 }).toBe("1");

    // The connection drops; a reply sent while it is down arrives with the reconnect's catch-up.
    offline = true;
    cut();
    await admin.post(`/issues/${issue?.number}/messages`, { body: "Enterprise can extend it to 24." });
    await app.services.jobs.idle(["message.deliver"], 20_000);
    expect(await page.locator("#unread").textContent()).toBe("1");
    offline = false;
    await expect.poll(() => page.locator("#unread").textContent(), { timeout: 30_000 }).toBe("2");
    expect(connections).toBeGreaterThan(1);
    await context.close();
  });

  it("shows typing both ways, sends a screenshot and corrects a message, all live in the agent app", async () => {
    const context = await browser.newContext({ viewport: { width: 1100, height: 760 } });
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    const linus = `linus@globex-${name}.example`;
    await page.goto(demoUrl({ email: linus, name: "Linus", userHash: userHash(linus, widget.secret) }));
    await page.getByRole("button", { name: "Open support chat" }).click();
    await page.getByRole("button", { name: "New conversation" }).click();
    const message = page.getByLabel("Message");
    await message.fill("The invoice page shows the wrong totl");
    await message.press("Enter");
    await page.getByText("The invoice page shows the wrong totl").first().waitFor();
    const listed = (await api(app, ws.admin).get("/issues?channel=widget")).json() as {
      items: { number: number; title: string }[];
    };
    const number = listed.items.find((i) => i.title.startsWith("The invoice page"))?.number;
    await agent.goto(`${baseUrl}/issues/${number}`);
    await agent.getByText("The invoice page shows the wrong totl").first().waitFor();

    // The customer types: the agent sees it (the widget's socket reconnects after a first message,
    // so keep typing until a frame gets through).
    await expect
      .poll(
        async () => {
          await message.press("x");
          return agent.getByText("Linus (customer) is typing").count();
        },
        { timeout: 30_000, interval: 2_500 },
      )
      .toBeGreaterThan(0);
    await message.fill("");
    // The agent types a reply: the widget shows it.
    const reply = agent.getByLabel("Reply to customer");
    await expect
      .poll(
        async () => {
          await reply.press("a");
          return page.getByText("Admin is typing…").count();
        },
        { timeout: 30_000, interval: 3_000 },
      )
      .toBeGreaterThan(0);
    await screenshot(page, "widget-typing");

    // A screenshot as a file: thumbnail in the widget, listed in the agent app.
    const png = Buffer.from(
      "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
      "base64",
    );
    await page.locator("input[type=file]").setInputFiles({ name: "invoice.png", mimeType: "image/png", buffer: png });
    await page.getByText("invoice.png · 70 B").waitFor();
    await message.fill("Here is what I see");
    await message.press("Enter");
    await page.getByRole("button", { name: "Download invoice.png" }).waitFor();
    await page.locator("img.thumb").waitFor();
    await agent.getByRole("link", { name: "📎 invoice.png" }).waitFor();

    // ↑ in the empty box corrects the last message; the agent sees the new text, marked edited.
    await message.press("ArrowUp");
    await page.getByText("Editing your message").waitFor();
    await message.fill("Here is what I see (page 2)");
    await message.press("Enter");
    await page.getByText("Here is what I see (page 2)").waitFor();
    await agent.getByText("Here is what I see (page 2)").waitFor();
    await agent.getByText("(edited)").waitFor();
    await screenshot(page, "widget-attachment-edit");
    await screenshot(agent, "widget-agent-typing-edit");
    await context.close();
  });

  it("shows a forged identity no history and tells the visitor", async () => {
    const forged = await customer
      .context()
      .browser()
      ?.newContext({ viewport: { width: 1100, height: 760 } });
    if (!forged) throw new Error("no browser");
    const page = await forged.newPage();
    await page.goto(demoUrl({ email, name: "Mallory", userHash: "ab".repeat(32) }));
    await page.getByRole("button", { name: "Open support chat" }).click();
    await page.getByText("We could not verify who you are.").waitFor();
    expect(await page.getByText("Our export to CSV").count()).toBe(0);
    await screenshot(page, "widget-forged");
    // Without a hash, the visitor may start a conversation but sees none of Ada's.
    await page.goto(demoUrl({ email, name: "Mallory" }));
    await page.getByRole("button", { name: "Open support chat" }).click();
    await page.getByText("No conversations yet.").waitFor();
    expect(await page.getByText("Our export to CSV").count()).toBe(0);
    await forged.close();
  });

  it("creates a widget in Settings and shows its secret once, with the embed snippet", async () => {
    await agent.goto(`${baseUrl}/settings/widget`);
    await agent.getByRole("heading", { level: 2, name: "Chat widget" }).waitFor();
    await agent.getByRole("cell", { name: "Globex web app", exact: true }).waitFor();
    await agent.getByRole("button", { name: "New widget" }).click();
    await agent.getByLabel("Widget name").fill("Admin console");
    await agent.getByRole("button", { name: "Create widget" }).click();
    const secret = agent.getByLabel("Secret", { exact: true });
    await expect.poll(() => secret.inputValue()).toMatch(/^[0-9a-f]{64}$/);
    await agent.getByText("It is shown only once.").waitFor();
    await screenshot(agent, "widget-settings-secret");
    const listed = (await api(app, ws.admin).get("/widgets")).json() as { items: { name: string }[] };
    expect(listed.items.map((w) => w.name)).toEqual(["Globex web app", "Admin console"]);
    expect(JSON.stringify(listed)).not.toContain(await secret.inputValue());
  });
});
