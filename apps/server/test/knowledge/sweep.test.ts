// Images pasted into an article that was never saved: the nightly job deletes those still waiting
// after the threshold, and leaves recent uploads and images their article took.
import type { KbImage } from "@switchboard/api";
import { inArray } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { PENDING_IMAGE_TTL_MS } from "../../src/commands/kbImages";
import { kbArticleImages } from "../../src/db/schema";
import { knowledgeModule, sweepImages } from "../../src/knowledge/module";
import { expectError } from "../foundation/support";
import { api, buildWorkspace, type TestWorkspace, unique, useTestApp } from "../harness";

const app = useTestApp();
let ws: TestWorkspace;
let other: TestWorkspace;
const PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=";

async function upload(who: TestWorkspace) {
  const res = await api(app(), who.admin).post("/kb/images", { filename: "shot.png", dataBase64: PNG });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as KbImage;
}
const age = (ids: string[], ms: number) =>
  app()
    .database.db.update(kbArticleImages)
    .set({ createdAt: new Date(Date.now() - ms) })
    .where(inArray(kbArticleImages.attachmentId, ids));

beforeAll(async () => {
  ws = await buildWorkspace(app(), unique("sweep"));
  other = await buildWorkspace(app(), unique("sweep"));
});

describe("pending image sweep", { timeout: 60_000 }, () => {
  it("deletes never-claimed images past the threshold, keeps recent and attached ones", async () => {
    const as = api(app(), ws.admin);
    const stale = await upload(ws);
    const recent = await upload(ws);
    const claimed = await upload(ws);
    const saved = await as.post("/kb/articles", { title: `Saved ${unique("a")}`, body: claimed.markdown });
    expect(saved.statusCode, saved.body).toBe(201);
    const theirs = await upload(other);
    await age([stale.id, claimed.id, theirs.id], PENDING_IMAGE_TTL_MS + 60_000);
    await age([recent.id], PENDING_IMAGE_TTL_MS - 3_600_000);

    // One workspace's run touches only that workspace.
    expect(await sweepImages(app().services, ws.workspaceId)).toBe(1);
    expectError(await as.get(`/kb/images/${stale.id}`), 404, "not_found");
    expect((await as.get(`/kb/images/${recent.id}`)).statusCode).toBe(200);
    expect((await as.get(`/kb/images/${claimed.id}`)).statusCode).toBe(200);
    const them = api(app(), other.admin);
    expect((await them.get(`/kb/images/${theirs.id}`)).statusCode).toBe(200);

    // The scheduled run ("all", nightly) reaches every workspace.
    expect(knowledgeModule.schedules).toEqual([["kb.images.sweep", expect.any(String), { workspaceId: "all" }]]);
    expect(await sweepImages(app().services, "all")).toBeGreaterThanOrEqual(1);
    expectError(await them.get(`/kb/images/${theirs.id}`), 404, "not_found");
    expect((await as.get(`/kb/images/${recent.id}`)).statusCode).toBe(200);
  });
});
