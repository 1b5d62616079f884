// Routing's own jobs (the reactions to issue events are in commands/jobs.ts): their payloads.
import { z } from "zod";

export const ROUTING_JOBS = {
  /** The no-reply sweep (scheduled); `workspaceId: "all"` sweeps every workspace. */
  "routing.no_reply": z.object({ workspaceId: z.string() }),
  /** The SLA-warning sweep (scheduled); `workspaceId: "all"` sweeps every workspace. */
  "routing.sla_warning": z.object({ workspaceId: z.string() }),
};
