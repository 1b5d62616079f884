// Channel set-up in the app, in Chromium: an admin enters the outgoing SMTP server, sends a test
// mail and sees the server's answer, generates a DKIM key and sees the DNS record, checks that mail
// to an inbox arrives, and finds the Slack manifest. Screenshots: e2e/screenshots/channels-*.png.
import { execFileSync } from "node:child_process";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EmailListener, startEmailListener } from "../apps/server/src/channels/email/listener";
import { type Sink, startSink } from "../apps/server/test/email/support";
import { api, buildWorkspace, startTestApp, type TestApp, type TestWorkspace } from "../apps/server/test/harness";
import { launchChromium, logInAs, screenshot } from "./browser";

let app: TestApp;
let ws: TestWorkspace;
let smtp: EmailListener;
let sink: Sink;
let baseUrl = "";
let browser: Browser;
let page: Page;
const name = `chan${Date.now()}`;

beforeAll(async () => {
  execFileSync("node", [path.resolve(import.meta.dirname, "../scripts/build-web-if-needed.mjs")], {
    stdio: "inherit",
    env: { ...process.env, NODE_ENV: "production" },
  });
  sink = await startSink();
  app = await startTestApp({ PUBLIC_URL: "https://support.example.test" });
  smtp = await startEmailListener(app.services, { host: "127.0.0.1", port: 0 });
  baseUrl = await app.http.listen({ port: 0, host: "127.0.0.1" });
  ws = await buildWorkspace(app, name);
  await api(app, ws.admin).post("/inboxes", { address: `support@${name}.test`, name: "Support" });
  browser = await launchChromium();
  page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  page.setDefaultTimeout(15_000);
  await logInAs(page, baseUrl, `admin@${name}.test`, "password123");
  // A shared 2-core machine: migrating and building can take minutes.
}, 400_000);

afterAll(async () => {
  await browser?.close();
  await smtp?.close();
  await app?.close();
  await sink?.close();
});

const openSection = async (label: string) => {
  await page.getByRole("navigation", { name: "Settings sections" }).getByRole("link", { name: label }).click();
  await page.getByRole("heading", { level: 2, name: label }).waitFor();
};

describe("channel set-up in the app", () => {
  it("sets up outgoing email, sends a test mail and shows the server's answer, and a DKIM record", async () => {
    await page.goto(`${baseUrl}/settings/teams`);
    await openSection("Outgoing email");
    await page.getByText("No outgoing server yet").waitFor();
    const port = new URL(sink.url).port;
    const form = page.getByRole("form", { name: "SMTP server" });
    await form.getByLabel("SMTP host").fill("127.0.0.1");
    await form.getByLabel("Security").selectOption("none");
    await form.getByLabel("Port").fill(port);
    await form.getByRole("button", { name: "Save" }).click();
    await page.getByText("Outgoing email saved.").waitFor();

    await page.getByLabel("To", { exact: true }).fill("me@elsewhere.test");
    await page.getByRole("button", { name: "Send test mail" }).click();
    await page.getByText("Accepted").waitFor();
    expect(await page.getByRole("status").filter({ hasText: "Server's answer" }).textContent()).toMatch(/250/);
    expect(sink.received.some((m) => m.parsed.subject === "Switchboard test mail")).toBe(true);

    await page.getByLabel("Domain", { exact: true }).fill(`${name}.test`);
    await page.getByRole("button", { name: "Generate key" }).click();
    await page.getByText(`switchboard._domainkey.${name}.test`).waitFor();
    await screenshot(page, "channels-outgoing-email");
  });

  it("checks that mail to an inbox arrives and shows when", async () => {
    // Outgoing mail goes to our own SMTP listener, standing in for the MX route.
    await api(app, ws.admin).put("/email/settings", { host: "127.0.0.1", port: smtp.port, security: "none" });
    await openSection("Receiving email");
    await page.getByText("Forward from Google Workspace").waitFor();
    await page.getByRole("button", { name: "Send test mail" }).click();
    await page.getByText(/Arrived .*reaches Switchboard/).waitFor();
    await screenshot(page, "channels-receiving-email");
  });

  it("offers the Slack app manifest before connecting", async () => {
    await openSection("Slack channels");
    const link = page.getByRole("link", { name: "Download the app manifest" });
    expect(await link.getAttribute("href")).toBe("/api/v1/slack/manifest");
    await screenshot(page, "channels-slack");
  });
});
