// The webhooks module's own job: a backstop pass over the event log each minute, for a
// deployment whose only process running is a worker (servers read it every second).
import { z } from "zod";

export const WEBHOOK_JOBS = {
  "webhooks.dispatch": z.object({ workspaceId: z.string() }),
};
