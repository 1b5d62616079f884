// Images in articles: uploaded from the editor into attachment storage, shown to agents, and
// served by the help center for published public articles only.
import type { KbArticle, KbImage } from "@switchboard/api";
import { beforeAll, describe, expect, it } from "vitest";
import { expectError } from "../foundation/support";
import { api, buildWorkspace, type TestWorkspace, unique, useTestApp } from "../harness";

const app = useTestApp();
const wsName = unique("img");
let ws: TestWorkspace;
const as = () => api(app(), ws.admin);
const help = (url: string) => app().http.inject({ method: "GET", url });
// A 1×1 transparent PNG.
const PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=";

async function articleWithImage(visibility: string) {
  const created = await as().post("/kb/articles", { title: `Screens ${unique("a")}`, visibility, status: "draft" });
  const article = created.json() as KbArticle;
  const res = await as().post(`/kb/articles/${article.id}/images`, { filename: "settings.png", dataBase64: PNG });
  expect(res.statusCode, res.body).toBe(201);
  const image = res.json() as KbImage;
  const saved = await as().patch(`/kb/articles/${article.id}`, { body: `Open Settings.\n\n${image.markdown}` });
  expect(saved.statusCode, saved.body).toBe(200);
  return { article: saved.json() as KbArticle, image };
}

beforeAll(async () => {
  ws = await buildWorkspace(app(), wsName);
});

describe("article images", { timeout: 60_000 }, () => {
  it("stores an uploaded image, shows it to agents and, once the article is public, on the help center", async () => {
    const { article, image } = await articleWithImage("public");
    expect(image).toMatchObject({ contentType: "image/png", size: 68, url: `/api/v1/kb/images/${image.id}` });
    const agents = await as().get(`/kb/images/${image.id}`);
    expect(agents.statusCode).toBe(200);
    expect(agents.headers["content-type"]).toBe("image/png");

    const publicUrl = `/help/${wsName}.test/images/${image.id}`;
    expect((await help(publicUrl)).statusCode).toBe(404);
    await as().patch(`/kb/articles/${article.id}`, { status: "published" });
    const served = await help(publicUrl);
    expect(served.statusCode).toBe(200);
    expect(served.rawPayload.equals(Buffer.from(PNG, "base64"))).toBe(true);
    const page = await help(`/help/${wsName}.test/articles/${article.slug}`);
    expect(page.body.match(/<article>[\s\S]*<\/article>/)?.[0]).toContain(`src="${publicUrl}"`);
  });

  it("never serves an internal article's image on the help center", async () => {
    const { article, image } = await articleWithImage("internal");
    await as().patch(`/kb/articles/${article.id}`, { status: "published" });
    expect((await help(`/help/${wsName}.test/images/${image.id}`)).statusCode).toBe(404);
    expect((await as().get(`/kb/images/${image.id}`)).statusCode).toBe(200);
  });

  it("refuses what is not an image and keeps images to their workspace", async () => {
    const { article, image } = await articleWithImage("public");
    const html = Buffer.from("<svg onload=alert(1)></svg>").toString("base64");
    expectError(
      await as().post(`/kb/articles/${article.id}/images`, { filename: "x.svg", dataBase64: html }),
      400,
      "validation_failed",
    );
    const other = api(app(), (await buildWorkspace(app())).admin);
    expectError(await other.get(`/kb/images/${image.id}`), 404, "not_found");
    expectError(
      await other.post(`/kb/articles/${article.id}/images`, { filename: "a.png", dataBase64: PNG }),
      404,
      "not_found",
    );
  });

  it("takes an image pasted into a new article before its first save and attaches it on save", async () => {
    const res = await as().post("/kb/images", { filename: "first.png", dataBase64: PNG });
    expect(res.statusCode, res.body).toBe(201);
    const image = res.json() as KbImage;
    // The editor shows it at once; nobody outside sees an image of no article.
    expect((await as().get(`/kb/images/${image.id}`)).statusCode).toBe(200);
    const publicUrl = `/help/${wsName}.test/images/${image.id}`;
    expect((await help(publicUrl)).statusCode).toBe(404);

    // Another workspace's article naming it does not take it.
    const other = api(app(), (await buildWorkspace(app())).admin);
    expectError(await other.get(`/kb/images/${image.id}`), 404, "not_found");
    const theirs = await other.post("/kb/articles", {
      title: "Borrowed",
      body: image.markdown,
      visibility: "public",
      status: "published",
    });
    expect(theirs.statusCode, theirs.body).toBe(201);
    expect((await help(publicUrl)).statusCode).toBe(404);

    const created = await as().post("/kb/articles", {
      title: `First save ${unique("a")}`,
      body: `Open Settings.\n\n${image.markdown}`,
      visibility: "public",
      status: "published",
    });
    expect(created.statusCode, created.body).toBe(201);
    const served = await help(publicUrl);
    expect(served.statusCode).toBe(200);
    expect(served.rawPayload.equals(Buffer.from(PNG, "base64"))).toBe(true);
    // Attached: the article takes its image along when deleted.
    await as().delete(`/kb/articles/${(created.json() as KbArticle).id}`);
    expectError(await as().get(`/kb/images/${image.id}`), 404, "not_found");
  });

  it("refuses a pending upload that is not an image", async () => {
    const html = Buffer.from("<svg onload=alert(1)></svg>").toString("base64");
    expectError(await as().post("/kb/images", { filename: "x.svg", dataBase64: html }), 400, "validation_failed");
  });
});
