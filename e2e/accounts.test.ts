// Going live in the browser, on the real server with SWITCHBOARD_DEMO=0's empty database: the
// setup page refuses without the printed token and completes with it; the admin lands in an
// empty workspace with the getting-started guide; an invited colleague joins through the mailed
// link and sees their team's view; a password reset goes round through the SMTP sink; changing
// the password signs out the other browser. Screenshots in e2e/screenshots/accounts-*.png.
import { execFileSync } from "node:child_process";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openSetup } from "../apps/server/src/commands/workspaces";
import { eventually, type Sink, startSink } from "../apps/server/test/email/support";
import { api, logIn, startTestApp, type TestApp } from "../apps/server/test/harness";
import { launchChromium, logInAs, screenshot } from "./browser";

const PUBLIC_URL = "https://switchboard.example.test";
const ADMIN = { name: "Ada Admin", email: "ada@northwind.example", password: "tidy lantern orbit 42" };
const COLLEAGUE = { name: "Kim Lee", email: "kim@northwind.example", password: "seven blue kettles" };

let app: TestApp;
let sink: Sink;
let baseUrl = "";
let browser: Browser;
let setupToken = "";
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  // Vitest sets NODE_ENV=test, which would make Vite bundle React's development build.
  execFileSync("node", [path.resolve(import.meta.dirname, "../scripts/build-web-if-needed.mjs")], {
    stdio: "inherit",
    env: { ...process.env, NODE_ENV: "production" },
  });
  sink = await startSink();
  app = await startTestApp({ SMTP_URL: sink.url, PUBLIC_URL, SWITCHBOARD_DEMO: "0" });
  baseUrl = await app.http.listen({ port: 0, host: "127.0.0.1" });
  // What `switchboard start` does on an empty database with the demo off (and prints).
  setupToken = (await openSetup(app.services.database.db)) ?? "";
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await sink?.close();
});

async function newPage(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 820 } });
  contexts.push(context);
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  return page;
}

/** The path of the link in the latest mail to `to` that opens `pathname`, on this test server. */
async function mailedLink(to: string, pathname: string, after = 0): Promise<string> {
  const mail = await eventually(async () =>
    sink.received.slice(after).find((m) => m.envelope.to.includes(to) && m.parsed.text?.includes(pathname)),
  );
  const link = mail.parsed.text?.match(/https:\/\/switchboard\.example\.test(\/[^\s]+)/)?.[1];
  if (!link) throw new Error(`no link in ${mail.parsed.text}`);
  return `${baseUrl}${link}`;
}

