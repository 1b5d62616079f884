// The topics module's own jobs: the schedules that queue `topics.cluster` for every workspace with
// questions (`workspaceId` "all"): new questions placed every 10 minutes, all re-clustered weekly.
import { z } from "zod";

export const TOPICS_JOBS = {
  "topics.schedule": z.object({ workspaceId: z.string() }),
  "topics.weekly": z.object({ workspaceId: z.string() }),
};
