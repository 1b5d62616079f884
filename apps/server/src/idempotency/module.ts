// Idempotency keys of API writes (http/idempotency.ts) are remembered for 24 hours; an expired key
// is already ignored by the request path, and this hourly job deletes the rows so the table stays
// the size of a day's keyed writes.
import { runCommand } from "../commands/context";
import { IDEMPOTENCY_TTL_MS, sweepIdempotencyKeys } from "../commands/idempotency";
import type { Module } from "../module";
import { workspacesWithExpiredKeys } from "../queries/idempotency";
import type { Services } from "../services";

export const IDEMPOTENCY_SWEEP_CRON = "17 * * * *";
const actor = { type: "system", name: "idempotency keys" } as const;

export const idempotencyModule: Module = {
  name: "idempotency",
  jobs: {
    "idempotency.sweep": (services) => async (data) => {
      await sweepKeys(services, data.workspaceId);
    },
  },
  schedules: [["idempotency.sweep", IDEMPOTENCY_SWEEP_CRON, { workspaceId: "all" }]],
};

/** Deletes the expired keys of one workspace ("all": of every workspace); returns how many. */
export async function sweepKeys(services: Services, workspaceId: string): Promise<number> {
  const now = services.now?.() ?? new Date();
  const before = new Date(now.getTime() - IDEMPOTENCY_TTL_MS);
  const targets = workspaceId === "all" ? await workspacesWithExpiredKeys(services.database.db, before) : [workspaceId];
  let swept = 0;
  for (const id of targets) {
    swept += await runCommand(services, { workspaceId: id, actor }, (ctx) => sweepIdempotencyKeys(ctx, before));
  }
  return swept;
}
