// Admin settings end to end: the real server and the built web app in Chromium. An admin sets
// up tags, fields, teams and tokens through the UI; a member sees the admins-only notice.
// Screenshots of every section land in e2e/screenshots/settings-*.png.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sealSlackSecrets } from "../apps/server/src/channels/slack/secrets";
import { quarantineDelivery } from "../apps/server/src/commands/quarantine";
import { saveSlackConnection, upsertSlackChannels } from "../apps/server/src/commands/slack";
import { api, type TestApp, type TestWorkspace } from "../apps/server/test/harness";
import { logInAs, screenshot } from "./browser";
import { type DeskSession, openDesk } from "./desk";
import type { Desk } from "./seed";

let app: TestApp;
let ws: TestWorkspace;
let desk: Desk;
let baseUrl = "";
let browser: Browser;
let page: Page;
let session: DeskSession | undefined;
let domain = "";

beforeAll(async () => {
  session = await openDesk("settings", async (s) => {
    await quarantineDelivery(s.app.services.database.db, {
      workspaceId: s.ws.workspaceId,
      channel: "email",
      reason: "No Message-ID header and no sender address",
      raw: "Subject: help!!\r\nContent-Type: text/plain\r\n\r\nOur invoices page is blank.",
      meta: { inbox: `support@${s.domain}` },
    });
  });
  ({ app, ws, desk, baseUrl, browser, page, domain } = session);
});

afterAll(async () => {
  await session?.close();
});

const adminApi = () => api(app, ws.admin);
const openSection = async (name: string) => {
  await page.getByRole("navigation", { name: "Settings sections" }).getByRole("link", { name }).click();
  await page.getByRole("heading", { level: 2, name }).waitFor();
};
const table = (label: string) => page.getByRole("table", { name: label });
/** Opens the New trigger dialog from the Triggers section, with its name filled in. */
const newTrigger = async (name: string) => {
  await openSection("Triggers");
  await page.getByRole("button", { name: "New trigger" }).click();
  const dialog = page.getByRole("dialog", { name: "New trigger" });
  await dialog.getByLabel("Name").fill(name);
  return dialog;
};

