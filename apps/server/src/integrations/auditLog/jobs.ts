// The audit log's own job: the daily retention sweep.
import { z } from "zod";

export const AUDIT_JOBS = {
  /** Deletes entries older than each workspace's retention (`workspaceId` "all"). */
  "audit.prune": z.object({ workspaceId: z.string() }),
};
