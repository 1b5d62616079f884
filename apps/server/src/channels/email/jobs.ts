// The email module's own jobs: their payloads.
import { z } from "zod";

export const EMAIL_JOBS = {
  /** Sends the CSAT survey of a closed email issue (its own job: a failure retries only the survey). */
  "csat.email": z.object({ workspaceId: z.string(), issueId: z.string() }),
};