describe("going live", () => {
  it("sets up the first workspace only with the printed token, then shows the getting-started guide", async () => {
    expect(setupToken).toMatch(/^sbsetup_/);
    const page = await newPage();
    await page.goto(`${baseUrl}/`);
    await page.getByRole("heading", { name: "Set up Switchboard" }).waitFor();
    await page.getByLabel("Setup token").fill("sbsetup_not-the-printed-one");
    await page.getByLabel("Company or team name").fill("Northwind Support");
    await page.getByLabel("Your company's email domains").fill("northwind.example, northwind.io");
    await page.getByLabel("Time zone").fill("Europe/Berlin");
    await page.getByLabel("Name", { exact: true }).fill(ADMIN.name);
    await page.getByLabel("Email", { exact: true }).fill(ADMIN.email);
    await page.getByLabel("Password", { exact: true }).fill("password123");
    await expect.poll(() => page.getByText("one of the most common passwords").isVisible()).toBe(true);
    await expect(page.getByRole("button", { name: "Create workspace" }).isDisabled()).resolves.toBe(true);
    await page.getByLabel("Password", { exact: true }).fill(ADMIN.password);
    await page.getByText("Strong enough.").waitFor();
    await page.getByRole("button", { name: "Create workspace" }).click();
    await page.getByText("The setup token is not correct").waitFor();
    await screenshot(page, "accounts-setup-refused");

    await page.getByLabel("Setup token").fill(setupToken);
    await page.getByRole("button", { name: "Create workspace" }).click();
    await page.getByRole("heading", { name: "Welcome to Switchboard" }).waitFor();
    for (const step of ["Connect Slack", "Add an email inbox", "Invite colleagues"]) {
      await page.getByRole("heading", { name: step }).waitFor();
    }
    await screenshot(page, "accounts-empty-workspace");
    // The workspace is as set up, and the setup page is closed for good.
    const admin = await logIn(app, ADMIN.email, ADMIN.password);
    expect((await api(app, admin).get("/workspace")).json()).toMatchObject({
      name: "Northwind Support",
      domains: ["northwind.example", "northwind.io"],
      timeZone: "Europe/Berlin",
    });
    expect((await app.http.inject({ method: "GET", url: "/api/v1/setup" })).json()).toEqual({
      needed: false,
      demo: false,
    });
  });

  it("invites a colleague to a team; they join through the mailed link and see their team's view", async () => {
    const admin = api(app, await logIn(app, ADMIN.email, ADMIN.password));
    const billing = (await admin.post("/teams", { name: "Billing" })).json() as { id: string };
    await admin.post("/views", {
      name: "Billing queue",
      ownerType: "team",
      ownerTeamId: billing.id,
      layout: "list",
      filter: { all: [{ field: "issue.team", op: "in", value: [billing.id] }] },
    });
    await admin.post("/issues", { title: "Invoice shows the wrong VAT", teamId: billing.id });

    const page = await newPage();
    await logInAs(page, baseUrl, ADMIN.email, ADMIN.password);
    await page.goto(`${baseUrl}/settings/invitations`);
    await page.getByRole("button", { name: "Invite colleagues" }).click();
    const dialog = page.getByRole("dialog", { name: "Invite a colleague" });
    await dialog.getByLabel("Email").fill(COLLEAGUE.email);
    await dialog.getByLabel("Billing").check();
    await dialog.getByRole("button", { name: "Send invitation" }).click();
    const pending = page.getByRole("table", { name: "Pending invitations" });
    await pending.getByRole("cell", { name: COLLEAGUE.email, exact: true }).waitFor();
    await expect.poll(() => pending.getByText("Billing").isVisible()).toBe(true);
    await screenshot(page, "accounts-invitations");

    const link = await mailedLink(COLLEAGUE.email, "/invitation");
    const kim = await newPage();
    await kim.goto(link);
    await kim.getByRole("heading", { name: "Join Northwind Support" }).waitFor();
    await kim.getByText("Ada Admin invited you as member to Billing.").waitFor();
    await kim.getByLabel("Your name").fill(COLLEAGUE.name);
    await kim.getByLabel("Choose a password").fill(COLLEAGUE.password);
    await screenshot(kim, "accounts-invitation-accept");
    await kim.getByRole("button", { name: "Join workspace" }).click();
    const nav = kim.getByRole("navigation", { name: "Main" });
    await nav.getByRole("link", { name: /Billing queue/ }).click();
    await kim.getByText("Invoice shows the wrong VAT").waitFor();
    await screenshot(kim, "accounts-colleague-team-view");
    // Accepted: no longer pending.
    await page.reload();
    await page.getByText("No pending invitations").waitFor();
  });

  it("resets a forgotten password through the mailed link", async () => {
    const page = await newPage();
    await page.goto(`${baseUrl}/`);
    await page.getByRole("link", { name: "Forgot your password?" }).click();
    const before = sink.received.length;
    await page.getByLabel("Email").fill(COLLEAGUE.email);
    await page.getByRole("button", { name: "Send reset link" }).click();
    await page.getByRole("heading", { name: "Check your email" }).waitFor();
    const link = await mailedLink(COLLEAGUE.email, "/reset-password", before);
    await page.goto(link);
    await page.getByRole("heading", { name: "Choose a new password" }).waitFor();
    await page.getByLabel("New password", { exact: true }).fill("fresh green meadow 9");
    await screenshot(page, "accounts-reset-password");
    await page.getByRole("button", { name: "Save password and sign in" }).click();
    await page.getByRole("navigation", { name: "Main" }).waitFor();
    // The link worked once.
    await page.goto(link);
    await page.getByRole("heading", { name: "This link does not work" }).waitFor();
    COLLEAGUE.password = "fresh green meadow 9";
    await logIn(app, COLLEAGUE.email, COLLEAGUE.password);
  });

  it("changing the password signs out the other browser", async () => {
    const here = await newPage();
    const there = await newPage();
    await logInAs(here, baseUrl, COLLEAGUE.email, COLLEAGUE.password);
    await logInAs(there, baseUrl, COLLEAGUE.email, COLLEAGUE.password);
    await here.goto(`${baseUrl}/settings/account`);
    const sessions = here.getByRole("region", { name: "Where you're signed in" });
    await expect.poll(() => sessions.getByRole("listitem").count()).toBeGreaterThanOrEqual(2);
    const form = here.getByRole("form", { name: "Password" });
    await form.getByLabel("Current password").fill(COLLEAGUE.password);
    await form.getByLabel("New password").fill("quiet orange harbor 7");
    await screenshot(here, "accounts-your-account");
    await form.getByRole("button", { name: "Change password" }).click();
    await here.getByText(/Password changed\. Signed out \d other session/).waitFor();
    await expect.poll(() => sessions.getByRole("listitem").count()).toBe(1);
    await there.reload();
    await there.getByRole("button", { name: "Sign in", exact: true }).waitFor();
    // This browser stays signed in.
    await here.reload();
    await here.getByRole("navigation", { name: "Main" }).waitFor();
  });
});
