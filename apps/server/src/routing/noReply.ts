// Time-based triggers: "no reply for N hours". A scheduled sweep finds open issues whose
// customer has waited that long and runs the workspace's no_reply triggers on them, once per wait.
import type { JobPayloadOf } from "../commands/jobs";
import { issuesAwaitingReply, noReplyTriggers } from "../queries/routing";
import type { Services } from "../services";
import type { ROUTING_JOBS } from "./jobs";
import { runTriggers } from "./triggers";

/** Every five minutes is fine-grained enough for hour-based rules. */
export const NO_REPLY_CRON = "*/5 * * * *";

export async function sweepNoReply(
  services: Services,
  data: JobPayloadOf<typeof ROUTING_JOBS, "routing.no_reply">,
): Promise<void> {
  const db = services.database.db;
  const rules = await noReplyTriggers(db);
  const scoped = data.workspaceId === "all" ? rules : rules.filter((r) => r.workspaceId === data.workspaceId);
  const minHours = new Map<string, number>();
  for (const r of scoped) {
    const hours = r.hours ?? 24;
    minHours.set(r.workspaceId, Math.min(minHours.get(r.workspaceId) ?? hours, hours));
  }
  for (const [workspaceId, hours] of minHours) {
    for (const issue of await issuesAwaitingReply(db, workspaceId, hours)) {
      await runTriggers(services, { workspaceId, issueId: issue.id, event: "no_reply" });
    }
  }
}
