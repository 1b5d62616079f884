// The knowledge base through the API and the public help center: articles with revisions and slug
// history, visibility (internal articles never reach /help), tenancy, ranked search with
// highlights, and the copilot's draft, summary and answers citing real articles and messages.
import type { CopilotResult, KbArticle, KbArticleSummary } from "@switchboard/api";
import { beforeAll, describe, expect, it } from "vitest";
import { customerSays, expectError } from "../foundation/support";
import { api, buildWorkspace, type TestWorkspace, useTestApp } from "../harness";

const app = useTestApp();
let ws: TestWorkspace;
let other: TestWorkspace;
const as = () => api(app(), ws.admin);
const domain = () => `${wsName}.test`;
let wsName = "";

async function article(body: Record<string, unknown>) {
  const res = await as().post("/kb/articles", body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as KbArticle;
}
const help = (url: string) => app().http.inject({ method: "GET", url });

let sso: KbArticle;
let secret: KbArticle;
let webhook: KbArticle;

beforeAll(async () => {
  wsName = `kb-${Date.now().toString(36)}`;
  ws = await buildWorkspace(app(), wsName);
  other = await buildWorkspace(app());
  const collection = (await as().post("/kb/collections", { name: "Single sign-on" })).json() as { id: string };
  sso = await article({
    title: "Reconnect SSO after rotating your Okta certificate",
    collectionId: collection.id,
    status: "published",
    visibility: "public",
    body: [
      "When Okta rotates its signing certificate, sign-in fails with an invalid signature error.",
      "",
      "## Steps",
      "",
      "1. Open Settings → Security → Single sign-on.",
      "2. Upload the new Okta certificate and save.",
      "3. Ask users to sign out and re-authenticate.",
      "",
      "## Caveats",
      "",
      "Sessions started before the rotation stay valid until they expire.",
    ].join("\n"),
  });
  secret = await article({
    title: "Internal: SSO escalation runbook",
    status: "published",
    visibility: "internal",
    body: "Escalate SSO certificate failures to the identity on-call after thirty minutes.",
  });
  webhook = await article({
    title: "Webhook retries",
    status: "published",
    visibility: "public",
    body: "Webhooks are retried five times with backoff. Mentions SSO only in passing.",
  });
});

describe("knowledge base", { timeout: 60_000 }, () => {
  it("keeps every save as a revision and old slugs as redirects to the current URL", async () => {
    const draft = await article({ title: "Export your data", body: "First version." });
    expect(draft).toMatchObject({ slug: "export-your-data", status: "draft", visibility: "internal", revision: 1 });
    const edited = await as().patch(`/kb/articles/${draft.id}`, {
      body: "Second version.",
      slug: "export-data",
      status: "published",
      visibility: "public",
    });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json()).toMatchObject({ revision: 2, slug: "export-data", formerSlugs: ["export-your-data"] });
    const revisions = (await as().get(`/kb/articles/${draft.id}/revisions`)).json().items as { body: string }[];
    expect(revisions.map((r) => r.body)).toEqual(["Second version.", "First version."]);

    const old = await help(`/help/${domain()}/articles/export-your-data`);
    expect(old.statusCode).toBe(301);
    expect(old.headers.location).toBe(`/help/${domain()}/articles/export-data`);
    const page = await help(`/help/${domain()}/articles/export-data`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("Second version.");

    // A former slug stays the article's: another article cannot take it.
    expectError(await as().post("/kb/articles", { title: "Other", slug: "export-your-data" }), 409, "conflict");
  });

  it("never shows internal or draft articles on the help center, its search or its sitemap", async () => {
    const draft = await article({ title: "Unreleased SSO feature", visibility: "public", body: "SSO preview." });
    const home = await help(`/help/${domain()}`);
    expect(home.statusCode).toBe(200);
    expect(home.body).toContain(sso.title);
    for (const hidden of [secret, draft]) {
      expect((await help(`/help/${domain()}/articles/${hidden.slug}`)).statusCode).toBe(404);
      expect(home.body).not.toContain(hidden.title);
    }
    const search = (await help(`/help/api/search?site=${domain()}&q=sso`)).json().items as { id: string }[];
    expect(search.map((s) => s.id)).toContain(sso.id);
    expect(search.map((s) => s.id)).not.toContain(secret.id);
    expect(search.map((s) => s.id)).not.toContain(draft.id);
    const page = await help(`/help/${domain()}/search?q=escalation`);
    expect(page.body).not.toContain(secret.title);
    const sitemap = await help(`/help/${domain()}/sitemap.xml`);
    expect(sitemap.headers["content-type"]).toContain("application/xml");
    expect(sitemap.body).toContain(`/help/${domain()}/articles/${sso.slug}</loc>`);
    expect(sitemap.body).not.toContain(secret.slug);
  });

  it("ranks a title match above a passing mention and highlights the matched words", async () => {
    const res = await as().get("/kb/articles?q=okta%20certificate");
    const hits = res.json().items as KbArticleSummary[];
    expect(hits[0]?.id).toBe(sso.id);
    expect(hits[0]?.highlight).toContain("<mark>");
    const loose = (await as().get("/kb/articles?q=sso")).json().items as KbArticleSummary[];
    const order = loose.map((h) => h.id);
    expect(order.indexOf(sso.id)).toBeLessThan(order.indexOf(webhook.id));
    // Agents find internal articles too.
    expect(order).toContain(secret.id);
  });

  it("keeps each workspace's articles to itself", async () => {
    const them = api(app(), other.admin);
    expectError(await them.get(`/kb/articles/${sso.id}`), 404, "not_found");
    expectError(await them.patch(`/kb/articles/${sso.id}`, { title: "Mine now" }), 404, "not_found");
    expect((await them.get("/kb/articles?q=okta")).json().items).toEqual([]);
    expect((await them.get("/kb/collections")).json().items).toEqual([]);
  });

  it("drafts a reply from the matching article and cites it; summary and answers cite real messages", async () => {
    const issue = (await as().post("/issues", { title: "Cannot sign in" })).json() as { number: number };
    await customerSays(
      ws,
      issue.number,
      "Since this morning our SSO sign-in fails with an invalid signature error. Did Okta rotate the certificate?",
    );
    await customerSays(ws, issue.number, "We already tried clearing cookies and it still fails.");

    const suggestions = (await as().get(`/issues/${issue.number}/kb/suggestions`)).json().items as KbArticleSummary[];
    expect(suggestions[0]?.id).toBe(sso.id);
    // The sidebar shows the passage that matched (retrieval itself skips ts_headline; suggestions add it).
    expect(suggestions[0]?.highlight).toMatch(/<mark>\w+<\/mark>/);

    const draft = await as().post(`/issues/${issue.number}/copilot/draft`);
    expect(draft.statusCode, draft.body).toBe(200);
    const d = draft.json() as CopilotResult;
    expect(d.citations[0]).toMatchObject({ kind: "article", id: sso.id });
    expect(d.text).toContain("[1]");
    expect(d.citations.map((c) => c.id)).not.toContain(secret.id);
    expect(d.text).toContain("Pat");
    const cited = await as().get(`/kb/articles/${d.citations[0]?.id}`);
    expect(cited.statusCode).toBe(200);

    const messages = (await as().get(`/issues/${issue.number}/messages`)).json().items as { id: string }[];
    const ids = new Set(messages.map((m) => m.id));
    const summary = (await as().post(`/issues/${issue.number}/copilot/summary`)).json() as CopilotResult;
    expect(summary.citations.length).toBeGreaterThan(0);
    for (const c of summary.citations) expect(ids.has(c.id)).toBe(true);
    expect(summary.text).toContain("Tried");

    const answer = (
      await as().post(`/issues/${issue.number}/copilot/ask`, { question: "Has the customer tried clearing cookies?" })
    ).json() as CopilotResult;
    expect(answer.citations[0]?.kind).toBe("message");
    expect(ids.has(answer.citations[0]?.id ?? "")).toBe(true);
    expect(answer.text).toContain("clearing cookies");

    const decisions = (await as().get(`/issues/${issue.number}/decisions`)).json().items as { kind: string }[];
    expect(decisions.map((x) => x.kind)).toEqual(expect.arrayContaining(["draft", "summary", "answer"]));
  });

  it("groups marked gaps, drafts an article from their issues' answers, and closes them on publish", async () => {
    const one = (await as().post("/issues", { title: "Export to CSV" })).json() as { number: number };
    const two = (await as().post("/issues", { title: "CSV export question" })).json() as { number: number };
    await customerSays(ws, one.number, "How do I export my runs to CSV?");
    const reply = await as().post(`/issues/${one.number}/messages`, {
      body: "Open Runs and click Export, then choose CSV. Note that exports only include the last 90 days.",
    });
    expect(reply.statusCode, reply.body).toBe(201);
    const mark = (question: string, issueNumber: number) => as().post("/knowledge-gaps", { question, issueNumber });
    const first = await mark("How do I export runs to CSV?", one.number);
    expect(first.statusCode, first.body).toBe(201);
    await mark("Can I export my runs as a CSV file?", two.number);
    await mark("Does the API support pagination?", two.number);

    const groups = (await as().get("/knowledge-gaps?status=open")).json().items as {
      count: number;
      issueNumbers: number[];
      gaps: { id: string }[];
    }[];
    expect(groups[0]).toMatchObject({ count: 2 });
    expect(groups[0]?.issueNumbers.sort()).toEqual([one.number, two.number].sort());
    expect(groups).toHaveLength(2);

    const generated = await as().post(`/knowledge-gaps/${first.json().id}/generate`);
    expect(generated.statusCode, generated.body).toBe(201);
    const draft = generated.json() as KbArticle;
    expect(draft).toMatchObject({ status: "draft", title: "How do I export runs to CSV?" });
    expect(draft.body).toContain("Open Runs and click Export");
    expect(draft.body).toContain(`#${one.number}`);
    expect(draft.body).toContain("## Caveats");
    const drafted = (await as().get("/knowledge-gaps?status=drafted")).json().items as { count: number }[];
    expect(drafted[0]?.count).toBe(2);

    await as().patch(`/kb/articles/${draft.id}`, { status: "published" });
    const published = (await as().get("/knowledge-gaps?status=published")).json().items as { count: number }[];
    expect(published[0]?.count).toBe(2);
    expect((await as().get("/knowledge-gaps?status=open")).json().items).toHaveLength(1);

    const rest = groups[1]?.gaps.map((g) => g.id) ?? [];
    expect((await as().post("/knowledge-gaps/status", { ids: rest, status: "dismissed" })).statusCode).toBe(200);
    expect((await as().get("/knowledge-gaps?status=open")).json().items).toEqual([]);
    expectError(
      await api(app(), other.admin).post("/knowledge-gaps/status", { ids: rest, status: "open" }),
      404,
      "not_found",
    );
  });
});
