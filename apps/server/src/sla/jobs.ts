// The SLA module's own jobs: their payloads.
import { z } from "zod";

export const SLA_JOBS = {
  /**
   * Computes SLAs again: one issue (`issueId`), or, scheduled, every issue that changed or has a
   * due time that came (`workspaceId` "all" sweeps every workspace).
   */
  "sla.refresh": z.object({ workspaceId: z.string(), issueId: z.string().optional() }),
};
