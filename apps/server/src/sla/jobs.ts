// The SLA module's own jobs: their payloads.
import { z } from "zod";

export const SLA_JOBS = {
  /**
   * Computes SLAs again: one issue (`issueId`), or, scheduled, every issue that changed or has a
   * due time that came (`workspaceId` "all" sweeps every workspace).
   */
  "sla.refresh": z.object({ workspaceId: z.string(), issueId: z.string().optional() }),
};

/**
 * A waiting `sla.refresh` of an issue reads it when it runs, so it covers every change committed
 * before then: a new issue's creation, first message, team and priority would otherwise each
 * refresh it (2.8 refreshes per new email issue, 17 of its 29 statements).
 */
export const SLA_COLLAPSING_JOBS = ["sla.refresh"] as const;
