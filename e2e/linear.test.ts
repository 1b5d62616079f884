// Linear in the browser: Settings → Linear (connection test, default team, comment sync, the
// webhook instructions), creating a Linear issue with labels from an issue and unlinking it, and
// the Feature requests page ranked by demand with a drill into the linked issues. Screenshots land
// in e2e/screenshots/linear-*.png.
import { execFileSync } from "node:child_process";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, buildWorkspace, startTestApp, type TestApp, type TestWorkspace } from "../apps/server/test/harness";
import { LinearStandin } from "../apps/server/test/linear/standin";
import { launchChromium, logInAs, screenshot } from "./browser";

let app: TestApp;
let ws: TestWorkspace;
let baseUrl = "";
let browser: Browser;
let page: Page;
const linear = new LinearStandin();
const domain = `linear${Date.now()}`;
let as: ReturnType<typeof api>;

const ok = async (res: Promise<{ statusCode: number; body: string }>) => {
  const r = await res;
  if (r.statusCode >= 300) throw new Error(r.body);
  return JSON.parse(r.body);
};

beforeAll(async () => {
  execFileSync("node", [path.resolve(import.meta.dirname, "../scripts/build-web-if-needed.mjs")], {
    stdio: "inherit",
    env: { ...process.env, NODE_ENV: "production" },
  });
  await linear.start();
  app = await startTestApp();
  baseUrl = await app.http.listen({ port: 0, host: "127.0.0.1" });
  ws = await buildWorkspace(app, domain);
  as = api(app, ws.admin);
  await ok(
    as.put("/integrations/linear", { apiKey: linear.apiKey, webhookSecret: linear.webhookSecret, apiUrl: linear.url }),
  );
  await ok(
    as.post("/custom-fields", { object: "account", key: "contract_value", label: "Contract value", type: "number" }),
  );
  const account = (name: string, tier: string, value: number) =>
    ok(as.post("/accounts", { name, tier, customFields: { contract_value: value } }));
  const globex = await account("Globex", "Enterprise", 240_000);
  const initech = await account("Initech", "Growth", 36_000);
  const hooli = await account("Hooli", "Starter", 6_000);
  const requests: [string, { id: string }[]][] = [
    ["SAML single logout", [globex, initech, hooli]],
    ["Parquet export", [globex, globex]],
    ["Dark mode", [hooli]],
  ];
  for (const [title, asking] of requests) {
    const inLinear = linear.addIssue(title);
    for (const [i, acc] of asking.entries()) {
      const issue = await ok(as.post("/issues", { title: `${title} please (${i + 1})`, accountId: acc.id }));
      await ok(as.post(`/issues/${issue.number}/linear-links`, { issue: inLinear.identifier }));
    }
  }
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  page = await context.newPage();
  page.setDefaultTimeout(15_000);
  await logInAs(page, baseUrl, `admin@${domain}.test`, "password123");
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await linear.close();
});

describe("Linear in the agent app", { timeout: 120_000 }, () => {
  it("tests the connection and saves the default team and comment sync in Settings → Linear", async () => {
    await page.goto(`${baseUrl}/settings/linear`);
    await page.getByText("Connected to").waitFor();
    await page.locator("code", { hasText: /\/hooks\/linear$/ }).waitFor();
    await page.getByRole("button", { name: "Test connection" }).click();
    await page.getByRole("status").filter({ hasText: "API key of API key owner" }).waitFor();
    await page.getByLabel("Default team").selectOption({ label: "DES · Design" });
    await page.getByText("Default team saved.").waitFor();
    await page.getByLabel("Sync Linear comments as internal notes").check();
    await page.getByText("Comments will sync.").waitFor();
    const saved = await ok(as.get("/integrations/linear"));
    expect(saved).toMatchObject({ defaultTeamId: linear.teams[1]?.id, commentSync: true });
    await screenshot(page, "linear-settings");
  });

  it("creates a Linear issue with labels from an issue, then unlinks it", async () => {
    const issue = await ok(as.post("/issues", { title: "Audit log export to S3" }));
    await page.goto(`${baseUrl}/issues/${issue.number}`);
    const panel = page.getByRole("region", { name: "Linear" });
    await panel.getByLabel("Linear team").selectOption({ label: "ENG · Engineering" });
    await panel.getByLabel("Customer", { exact: true }).check();
    await panel.getByLabel("Feature request", { exact: true }).check();
    await screenshot(page, "linear-create-labels");
    await panel.getByRole("button", { name: "Create" }).click();
    // The click returns before the server has asked Linear: read the stand-in once it has the issue.
    const find = () => [...linear.issues.values()].find((i) => i.title === "Audit log export to S3");
    await expect.poll(find, { timeout: 15_000 }).toBeDefined();
    const created = find();
    await panel.getByText(created?.identifier ?? "not created").waitFor();
    expect(created?.labelIds).toHaveLength(2);
    await panel.getByRole("button", { name: `Unlink ${created?.identifier}` }).click();
    await page.getByText(`Unlinked ${created?.identifier}: no Linear issue is pending any more.`).waitFor();
    expect((await ok(as.get(`/issues/${issue.number}/linear-links`))).items).toEqual([]);
  });

  it("ranks feature requests by demand and drills into the linked issues", async () => {
    await page.getByRole("link", { name: "Feature requests" }).click();
    const table = page.getByRole("table", { name: "Feature requests" });
    await table.waitFor();
    const titles = await table.locator("tbody tr td.feature-title").allInnerTexts();
    expect(titles.map((t) => t.replace(/^\S+\s/, ""))).toEqual(["SAML single logout", "Parquet export", "Dark mode"]);
    await table
      .getByRole("row", { name: /SAML single logout/ })
      .getByRole("button", { name: "Issues" })
      .click();
    await table.getByRole("link", { name: /SAML single logout please \(1\)/ }).waitFor();
    await table.getByText("$240,000").first().waitFor();
    await screenshot(page, "linear-feature-requests");
  });
});
