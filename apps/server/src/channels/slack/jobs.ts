// The Slack channel's own jobs (beyond `slack.event`, which commands enqueue): their payloads.
import { z } from "zod";

export const SLACK_JOBS = {
  /** A channel-list sync; `teams` first describes the connected Slack teams. */
  "slack.sync": z.object({ workspaceId: z.string(), phase: z.literal("teams").optional() }),
  /** The inbox's retention sweep (scheduled); `workspaceId: "all"` sweeps every workspace. */
  "slack.prune": z.object({ workspaceId: z.string() }),
  /** Posts the CSAT survey of a closed Slack issue in its thread (its own job: a failure retries only it). */
  "csat.slack": z.object({ workspaceId: z.string(), issueId: z.string() }),
};