describe("admin settings", () => {
  it("opens settings from the sidebar on the teams section", async () => {
    await page.getByRole("link", { name: "Settings" }).click();
    await page.waitForURL(/\/settings\/teams$/);
    await table("Teams")
      .getByRole("row", { name: /Customer Success/ })
      .waitFor();
    await screenshot(page, "settings-teams");
  });

  it("creates a tag, with an inline error for an empty name first", async () => {
    await openSection("Tags");
    await page.getByRole("button", { name: "Add tag" }).click();
    await page.getByText("Enter a tag name.").waitFor();
    await page.getByLabel("New tag").fill("VIP");
    await page.getByRole("button", { name: "Add tag" }).click();
    await table("Tags").getByRole("cell", { name: "vip", exact: true }).waitFor();
    // The form clears in the mutation's own onSuccess, which TanStack Query runs only after the
    // refetch that already shows the new row: under load the test can look in between.
    await expect.poll(() => page.getByLabel("New tag").inputValue()).toBe("");
    // The server's own refusal is shown inline too: tag names are unique.
    await page.getByLabel("New tag").fill("sso");
    await page.getByRole("button", { name: "Add tag" }).click();
    await page.getByRole("alert").filter({ hasText: "already exists" }).waitFor();
    await screenshot(page, "settings-tags");
  });

  it("creates a select custom field with options that is required on close", async () => {
    await openSection("Custom fields");
    await table("Issue fields")
      .getByRole("row", { name: /Category/ })
      .waitFor();
    await page.getByRole("button", { name: "New field" }).click();
    const dialog = page.getByRole("dialog", { name: "New custom field" });
    await dialog.getByLabel("Label").fill("Product area");
    expect(await dialog.getByLabel("Key").inputValue()).toBe("product_area");
    await dialog.getByLabel("Type").selectOption("select");
    await dialog.getByRole("button", { name: "Create field" }).click();
    await dialog.getByText("Add at least one option.").waitFor();
    await dialog.getByLabel("Options (one per line)").fill("Inbox\nAnalytics\nIntegrations");
    await dialog.getByLabel("Required to close an issue").check();
    await screenshot(page, "settings-field-dialog");
    await dialog.getByRole("button", { name: "Create field" }).click();
    await dialog.waitFor({ state: "hidden" });
    await table("Issue fields")
      .getByRole("row", { name: /Product area/ })
      .getByText("Required on close")
      .waitFor();

    const fields = (await adminApi().get("/custom-fields")).json() as {
      items: { key: string; type: string; options: string[]; requiredOnClose: boolean }[];
    };
    expect(fields.items.find((f) => f.key === "product_area")).toMatchObject({
      type: "select",
      options: ["Inbox", "Analytics", "Integrations"],
      requiredOnClose: true,
    });
    // The plan's allowance of AI-supported fields (Pro: two) is shown with the list.
    await page.getByRole("status").getByText("AI-supported fields: 0 of 2 on the Pro plan").waitFor();
    await screenshot(page, "settings-fields");
  });

  it("adds a member to a team", async () => {
    await openSection("Teams & members");
    await page.getByRole("button", { name: "Edit Support" }).click();
    const dialog = page.getByRole("dialog", { name: "Team: Support" });
    await dialog.getByText("Nobody is on this team yet.").waitFor();
    await dialog.getByLabel("Add member").selectOption({ label: `Dana Kim (dana@${domain})` });
    await dialog.getByRole("button", { name: "Add", exact: true }).click();
    await dialog.getByRole("list", { name: "Members of Support" }).getByText("Dana Kim").waitFor();
    await screenshot(page, "settings-team-dialog");
    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "hidden" });
    await table("Teams")
      .getByRole("row", { name: /Support/ })
      .getByText("Dana Kim")
      .waitFor();

    const teams = (await adminApi().get("/teams")).json() as { items: { id: string; members: { userId: string }[] }[] };
    const support = teams.items.find((t) => t.id === desk.supportTeamId);
    expect(support?.members.map((m) => m.userId)).toEqual([desk.dana.id]);
  });

  it("sets the account tiers a member of a scoped team covers", async () => {
    await openSection("Teams & members");
    await page.getByRole("button", { name: "Edit Customer Success" }).click();
    const dialog = page.getByRole("dialog", { name: "Team: Customer Success" });
    await dialog.getByLabel("Add member").selectOption({ label: `Dana Kim (dana@${domain})` });
    await dialog.getByRole("button", { name: "Add", exact: true }).click();
    const tiers = dialog.getByLabel("Tiers Dana Kim covers");
    await tiers.fill("Enterprise,  Growth, Enterprise");
    await tiers.press("Enter");
    await dialog.getByRole("button", { name: "Save tiers" }).and(page.locator(":disabled")).waitFor();
    await expect.poll(() => tiers.inputValue()).toBe("Enterprise, Growth");
    await screenshot(page, "settings-team-tiers");
    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "hidden" });

    const teams = (await adminApi().get("/teams")).json() as {
      items: { id: string; members: { userId: string; tiers: string[] }[] }[];
    };
    const success = teams.items.find((t) => t.id === desk.successTeamId);
    expect(success?.members).toEqual([{ userId: desk.dana.id, tiers: ["Enterprise", "Growth"] }]);
  });

  it("deletes a team after asking where its work goes", async () => {
    const escalations = (await adminApi().post("/teams", { name: "Escalations" })).json().id as string;
    const issue = (await adminApi().post("/issues", { title: "Escalated outage", teamId: escalations })).json();
    await page.reload();
    await openSection("Teams & members");
    await page.getByRole("button", { name: "Edit Escalations" }).click();
    await page.getByRole("dialog", { name: "Team: Escalations" }).getByRole("button", { name: "Delete team…" }).click();
    const dialog = page.getByRole("dialog", { name: "Delete team: Escalations" });
    // Leaving its work without a team is refused, with the reason.
    await dialog.getByLabel("Move its work to").selectOption({ label: "No team (only if it holds nothing)" });
    await dialog.getByRole("button", { name: "Delete team" }).click();
    await dialog.getByRole("alert").filter({ hasText: "pick the team it moves to" }).waitFor();
    await dialog.getByLabel("Move its work to").selectOption({ label: "Support" });
    await screenshot(page, "settings-team-delete");
    await dialog.getByRole("button", { name: "Delete team" }).click();
    await page.getByText("Deleted Escalations; moved 1 open issue to Support.").waitFor();
    await dialog.waitFor({ state: "hidden" });
    expect(
      await table("Teams")
        .getByRole("row", { name: /Escalations/ })
        .count(),
    ).toBe(0);
    const moved = (await adminApi().get(`/issues/${issue.number}`)).json();
    expect(moved.team?.id ?? moved.teamId).toBe(desk.supportTeamId);
  });

  it("creates an API token and shows its secret exactly once", async () => {
    await openSection("API tokens");
    await page.getByText("No API tokens yet.").waitFor();
    await page.getByRole("button", { name: "New token" }).click();
    await page.getByLabel("Token name").fill("Nightly export");
    await page.getByRole("button", { name: "Create token" }).click();
    const reveal = page.getByRole("dialog", { name: "Token “Nightly export” created" });
    const secret = await reveal.getByLabel("Secret").inputValue();
    expect(secret.length).toBeGreaterThan(20);
    await screenshot(page, "settings-token-created");

    // The secret works as a bearer token against the real API.
    const me = await fetch(`${baseUrl}/api/v1/auth/me`, { headers: { Authorization: `Bearer ${secret}` } });
    expect(me.status).toBe(200);

    await reveal.getByRole("button", { name: "Close" }).first().click();
    await table("API tokens")
      .getByRole("row", { name: /Nightly export/ })
      .waitFor();
    expect(await page.getByText(secret).count()).toBe(0);
    expect(await page.locator(`input[value="${secret}"]`).count()).toBe(0);
    await screenshot(page, "settings-tokens");
  });

  it("adds a user and changes a role, creates a macro, and retries then discards a quarantined delivery", async () => {
    await openSection("Users & roles");
    await page.getByRole("button", { name: "Add user" }).click();
    const addUser = page.getByRole("dialog", { name: "Add user" });
    await addUser.getByLabel("Name").fill("Riley Park");
    await addUser.getByLabel("Email").fill("riley");
    await addUser.getByRole("button", { name: "Add user" }).click();
    await addUser.getByText("Enter a valid email address.").waitFor();
    await addUser.getByLabel("Email").fill(`riley@${domain}`);
    await addUser.getByLabel("Role").selectOption("viewer");
    await addUser.getByRole("button", { name: "Add user" }).click();
    await addUser.waitFor({ state: "hidden" });
    await page.getByLabel("Role of Riley Park").selectOption("member");
    await expect
      .poll(async () => {
        const users = (await adminApi().get("/users")).json() as { items: { name: string; role: string }[] };
        return users.items.find((u) => u.name === "Riley Park")?.role;
      })
      .toBe("member");
    await table("Users")
      .getByRole("row", { name: /Sam Lee/ })
      .waitFor();
    await screenshot(page, "settings-users");

    await openSection("Macros");
    await table("Macros")
      .getByRole("row", { name: /Send Calendly link/ })
      .waitFor();
    await page.getByRole("button", { name: "New macro" }).click();
    const newMacro = page.getByRole("dialog", { name: "New macro" });
    await newMacro.getByLabel("Name").fill("Escalate to engineering");
    await newMacro.getByLabel("Template").fill("Thanks {{contact.first_name}}, {{agent.nick}} is on it.");
    await newMacro.getByRole("button", { name: "Create macro" }).click();
    await newMacro.getByText("Unknown variables: agent.nick").waitFor();
    await newMacro.getByLabel("Template").fill("Thanks {{contact.first_name}}, ");
    await newMacro.getByRole("button", { name: "{{agent.first_name}}" }).click();
    await newMacro.getByLabel("Set priority").selectOption("high");
    await newMacro.getByRole("button", { name: "Create macro" }).click();
    await newMacro.waitFor({ state: "hidden" });
    await table("Macros")
      .getByRole("row", { name: /Escalate to engineering/ })
      .getByText("Priority → High")
      .waitFor();
    await screenshot(page, "settings-macros");
    await page.getByRole("button", { name: "Edit Send Calendly link" }).click();
    await page.getByRole("dialog", { name: /Edit macro/ }).waitFor();
    await screenshot(page, "settings-macro-dialog");
    await page.keyboard.press("Escape");

    await openSection("Quarantine");
    const row = table("Quarantined deliveries").getByRole("row", { name: /No Message-ID header/ });
    await row.getByRole("button", { name: "View raw" }).click();
    await page.getByRole("figure", { name: "Raw payload" }).getByText("Our invoices page is blank.").waitFor();
    await screenshot(page, "settings-quarantine-raw");
    await page.keyboard.press("Escape");
    await screenshot(page, "settings-quarantine");
    // Retrying re-runs ingestion on the raw source: still no sender, so the server says why.
    await row.getByRole("button", { name: "Retry" }).click();
    await page.getByRole("alert").filter({ hasText: "Could not retry" }).waitFor();
    page.once("dialog", (confirm) => void confirm.accept());
    await row.getByRole("button", { name: "Discard" }).click();
    await row.getByText("discarded").waitFor();
  });

  it("adds an email inbox that routes to a team", async () => {
    await openSection("Email inboxes");
    await page.getByRole("button", { name: "Add inbox" }).click();
    const dialog = page.getByRole("dialog", { name: "Add email inbox" });
    await dialog.getByLabel("Address").fill(`billing@${domain}`);
    await dialog.getByLabel("Name", { exact: true }).fill("Billing");
    await dialog.getByLabel("Team if no trigger sets one").selectOption({ label: "Customer Success" });
    await dialog.getByRole("button", { name: "Add inbox" }).click();
    await table("Email inboxes")
      .getByRole("row", { name: new RegExp(`billing@${domain}`) })
      .getByText("Customer Success")
      .waitFor();
    await screenshot(page, "settings-inboxes");
  });

  it("lists outbound email in the outbox and sends an unsent reply again", async () => {
    // A customer mail to the billing inbox (added above) and an agent's reply: no SMTP_URL here.
    const admin = api(app, ws.admin);
    const mime = `From: Ola <ola@customer.test>\r\nTo: billing@${domain}\r\nCc: cfo@customer.test\r\nSubject: Refund for March\r\nMessage-ID: <refund-${Date.now()}@customer.test>\r\n\r\nPlease refund the March overcharge.\r\n`;
    const posted = await app.http.inject({
      method: "POST",
      url: "/api/v1/inboxes/inbound-mime",
      headers: { cookie: ws.admin.cookie, "x-csrf-token": ws.admin.csrfToken, "content-type": "message/rfc822" },
      payload: mime,
    });
    expect(posted.statusCode).toBe(202);
    const { outcomes } = posted.json() as { outcomes: { issueNumber: number }[] };
    const number = outcomes[0]?.issueNumber;
    expect((await admin.post(`/issues/${number}/messages`, { body: "Refunded, sorry about that." })).statusCode).toBe(
      201,
    );
    await app.services.jobs.idle(["message.deliver"]);

    await openSection("Email outbox");
    const row = table("Outbound emails").getByRole("row", { name: /Refund for March/ });
    await row.getByText("not sent").waitFor();
    await row.getByText("+1 cc").waitFor();
    await screenshot(page, "settings-outbox");
    await row.getByRole("button", { name: "Send again" }).click();
    await page.getByText("Sending again.").waitFor();
    await app.services.jobs.idle(["message.deliver"]);
    await page.getByLabel("Show").selectOption({ label: "Not sent (no SMTP)" });
    await row.getByRole("cell", { name: "2", exact: true }).waitFor();
  });

  it("builds a trigger and dry-runs it against recent issues", async () => {
    const dialog = await newTrigger("Trials to Customer Success");
    await dialog.getByRole("button", { name: "+ Add condition" }).click();
    await dialog.getByLabel("Condition 1 field").selectOption({ label: "Account type" });
    await dialog.getByLabel("Add Condition 1 value").selectOption("trial");
    await dialog.getByRole("button", { name: "+ Add action" }).click();
    await dialog.getByLabel("Action 1 value").selectOption({ label: "Customer Success" });
    await dialog.getByLabel("Enabled").uncheck();
    await dialog.getByRole("button", { name: "Create trigger" }).click();
    await dialog.waitFor({ state: "hidden" });

    await page.getByRole("button", { name: "Trials to Customer Success", exact: true }).click();
    const edit = page.getByRole("dialog", { name: /Edit trigger/ });
    await edit.getByRole("button", { name: "Which recent issues would match?" }).click();
    // Globex is on a trial and wrote in twice (the trial extension and the webhook retries).
    await edit.getByText(/^2 of the last \d+ issues match\.$/).waitFor();
    await edit.getByText("Webhook retries are hammering our endpoint").waitFor();
    await screenshot(page, "settings-trigger-dialog");
    await page.keyboard.press("Escape");
    await screenshot(page, "settings-triggers");

    const triggers = (await adminApi().get("/triggers")).json() as {
      items: { name: string; enabled: boolean; conditions: unknown; actions: unknown }[];
    };
    expect(triggers.items.find((t) => t.name === "Trials to Customer Success")).toMatchObject({
      enabled: false,
      conditions: { all: [{ field: "account.type", op: "in", value: ["trial"] }] },
      actions: [{ type: "set_team", teamId: desk.successTeamId }],
    });
  });

  it("builds a trigger with an any-of group inside its conditions", async () => {
    const dialog = await newTrigger("Enterprise outages");
    await dialog.getByRole("button", { name: "+ Add condition" }).click();
    await dialog.getByLabel("Condition 1 field").selectOption({ label: "Account tier" });
    await dialog.getByLabel("Condition 1 comparison").selectOption({ label: "is" });
    await dialog.getByLabel("Condition 1 value").fill("Enterprise");
    await dialog.getByRole("button", { name: "+ Add group" }).click();
    const group = dialog.locator("fieldset.nested-group");
    await group.getByLabel("Condition 2.1 field").selectOption({ label: "Message text" });
    await group.getByLabel("Condition 2.1 value").fill("outage");
    await group.getByRole("button", { name: "+ Add condition" }).click();
    await group.getByLabel("Condition 2.2 field").selectOption({ label: "Title" });
    // An empty value is caught before saving, with the row's number.
    await dialog.getByRole("button", { name: "+ Add action" }).click();
    await dialog.getByLabel("Action 1 value").selectOption({ label: "Support" });
    await dialog.getByRole("button", { name: "Create trigger" }).click();
    await dialog.getByText("Condition 2.2 needs a value.").waitFor();
    await group.getByLabel("Condition 2.2 value").fill("down");
    await screenshot(page, "settings-trigger-group");
    await dialog.getByRole("button", { name: "Create trigger" }).click();
    await dialog.waitFor({ state: "hidden" });

    const triggers = (await adminApi().get("/triggers")).json() as { items: { name: string; conditions: unknown }[] };
    expect(triggers.items.find((t) => t.name === "Enterprise outages")?.conditions).toEqual({
      all: [
        { field: "account.tier", op: "eq", value: "Enterprise" },
        {
          any: [
            { field: "message.text", op: "contains", value: "outage" },
            { field: "issue.title", op: "contains", value: "down" },
          ],
        },
      ],
    });
  });

  it("creates an AI agent with a runbook and shows its accuracy", async () => {
    await openSection("AI agents & runbooks");
    await page.getByRole("button", { name: "New agent" }).click();
    const dialog = page.getByRole("dialog", { name: "New AI agent" });
    await dialog.getByLabel("Routes new issues of").selectOption({ label: "Support" });
    await dialog.getByRole("button", { name: "Create agent" }).click();
    await dialog.waitFor({ state: "hidden" });
    await page.getByRole("button", { name: "New runbook" }).click();
    const runbook = page.getByRole("dialog", { name: "New runbook" });
    await runbook.getByLabel("Name").fill("Renewals and upsell");
    await runbook.getByLabel("Sends issues to").selectOption({ label: "Customer Success" });
    await runbook.getByLabel("Instructions").fill("Renewal dates, seat expansions and contract questions.");
    await runbook.getByLabel("Example messages").fill("Can we add 20 seats?\n\nWhen does our contract renew?");
    await runbook.getByRole("button", { name: "Create runbook" }).click();
    await runbook.waitFor({ state: "hidden" });
    await table("Runbooks of Router")
      .getByRole("row", { name: /Renewals and upsell/ })
      .waitFor();
    await page.getByRole("heading", { name: "Accuracy" }).waitFor();
    await page.locator(".accuracy .settings-empty, .accuracy .matrix").first().waitFor();
    await screenshot(page, "settings-ai-agents");
  });

  it("shows the Slack connection form when Slack is not connected", async () => {
    await openSection("Slack channels");
    await page.getByRole("form", { name: "Connect Slack" }).waitFor();
    await page.getByRole("button", { name: "Connect Slack" }).click();
    await page.getByText("The bot token starts with xoxb-.").waitFor();
    await screenshot(page, "settings-slack");
  });

  it("maps a shared Slack channel to its account with one click on the suggestion", async () => {
    // Slack itself is a vendor we cannot run: arrange the connection and the synced channels
    // with the same commands the Slack sync uses, then work the mapping through the UI.
    await ws.run((ctx) =>
      saveSlackConnection(ctx, {
        ...sealSlackSecrets(
          app.services.secrets,
          { botToken: "xoxb-e2e-token", signingSecret: "e2e-signing-secret" },
          undefined,
        ),
        teamId: "T0E2E",
        botUserId: "U0BOT",
      }),
    );
    await ws.run((ctx) =>
      upsertSlackChannels(ctx, [
        {
          slackChannelId: "C0ACME",
          name: "acme-support",
          isPrivate: false,
          isExtShared: true,
          isMember: true,
          connectedTeams: [{ id: "T0ACME", name: "Acme Corp", emailDomain: "acme.test" }],
        },
        { slackChannelId: "C0GLOBEX", name: "ext-globex", isPrivate: false, isExtShared: true, isMember: true },
        { slackChannelId: "C0RANDOM", name: "random", isPrivate: false, isExtShared: false, isMember: false },
      ]),
    );
    await page.reload();
    const channels = table("Slack channels");
    const acme = channels.getByRole("row", { name: /#acme-support/ });
    await acme.getByRole("button", { name: "Map to Acme Corp" }).click();
    await expect.poll(async () => acme.getByLabel("Account for #acme-support").inputValue()).toBe(desk.acmeId);
    await page.getByLabel("Search channels").fill("globex");
    await channels.getByRole("row", { name: /#ext-globex/ }).waitFor();
    expect(await channels.getByRole("row").count()).toBe(2); // header + the match
    await page.getByLabel("Search channels").fill("");
    await screenshot(page, "settings-slack-channels");

    const list = (await adminApi().get("/slack/channels")).json() as {
      items: { name: string; account: { id: string } | null }[];
    };
    expect(list.items.find((c) => c.name === "acme-support")?.account?.id).toBe(desk.acmeId);
  });

  it("tells a member that settings are for admins", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const member = await context.newPage();
    member.setDefaultTimeout(10_000);
    await logInAs(member, baseUrl, desk.dana.email, "password123");
    await member.goto(`${baseUrl}/settings`);
    await member.getByText("Admins only.").first().waitFor();
    await member
      .getByRole("table", { name: "Teams" })
      .getByRole("row", { name: /Support/ })
      .waitFor();
    expect(await member.getByRole("button", { name: "New team" }).count()).toBe(0);
    await screenshot(member, "settings-member");
    await member.getByRole("link", { name: "API tokens" }).click();
    await member.getByText("Ask a workspace admin").waitFor();
    await context.close();
  });
});
