// The help center's sitemap is rendered once and served from memory until its public articles
// change: publishing, unpublishing, a slug change, a visibility change and deletion each show in
// the next response, and an unchanged sitemap answers a conditional request with 304.
import type { KbArticle } from "@switchboard/api";
import { beforeAll, describe, expect, it } from "vitest";
import { api, buildWorkspace, type TestWorkspace, useTestApp } from "../harness";

const app = useTestApp();
let ws: TestWorkspace;
let domain = "";
const as = () => api(app(), ws.admin);
const sitemap = (etag?: string) =>
  app().http.inject({
    method: "GET",
    url: `/help/${domain}/sitemap.xml`,
    headers: etag ? { "if-none-match": etag } : {},
  });
const loc = (slug: string) => `/help/${domain}/articles/${slug}</loc>`;

beforeAll(async () => {
  const name = `map-${Date.now().toString(36)}`;
  domain = `${name}.test`;
  ws = await buildWorkspace(app(), name);
});

describe("help center sitemap cache", { timeout: 60_000 }, () => {
  it("follows publish, unpublish, slug, visibility and deletion, and answers 304 while unchanged", async () => {
    const created = await as().post("/kb/articles", {
      title: "Rotate API keys",
      body: "Open Settings → API.",
      status: "published",
      visibility: "public",
    });
    expect(created.statusCode, created.body).toBe(201);
    const a = created.json() as KbArticle;

    const first = await sitemap();
    expect(first.statusCode).toBe(200);
    expect(first.body).toContain(loc("rotate-api-keys"));
    const etag = String(first.headers.etag);
    expect(etag).toMatch(/^".+"$/);
    expect((await sitemap(etag)).statusCode).toBe(304);
    const again = await sitemap();
    expect(again.body).toBe(first.body);

    const patch = async (body: Record<string, unknown>) => {
      const res = await as().patch(`/kb/articles/${a.id}`, body);
      expect(res.statusCode, res.body).toBe(200);
      const next = await sitemap(etag);
      expect(next.statusCode).toBe(200);
      return next.body;
    };
    expect(await patch({ status: "draft" })).not.toContain(loc("rotate-api-keys"));
    expect(await patch({ status: "published" })).toContain(loc("rotate-api-keys"));
    const renamed = await patch({ slug: "api-keys" });
    expect(renamed).toContain(loc("api-keys"));
    expect(renamed).not.toContain(loc("rotate-api-keys"));
    expect(await patch({ visibility: "internal" })).not.toContain(loc("api-keys"));
    expect(await patch({ visibility: "public" })).toContain(loc("api-keys"));

    const deleted = await as().delete(`/kb/articles/${a.id}`);
    expect(deleted.statusCode, deleted.body).toBeLessThan(300);
    const gone = await sitemap();
    expect(gone.body).not.toContain(loc("api-keys"));
    expect(gone.headers.etag).not.toBe(etag);
  });
});
