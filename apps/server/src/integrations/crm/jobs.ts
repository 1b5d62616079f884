// The CRM module's own job: the schedule that queues a sync run of every connected CRM.
import { z } from "zod";

export const CRM_JOBS = {
  /** Queues a `crm.sync` run for each connection (`workspaceId` "all": every workspace). */
  "crm.schedule": z.object({ workspaceId: z.string() }),
};
