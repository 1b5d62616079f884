// The idempotency keys' own job: sweeping keys past their 24 hours.
import { z } from "zod";

export const IDEMPOTENCY_JOBS = {
  /** Deletes idempotency keys older than IDEMPOTENCY_TTL_MS ("all": of every workspace). */
  "idempotency.sweep": z.object({ workspaceId: z.string() }),
};
