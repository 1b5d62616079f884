// SLA triggers: "an SLA target is missed" runs once per recorded breach (the sla.breached job);
// "an SLA target will be missed in N minutes" is found by a sweep each minute and runs once per
// trigger and due time.
import type { JobPayloadOf } from "../commands/jobs";
import { issuesWithSlaDue, slaWarningTriggers } from "../queries/routing";
import type { Services } from "../services";
import type { ROUTING_JOBS } from "./jobs";
import { runTriggers } from "./triggers";

export const SLA_WARNING_CRON = "* * * * *";

export async function onSlaBreached(services: Services, data: { workspaceId: string; issueId: string }) {
  await runTriggers(services, { workspaceId: data.workspaceId, issueId: data.issueId, event: "sla_breached" });
}

export async function sweepSlaWarnings(
  services: Services,
  data: JobPayloadOf<typeof ROUTING_JOBS, "routing.sla_warning">,
): Promise<void> {
  const db = services.database.db;
  const now = services.now?.() ?? new Date();
  const rules = await slaWarningTriggers(db);
  const scoped = data.workspaceId === "all" ? rules : rules.filter((r) => r.workspaceId === data.workspaceId);
  const widest = new Map<string, number>();
  for (const r of scoped) widest.set(r.workspaceId, Math.max(widest.get(r.workspaceId) ?? 0, r.minutes ?? 30));
  for (const [workspaceId, minutes] of widest) {
    const until = new Date(now.getTime() + minutes * 60_000);
    for (const issue of await issuesWithSlaDue(db, workspaceId, now, until)) {
      await runTriggers(services, { workspaceId, issueId: issue.id, event: "sla_warning" });
    }
  }
}
