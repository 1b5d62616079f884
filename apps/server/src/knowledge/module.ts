// The knowledge base's background work: an image uploaded into a new article waits for the
// article's first save (commands/kbImages.ts); if the editor is closed without saving, nothing
// ever claims it. Every night images still waiting after PENDING_IMAGE_TTL_MS are deleted.
import { runCommand } from "../commands/context";
import { PENDING_IMAGE_TTL_MS, sweepPendingImages } from "../commands/kbImages";
import type { Module } from "../module";
import { workspacesWithPendingImages } from "../queries/knowledge";
import type { Services } from "../services";

export const IMAGE_SWEEP_CRON = "23 3 * * *";
const actor = { type: "system", name: "knowledge base" } as const;

export const knowledgeModule: Module = {
  name: "knowledge",
  jobs: {
    "kb.images.sweep": (services) => async (data) => {
      await sweepImages(services, data.workspaceId);
    },
  },
  schedules: [["kb.images.sweep", IMAGE_SWEEP_CRON, { workspaceId: "all" }]],
};

/** Deletes the stale pending images of one workspace ("all": of every workspace); returns how many. */
export async function sweepImages(services: Services, workspaceId: string, now = new Date()): Promise<number> {
  const before = new Date(now.getTime() - PENDING_IMAGE_TTL_MS);
  const targets =
    workspaceId === "all" ? await workspacesWithPendingImages(services.database.db, before) : [workspaceId];
  let swept = 0;
  for (const id of targets) {
    swept += await runCommand(services, { workspaceId: id, actor }, (ctx) => sweepPendingImages(ctx, before));
  }
  return swept;
}
