// The customer portal in Chromium: a contact signs in with the code mailed to them (over real
// SMTP to a sink), submits a form without its required field (a clear error by the field), then
// complete; the request is in the portal and in the agent app, where the customer's HTML is inert.
// Screenshots: e2e/screenshots/portal-*.png.
import { execFileSync } from "node:child_process";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
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
  await admin.post("/contacts", { name: "Ada Lovelace", email, accountId: account.id });
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
});
