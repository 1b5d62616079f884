// CRM sync and the account 360 in the browser: Salesforce (its stand-in) is connected and synced,
// so Acme's owner, tier, renewal and contract value come from the CRM; the account page shows
// them marked with their source beside Acme's issues, contacts and activity; Settings → CRM sync
// shows the run with its failed record. Screenshots in e2e/screenshots/crm-*.png.
import type { AccountOverview } from "@switchboard/api";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordCsat } from "../apps/server/src/commands/csat";
import { linkLinearIssue } from "../apps/server/src/commands/linear";
import { SalesforceStandin, sfTime } from "../apps/server/test/crm/standin";
import { syncNow } from "../apps/server/test/crm/support";
import { api } from "../apps/server/test/harness";
import { screenshot } from "./browser";
import { type DeskSession, openDesk } from "./desk";

const sf = new SalesforceStandin();
let session: DeskSession | undefined;
let page: Page;
let baseUrl = "";
let acmeId = "";

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  await sf.start();
  session = await openDesk("crm", async (s) => {
    const as = api(s.app, s.ws.admin);
    sf.users.push({ Id: "005000000000001", Email: `dana@${s.domain}` });
    const base = {
      Type: "Customer - Direct",
      OwnerId: "005000000000001",
      LastModifiedDate: sfTime(new Date(Date.now() - 60_000)),
    };
    sf.accounts.push(
      {
        ...base,
        Id: sf.nextId("001"),
        Name: "Acme Corp",
        Website: "https://acme.test",
        Tier__c: "Enterprise",
        Renewal_Date__c: inDays(45),
        TCV__c: 120000,
        Products__c: "Inbox;Slack;Portal",
      },
      {
        ...base,
        Id: sf.nextId("001"),
        Name: "Initech",
        Website: "initech.test",
        Tier__c: "SMB",
        Renewal_Date__c: "soon",
        TCV__c: null,
        Products__c: null,
      },
    );
    const res = await as.put("/integrations/salesforce", {
      clientId: sf.clientId,
      clientSecret: sf.clientSecret,
      refreshToken: sf.refreshToken,
      authUrl: sf.url,
    });
    if (res.statusCode !== 200) throw new Error(res.body);
    // A rated resolution and a Linear issue, so every part of the page has something to show.
    const closed = await as.patch(`/issues/${s.desk.issues.invoice}`, {
      state: "closed",
      customFields: { category: "Billing" },
    });
    if (closed.statusCode !== 200) throw new Error(closed.body);
    await s.ws.run((ctx) =>
      recordCsat(ctx, closed.json().id, { score: 5, comment: "Sorted in minutes, thanks!", channel: "email" }),
    );
    await s.ws.run((ctx) =>
      linkLinearIssue(ctx, s.desk.issues.export, {
        linearIssueId: "lin-e2e-1",
        identifier: "ENG-214",
        url: "https://linear.app/acme/issue/ENG-214",
        title: "CSV export drops the tags column",
        stateName: "In Progress",
        stateType: "started",
      }),
    );
    const run = await syncNow(as, "salesforce");
    if (run.status !== "succeeded") throw new Error(JSON.stringify(run));
  });
  ({ page, baseUrl } = session);
  acmeId = session.desk.acmeId;
});

afterAll(async () => {
  await session?.close();
  await sf.close();
});

describe("account 360 and CRM sync in the browser", () => {
  it("shows the account with its CRM facts marked, its issues and activity", async () => {
    await page.goto(`${baseUrl}/accounts/${acmeId}`);
    await page.getByRole("heading", { name: "Acme Corp" }).waitFor();
    const facts = page.locator(".account-facts");
    await expect.poll(() => facts.textContent()).toContain("renews in 45 days");
    expect(await facts.textContent()).toContain("Dana Kim");
    expect(await facts.textContent()).toContain("120,000");
    expect(await page.locator(".crm-mark").count()).toBeGreaterThanOrEqual(3);
    expect(await page.getByText("Synced from Salesforce").count()).toBe(1);
    const open = page.locator(".account-card-box", { hasText: "Open issues" });
    expect(await open.locator(".account-issues li").count()).toBeGreaterThan(0);
    expect(await page.locator(".account-timeline li").count()).toBeGreaterThan(0);
    expect(await page.locator(".account-card-box", { hasText: "CSAT" }).textContent()).toContain("Sorted in minutes");
    expect(await page.locator(".account-card-box", { hasText: "Linear issues" }).textContent()).toContain("ENG-214");
    await screenshot(page, "crm-account-360");
  });

  it("edits the account's tags and a contact's roles inline, and saves them", async () => {
    if (!session) throw new Error("no session");
    const as = api(session.app, session.ws.admin);
    const overview = async () => (await as.get(`/accounts/${acmeId}/overview`)).json() as AccountOverview;
    const contact = (await overview()).contacts[0];
    if (!contact) throw new Error("Acme has no contact");
    await page.goto(`${baseUrl}/accounts/${acmeId}`);
    const tags = page.getByRole("group", { name: "Tags of Acme Corp" });
    for (const tag of ["Rollout-2026", "beta", "churn-risk"]) {
      await tags.getByLabel("Add tag to Acme Corp").fill(tag);
      await tags.getByLabel("Add tag to Acme Corp").press("Enter");
      await tags.getByRole("button", { name: `Remove tag ${tag.toLowerCase()} from Acme Corp` }).waitFor();
    }
    await tags.getByRole("button", { name: "Remove tag churn-risk from Acme Corp" }).click();
    await expect.poll(async () => (await overview()).account.tags).toEqual(["rollout-2026", "beta"]);
    const roles = page.getByRole("group", { name: `Roles of ${contact.name}` });
    await roles.getByLabel(`Add role to ${contact.name}`).fill("billing");
    await roles.getByLabel(`Add role to ${contact.name}`).press("Enter");
    await expect
      .poll(async () => (await overview()).contacts.find((c) => c.id === contact.id)?.roles)
      .toEqual([...contact.roles, "billing"]);
    await screenshot(page, "crm-account-tags");
    // Saved, not only shown: a fresh load shows the same.
    await page.reload();
    const reloaded = page.getByRole("group", { name: "Tags of Acme Corp" });
    await reloaded.getByRole("button", { name: "Remove tag rollout-2026 from Acme Corp" }).waitFor();
    expect(await reloaded.getByRole("button", { name: /churn-risk/ }).count()).toBe(0);
  });

  it("shows the sync run and the record that failed in Settings → CRM sync", async () => {
    await page.goto(`${baseUrl}/settings/crm`);
    await page.getByRole("heading", { name: "CRM sync" }).waitFor();
    await page.getByRole("button", { name: "1 record failed" }).click();
    await page.locator(".crm-errors li", { hasText: "Initech" }).waitFor();
    expect(await page.locator(".crm-errors").textContent()).toContain("Renewal_Date__c");
    await screenshot(page, "crm-settings");
  });
});
