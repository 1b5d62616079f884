// The sentiment module's own job: the account-health job (hourly for every workspace, and for one
// account after its customer writes).
import { z } from "zod";

export const SENTIMENT_JOBS = {
  /**
   * Scores customer messages stored before scoring existed, then recomputes account health
   * (`workspaceId` "all": every workspace; `accountIds`: only these accounts).
   */
  "account.health": z.object({ workspaceId: z.string(), accountIds: z.array(z.string()).max(1000).optional() }),
};
