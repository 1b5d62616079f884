// The customer portal in Chromium: a contact signs in with the code mailed to them (over real
// SMTP to a sink), submits a form without its required field (a clear error by the field), then
// complete; the request is in the portal and in the agent app, where the customer's HTML is inert.
// Screenshots: e2e/screenshots/portal-*.png.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { userHash } from "../apps/server/src/domain/widget";
import { PDF, upload } from "../apps/server/test/attachments/support";
import { eventually, type Sink, startSink } from "../apps/server/test/email/support";
import { api, buildWorkspace, startTestApp, type TestApp, type TestWorkspace } from "../apps/server/test/harness";
import { launchChromium, logInAs, screenshot } from "./browser";

let app: TestApp;
let ws: TestWorkspace;
let sink: Sink;
let baseUrl = "";
let browser: Browser;
let agent: Page;
let customer: Page;
let accountId = "";
const name = `portal${Date.now()}`;
const email = `ada@acme-${name}.example`;

beforeAll(async () => {
  execFileSync("node", [path.resolve(import.meta.dirname, "../scripts/build-web-if-needed.mjs")], {
    stdio: "inherit",
    env: { ...process.env, NODE_ENV: "production" },
  });
  sink = await startSink();
  app = await startTestApp({ SMTP_URL: sink.url });
  baseUrl = await app.http.listen({ port: 0, host: "127.0.0.1" });
  ws = await buildWorkspace(app, name);
  const admin = api(app, ws.admin);
  const account = (await admin.post("/accounts", { name: "Acme", domains: [`acme-${name}.example`] })).json() as {
    id: string;
  };
  accountId = account.id;
  await admin.post("/contacts", { name: "Ada Lovelace", email, accountId: account.id });
  await admin.post("/contacts", { name: "Bo Colleague", email: `bo@acme-${name}.example`, accountId: account.id });
  const field = await admin.post("/custom-fields", {
    object: "issue",
    key: "severity",
    label: "Severity",
    type: "select",
    options: ["Blocking", "Annoying"],
  });
  expect(field.statusCode, field.body).toBe(201);
  const form = await admin.post("/portal/forms", {
    name: "Report a bug",
    description: "Something in the product is broken",
    fields: [{ type: "custom_field", key: "severity", required: true, helpText: "Blocking stops your team's work." }],
    defaultPriority: "high",
  });
  expect(form.statusCode, form.body).toBe(201);
  browser = await launchChromium();
  customer = await (await browser.newContext({ viewport: { width: 1180, height: 800 } })).newPage();
  agent = await (await browser.newContext({ viewport: { width: 1280, height: 860 } })).newPage();
  for (const page of [agent, customer]) page.setDefaultTimeout(20_000);
  await logInAs(agent, baseUrl, `admin@${name}.test`, "password123");
}, 400_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await sink?.close();
});

/** Signs `page` in to the portal with the code mailed to `address`. */
async function signIn(page: Page, address: string) {
  const before = sink.received.length;
  await page.goto(`${baseUrl}/portal/${name}.test`);
  await page.getByLabel("Email").fill(address);
  await page.getByRole("button", { name: "Email me a code" }).click();
  const mail = await eventually(
    async () => sink.received.slice(before).find((m) => m.envelope.to.includes(address))?.parsed.text,
  );
  const code = /^\s+(\d{6})$/m.exec(mail)?.[1];
  if (!code) throw new Error(`no code in ${mail}`);
  await page.getByLabel("Code").fill(code);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { name: "Requests" }).waitFor();
}

