// Who reads which article: internal ones reach agents only (never the help center, the widget or
// the portal); articles for account types reach verified customers of those types, through the
// customer search whose audience is read from the customer's account, never from the request.
import { randomUUID } from "node:crypto";
import type { KbArticle, KbArticleSummary } from "@switchboard/api";
import { beforeAll, describe, expect, it } from "vitest";
import { portalTokenHash } from "../../src/commands/portal";
import { portalSessions } from "../../src/db/schema";
import { expectError } from "../foundation/support";
import { api, buildWorkspace, type TestWorkspace, unique, useTestApp } from "../harness";
import { boot, createTestWidget, signed, type TestWidget } from "../widget/support";

const app = useTestApp();
let ws: TestWorkspace;
let widget: TestWidget;
const wsName = unique("aud");
const as = () => api(app(), ws.admin);
const get = (url: string, headers: Record<string, string> = {}) => app().http.inject({ method: "GET", url, headers });
const ONE_PIXEL_PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=";
const ids = (body: string) => (JSON.parse(body).items as { id: string }[]).map((i) => i.id);

const articles: Record<"everyone" | "agents" | "customers" | "trials", KbArticle> = {} as never;

async function article(title: string, body: Record<string, unknown>) {
  const res = await as().post("/kb/articles", { title, body: `${title}. Zephyr rotation explained.`, ...body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as KbArticle;
}

/** A verified widget customer whose contact belongs to an account of `type`. */
async function customerOf(type: "customer" | "trial") {
  const domain = `${unique(type)}.test`;
  const account = await as().post("/accounts", { name: `${type} co`, domains: [domain], type });
  expect(account.statusCode, account.body).toBe(201);
  const email = `pat@${domain}`;
  const contact = await as().post("/contacts", { name: "Pat", email, accountId: account.json().id });
  expect(contact.statusCode, contact.body).toBe(201);
  return boot(app(), widget.appId, signed(widget, email, "Pat"));
}

/** A signed-in portal customer (the session row the code login writes) of an account of `type`. */
async function portalCustomerOf(type: "customer" | "trial", target: TestWorkspace = ws) {
  const admin = api(app(), target.admin);
  const domain = `${unique(`portal-${type}`)}.test`;
  const account = await admin.post("/accounts", { name: domain, domains: [domain], type });
  expect(account.statusCode, account.body).toBe(201);
  const contact = await admin.post("/contacts", { name: "Pat", email: `pat@${domain}`, accountId: account.json().id });
  expect(contact.statusCode, contact.body).toBe(201);
  const token = `sbc_${randomUUID()}`;
  await app()
    .services.database.db.insert(portalSessions)
    .values({
      workspaceId: target.workspaceId,
      contactId: contact.json().id,
      tokenHash: portalTokenHash(token),
      expiresAt: new Date(Date.now() + 3600_000),
    });
  return `sb_portal=${token}`;
}

beforeAll(async () => {
  ws = await buildWorkspace(app(), wsName);
  widget = await createTestWidget(app(), ws);
  const published = { status: "published" };
  articles.everyone = await article("Zephyr for everyone", { ...published, visibility: "public" });
  articles.agents = await article("Zephyr escalation (agents)", { ...published, visibility: "internal" });
  articles.customers = await article("Zephyr for paying customers", {
    ...published,
    visibility: "account_types",
    accountTypes: ["customer"],
  });
  articles.trials = await article("Zephyr during a trial", {
    ...published,
    visibility: "account_types",
    accountTypes: ["trial"],
  });
});

describe("article audiences", { timeout: 60_000 }, () => {
  it("shows agents every article and says who each one is for", async () => {
    const hits = (await as().get("/kb/articles?q=zephyr")).json().items as KbArticleSummary[];
    expect(new Set(hits.map((h) => h.id))).toEqual(new Set(Object.values(articles).map((a) => a.id)));
    expect(hits.find((h) => h.id === articles.customers.id)).toMatchObject({
      visibility: "account_types",
      accountTypes: ["customer"],
      helpUrl: null,
    });
  });

  it("keeps internal and account-type articles off the public help center", async () => {
    const domain = `${wsName}.test`;
    expect(ids((await get(`/help/api/search?site=${domain}&q=zephyr`)).body)).toEqual([articles.everyone.id]);
    const home = await get(`/help/${domain}`);
    for (const hidden of [articles.agents, articles.customers, articles.trials]) {
      expect(home.body).not.toContain(hidden.title);
      expect((await get(`/help/${domain}/articles/${hidden.slug}`)).statusCode).toBe(404);
    }
  });

  it("lets a verified customer find the articles for their account type, never internal ones", async () => {
    const customer = await customerOf("customer");
    const headers = { "x-widget-token": customer.token };
    const res = await get("/help/api/customer/search?q=zephyr", headers);
    expect(res.statusCode, res.body).toBe(200);
    expect(new Set(ids(res.body))).toEqual(new Set([articles.everyone.id, articles.customers.id]));
    const urls = JSON.parse(res.body).items as { id: string; url: string }[];
    expect(urls.find((h) => h.id === articles.customers.id)?.url).toBe(
      `/portal/${wsName}.test/help/${articles.customers.slug}`,
    );

    const trial = await customerOf("trial");
    const theirs = ids((await get("/help/api/customer/search?q=zephyr", { "x-widget-token": trial.token })).body);
    expect(new Set(theirs)).toEqual(new Set([articles.everyone.id, articles.trials.id]));
  });

  it("gives a signed-in portal customer the articles for their account type, never internal ones", async () => {
    const cookie = await portalCustomerOf("customer");
    const res = await get("/portal/api/help/search?q=zephyr", { cookie });
    expect(res.statusCode, res.body).toBe(200);
    expect(new Set(ids(res.body))).toEqual(new Set([articles.everyone.id, articles.customers.id]));
    const hits = JSON.parse(res.body).items as { id: string; url: string | null }[];
    // Not on the public help center: its page is in the portal.
    expect(hits.find((h) => h.id === articles.customers.id)?.url).toBe(
      `/portal/${wsName}.test/help/${articles.customers.slug}`,
    );
    expect(hits.find((h) => h.id === articles.everyone.id)?.url).toContain(`/articles/${articles.everyone.slug}`);
    expectError(await get("/portal/api/help/search?q=zephyr"), 401, "unauthenticated");
  });

  it("shows a portal customer the page of an article for their account type, with its images", async () => {
    const image = await as().post(`/kb/articles/${articles.customers.id}/images`, {
      filename: "dial.png",
      dataBase64: ONE_PIXEL_PNG,
    });
    expect(image.statusCode, image.body).toBe(201);
    await as().patch(`/kb/articles/${articles.customers.id}`, {
      body: `Zephyr for paying customers.\n\n${image.json().markdown}`,
    });
    const cookie = await portalCustomerOf("customer");
    const res = await get(`/portal/api/help/articles/${articles.customers.slug}`, { cookie });
    expect(res.statusCode, res.body).toBe(200);
    const page = res.json() as { id: string; title: string; html: string; helpUrl: string | null };
    expect(page).toMatchObject({ id: articles.customers.id, title: articles.customers.title, helpUrl: null });
    const src = /src="([^"]+)"/.exec(page.html)?.[1];
    expect(src).toBe(`/portal/api/help/images/${image.json().id}`);
    const served = await get(src ?? "", { cookie });
    expect(served.statusCode).toBe(200);
    expect(served.headers["content-type"]).toBe("image/png");
    // A public article reads there too, with its help-center URL.
    const everyone = await get(`/portal/api/help/articles/${articles.everyone.slug}`, { cookie });
    expect(everyone.json().helpUrl).toBe(`/help/${wsName}.test/articles/${articles.everyone.slug}`);
  });

  it("answers 404 to a portal customer of another account type, for internal articles and drafts", async () => {
    const trial = await portalCustomerOf("trial");
    const customer = await portalCustomerOf("customer");
    const draft = await article("Zephyr draft for customers", {
      visibility: "account_types",
      accountTypes: ["customer"],
    });
    for (const [cookie, slug] of [
      [trial, articles.customers.slug],
      [customer, articles.trials.slug],
      [customer, articles.agents.slug],
      [customer, draft.slug],
      [customer, "no-such-article"],
    ] as const) {
      expectError(await get(`/portal/api/help/articles/${slug}`, { cookie }), 404, "not_found");
    }
    const images = (await get(`/portal/api/help/articles/${articles.customers.slug}`, { cookie: customer })).json()
      .html as string;
    const src = /src="([^"]+)"/.exec(images)?.[1] ?? "";
    expect(src).not.toBe("");
    expectError(await get(src, { cookie: trial }), 404, "not_found");
    expectError(await get(`/portal/api/help/articles/${articles.customers.slug}`), 401, "unauthenticated");
    // The public help center has no page for it either.
    expect((await get(`/help/${wsName}.test/articles/${articles.customers.slug}`)).statusCode).toBe(404);
  });

  it("keeps another workspace's portal customers out of its articles", async () => {
    const other = await buildWorkspace(app());
    const cookie = await portalCustomerOf("customer", other);
    expectError(await get(`/portal/api/help/articles/${articles.customers.slug}`, { cookie }), 404, "not_found");
    expectError(await get(`/portal/api/help/articles/${articles.everyone.slug}`, { cookie }), 404, "not_found");
  });

  it("gives an anonymous visitor the public articles only and refuses a caller without a session", async () => {
    const visitor = await boot(app(), widget.appId);
    const res = await get("/help/api/customer/search?q=zephyr", { "x-widget-token": visitor.token });
    expect(ids(res.body)).toEqual([articles.everyone.id]);
    expectError(await get("/help/api/customer/search?q=zephyr"), 401, "unauthenticated");
  });

  it("keeps another workspace's customers out", async () => {
    const other = await buildWorkspace(app());
    const theirWidget = await createTestWidget(app(), other);
    const stranger = await boot(app(), theirWidget.appId, signed(theirWidget, "x@elsewhere.test"));
    const res = await get("/help/api/customer/search?q=zephyr", { "x-widget-token": stranger.token });
    expect(ids(res.body)).toEqual([]);
  });

  it("records each change of who may read an article in its revision history", async () => {
    const a = await article("Zephyr audiences over time", { visibility: "public" });
    await as().patch(`/kb/articles/${a.id}`, { visibility: "account_types", accountTypes: ["customer"] });
    await as().patch(`/kb/articles/${a.id}`, { accountTypes: ["customer", "trial"] });
    await as().patch(`/kb/articles/${a.id}`, { visibility: "internal" });
    const res = await as().get(`/kb/articles/${a.id}/revisions`);
    expect(res.statusCode, res.body).toBe(200);
    const history = (res.json().items as { revision: number; visibility: string; accountTypes: string[] }[]).map(
      (r) => [r.revision, r.visibility, r.accountTypes],
    );
    expect(history).toEqual([
      [4, "internal", []],
      [3, "account_types", ["customer", "trial"]],
      [2, "account_types", ["customer"]],
      [1, "public", []],
    ]);
  });

  it("refuses an account-type article that names no account type", async () => {
    expectError(
      await as().post("/kb/articles", { title: "Nobody", visibility: "account_types", accountTypes: [] }),
      400,
      "validation_failed",
    );
    expectError(
      await as().patch(`/kb/articles/${articles.everyone.id}`, { visibility: "account_types" }),
      400,
      "validation_failed",
    );
  });
});
