// The knowledge base's own job: sweeping images pasted into articles that were never saved.
import { z } from "zod";

export const KNOWLEDGE_JOBS = {
  /** Deletes images waiting for an article's first save for longer than the threshold. */
  "kb.images.sweep": z.object({ workspaceId: z.string() }),
};
