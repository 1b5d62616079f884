// Webhooks and the audit log in the browser: an admin subscribes a URL (the secret shown once),
// sees a webhook the server disabled after failures with its delivery log and replays one, then
// reads and filters the audit log. Screenshots land in e2e/screenshots/webhooks-*.png, audit-*.png.
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWebhook } from "../apps/server/src/commands/webhooks";
import { webhookDeliveries, webhooks } from "../apps/server/src/db/schema";
import { screenshot } from "./browser";
import { type DeskSession, openDesk } from "./desk";

let session: DeskSession;
let page: Page;

beforeAll(async () => {
  session = await openDesk("hooks", async ({ app, ws }) => {
    // A webhook whose receiver kept failing: the server switched it off.
    const hook = await ws.run((ctx) =>
      createWebhook(ctx, {
        url: "https://warehouse.example.test/switchboard",
        description: "Data warehouse",
        eventTypes: ["created", "state", "priority"],
        secretSealed: app.services.secrets.seal("whsec_e2e"),
      }),
    );
    const db = app.services.database.db;
    const [issue] = (await db.query.issues.findMany({ limit: 1 })) as { id: string; number: number }[];
    if (!issue) throw new Error("the desk has no issue");
    const base = { workspaceId: ws.workspaceId, webhookId: hook.id, issueId: issue.id, issueNumber: issue.number };
    await db.insert(webhookDeliveries).values([
      {
        ...base,
        eventSeq: 1,
        eventType: "created",
        body: "{}",
        status: "delivered",
        attempts: 1,
        responseStatus: 200,
        durationMs: 84,
        responseExcerpt: "ok",
      },
      {
        ...base,
        eventSeq: 2,
        eventType: "state",
        body: "{}",
        status: "pending",
        attempts: 15,
        responseStatus: 503,
        durationMs: 10012,
        error: "The receiver answered 503.",
        responseExcerpt: "<html>Service Unavailable</html>",
      },
    ]);
    await db.update(webhooks).set({
      enabled: false,
      consecutiveFailures: 15,
      disabledAt: new Date(),
      disabledReason: "Disabled after 15 failed deliveries in a row.",
    });
  });
  page = session.page;
});
afterAll(async () => {
  await session?.close();
});

const openSection = async (name: string) => {
  await page.getByRole("link", { name: "Settings" }).click();
  await page.getByRole("navigation", { name: "Settings sections" }).getByRole("link", { name }).click();
  await page.getByRole("heading", { level: 2, name }).waitFor();
};

describe("webhooks and the audit log", () => {
  it("subscribes a URL to events and shows the signing secret once", async () => {
    await openSection("Webhooks");
    await page.getByRole("alert").filter({ hasText: "was switched off" }).waitFor();
    await screenshot(page, "webhooks-list");
    await page.getByRole("button", { name: "New webhook" }).click();
    const dialog = page.getByRole("dialog", { name: "New webhook" });
    await dialog.getByLabel("Payload URL").fill("https://crm.example.test/hooks/switchboard");
    await dialog.getByLabel("Description").fill("CRM timeline");
    await dialog.getByRole("checkbox", { name: /Priority changed/ }).check();
    await screenshot(page, "webhooks-new");
    await dialog.getByRole("button", { name: "Create webhook" }).click();
    const reveal = page.getByRole("dialog", { name: "Webhook created" });
    const secret = await reveal.getByLabel("Signing secret").inputValue();
    expect(secret).toMatch(/^whsec_/);
    await screenshot(page, "webhooks-secret");
    await reveal.getByRole("button", { name: "Close" }).first().click();
    await page
      .getByRole("table", { name: "Webhooks" })
      .getByText("https://crm.example.test/hooks/switchboard")
      .waitFor();
  });

  it("shows a disabled webhook's delivery log and replays a delivery", async () => {
    await page.getByRole("button", { name: "Deliveries of https://warehouse.example.test/switchboard" }).click();
    const log = page.getByRole("table", { name: "Webhook deliveries" });
    await log.getByText("The receiver answered 503.").waitFor();
    await screenshot(page, "webhooks-deliveries");
    await log.getByRole("button", { name: /Replay created/ }).click();
    await page.getByText("Queued to send again.").waitFor();
    await log.getByText("· replay").waitFor();
    await screenshot(page, "webhooks-replayed");
  });

  it("lists and filters the audit log", async () => {
    await page.keyboard.press("Escape");
    await openSection("Audit log");
    const table = page.getByRole("table", { name: "Audit log" });
    await table.getByText("webhook.created").first().waitFor();
    await table.getByText("login.succeeded").first().waitFor();
    await screenshot(page, "audit-log");
    await page.getByLabel("Action").selectOption("webhook.created");
    await expect.poll(async () => table.getByText("login.succeeded").count()).toBe(0);
    await table.getByText("webhook.created").first().waitFor();
    await screenshot(page, "audit-log-filtered");
  });
});