describe("the customer portal", () => {
  it("signs in by code, explains a missing required field, and opens the request in both apps", async () => {
    await customer.goto(`${baseUrl}/portal/${name}.test`);
    await customer.getByLabel("Email").fill(email);
    await customer.getByRole("button", { name: "Email me a code" }).click();
    await customer.getByText("a code is on its way").waitFor();
    await screenshot(customer, "portal-login-code");
    const mail = await eventually(async () => sink.received.find((m) => m.envelope.to.includes(email))?.parsed.text);
    const code = /^\s+(\d{6})$/m.exec(mail)?.[1];
    if (!code) throw new Error(`no code in ${mail}`);
    await customer.getByLabel("Code").fill(code);
    await customer.getByRole("button", { name: "Sign in" }).click();
    await customer.getByRole("heading", { name: "Requests" }).waitFor();
    await customer.getByText("No requests yet.").waitFor();
    await screenshot(customer, "portal-home-empty");

    await customer.getByRole("link", { name: /Report a bug/ }).click();
    await customer.getByLabel("Subject").fill("Export <img src=x onerror=alert(1)> hangs");
    await customer.getByLabel("Description").fill("The CSV export <script>alert(1)</script> stops at 99%.");
    await customer.getByRole("button", { name: "Submit request" }).click();
    await customer.getByRole("alert").getByText("Please fill in: Severity.").waitFor();
    await customer.getByText("Severity is required.").waitFor();
    await screenshot(customer, "portal-form-missing-field");

    await customer.getByLabel(/Severity/).selectOption("Blocking");
    await customer.getByRole("button", { name: "Submit request" }).click();
    await customer.getByRole("heading", { name: /Export <img src=x onerror=alert\(1\)> hangs/ }).waitFor();
    await customer.getByText("Open", { exact: true }).waitFor();
    await screenshot(customer, "portal-request");

    await customer.getByRole("link", { name: "← Requests" }).click();
    await customer.getByRole("link", { name: /Export <img src=x onerror=alert\(1\)> hangs/ }).waitFor();
    await screenshot(customer, "portal-home");

    const issues = (await api(app, ws.admin).get("/issues?channel=portal")).json() as {
      items: { number: number; customFields: Record<string, unknown>; priority: string }[];
    };
    expect(issues.items).toHaveLength(1);
    expect(issues.items[0]).toMatchObject({ customFields: { severity: "Blocking" }, priority: "high" });
    await agent.goto(`${baseUrl}/issues/${issues.items[0]?.number}`);
    await agent.getByText("The CSV export <script>alert(1)</script> stops at 99%.").first().waitFor();
    // The customer's HTML is text in the agent app: no element came of it.
    expect(await agent.locator(".message img, .message script").count()).toBe(0);
    await screenshot(agent, "portal-agent-app");
  });

  it("builds a form in Settings: fields in order, required flags, a file field, and a preview", async () => {
    await agent.goto(`${baseUrl}/settings/portal-forms`);
    await agent.getByRole("heading", { level: 2, name: "Portal forms" }).waitFor();
    await agent.getByRole("button", { name: "Report a bug", exact: true }).click();
    await agent.getByLabel("Add a field").selectOption("file");
    await agent.getByRole("button", { name: "Add field" }).click();
    await agent.getByLabel("File field label").fill("Screenshot");
    await agent.getByRole("button", { name: "Move Screenshot up" }).click();
    await agent.getByRole("complementary", { name: "Preview" }).getByText("Screenshot").waitFor();
    await screenshot(agent, "portal-settings-form");
    await agent.getByRole("button", { name: "Save form" }).click();
    await agent.getByRole("dialog").waitFor({ state: "detached" });
    const forms = (await api(app, ws.admin).get("/portal/forms")).json() as { items: { fields: unknown[] }[] };
    expect(forms.items[0]?.fields).toEqual([
      { type: "file", label: "Screenshot", required: false, helpText: "" },
      { type: "custom_field", key: "severity", required: true, helpText: "Blocking stops your team's work." },
    ]);
    await screenshot(agent, "portal-settings-list");
  });

  it("lists the contact's chat issue too, shows an agent's reply live, and a portal admin set on the account page sees the account's", async () => {
    const admin = api(app, ws.admin);
    // Ada also asked in the chat widget: the portal lists that issue, marked as a chat.
    const widget = (await admin.post("/widgets", { name: "Acme app" })).json() as { appId: string; secret: string };
    const booted = await app.http.inject({
      method: "POST",
      url: "/widget/api/boot",
      payload: { appId: widget.appId, user: { email, name: "Ada Lovelace", userHash: userHash(email, widget.secret) } },
    });
    const token = (booted.json() as { token: string }).token;
    const chat = await app.http.inject({
      method: "POST",
      url: "/widget/api/conversations",
      headers: { "x-widget-token": token },
      payload: { text: "Can we get SSO on our plan?", clientId: crypto.randomUUID() },
    });
    expect(chat.statusCode, chat.body).toBe(201);
    await customer.goto(`${baseUrl}/portal/${name}.test`);
    const chatRow = customer.getByRole("link", { name: /Can we get SSO on our plan\?/ });
    await chatRow.waitFor();
    await chatRow.getByText("Chat", { exact: true }).waitFor();
    await customer.getByRole("link", { name: /Export <img src=x onerror=alert\(1\)> hangs/ }).waitFor();
    await screenshot(customer, "portal-all-channels");

    // Live: the request is open in the portal; the agent answers; it appears without a reload.
    await customer.getByRole("link", { name: /Export <img src=x onerror=alert\(1\)> hangs/ }).click();
    await customer.getByText("The CSV export <script>alert(1)</script> stops at 99%.").waitFor();
    const [portalIssue] = ((await admin.get("/issues?channel=portal")).json() as { items: { number: number }[] }).items;
    const notes = await upload(admin, portalIssue?.number ?? 0, "release-notes.pdf", PDF);
    const reply = await admin.post(`/issues/${portalIssue?.number}/messages`, {
      body: "Fixed in today's release.",
      attachmentIds: [notes.id],
    });
    expect(reply.statusCode, reply.body).toBe(201);
    await customer.getByText("Fixed in today's release.").waitFor();
    // The agent's file downloads from the thread, as the bytes the agent uploaded.
    const [download] = await Promise.all([
      customer.waitForEvent("download"),
      customer.getByRole("link", { name: "📎 release-notes.pdf" }).click(),
    ]);
    expect(download.suggestedFilename()).toBe("release-notes.pdf");
    const saved = await download.path();
    expect(fs.readFileSync(saved).equals(PDF)).toBe(true);
    await screenshot(customer, "portal-live-reply");

    // The account page's checkbox makes Bo a portal admin: Bo then sees Ada's requests too.
    await agent.goto(`${baseUrl}/accounts/${accountId}`);
    const box = agent.getByRole("checkbox", { name: "Bo Colleague is a portal admin", exact: true });
    await box.waitFor();
    expect(await box.isChecked()).toBe(false);
    await box.check();
    await expect
      .poll(async () => {
        const contacts = (await admin.get(`/contacts?accountId=${accountId}`)).json() as {
          items: { name: string; portalAdmin: boolean }[];
        };
        return contacts.items.find((c) => c.name === "Bo Colleague")?.portalAdmin;
      })
      .toBe(true);
    await screenshot(agent, "portal-admin-checkbox");
    const bo = await (await browser.newContext({ viewport: { width: 1180, height: 800 } })).newPage();
    bo.setDefaultTimeout(20_000);
    await signIn(bo, `bo@acme-${name}.example`);
    await bo.getByText("No requests yet.").waitFor();
    await bo.getByRole("tab", { name: "All of Acme" }).click();
    await bo.getByRole("link", { name: /Export <img src=x onerror=alert\(1\)> hangs/ }).waitFor();
    await bo.getByRole("link", { name: /Can we get SSO on our plan\?/ }).waitFor();
    await screenshot(bo, "portal-admin-account");
    await bo.context().close();
  });

  it("opens an article meant for the customer's account type inside the portal", { timeout: 180_000 }, async () => {
    const admin = api(app, ws.admin);
    expect((await admin.patch(`/accounts/${accountId}`, { type: "customer" })).statusCode).toBe(200);
    const created = await admin.post("/kb/articles", {
      title: "Rotate your API keys without downtime",
      status: "published",
      visibility: "account_types",
      accountTypes: ["customer"],
      body: "Customers on a contract can keep two keys live at once.\n\n## Steps\n\n1. Create a second key under **Settings → API**.\n2. Deploy it everywhere, then revoke the old key.\n\n```\ncurl -H 'Authorization: Bearer NEW_KEY' https://api.example.com/v1/ping\n```\n\n> Keys are shown once: store them in your secret manager.",
    });
    expect(created.statusCode, created.body).toBe(201);
    const ada = await (await browser.newContext({ viewport: { width: 1180, height: 800 } })).newPage();
    ada.setDefaultTimeout(20_000);
    await signIn(ada, email);
    await ada.getByRole("searchbox", { name: "Search the help center" }).fill("rotate api keys");
    await ada.getByRole("link", { name: /Rotate your API keys without downtime/ }).click();
    await ada.getByRole("heading", { name: "Rotate your API keys without downtime" }).waitFor();
    await ada.getByRole("heading", { name: "Steps" }).waitFor();
    await screenshot(ada, "portal-help-article");
    await ada.context().close();
  });
});
