// Customer sentiment and account health: every customer message is scored as it is stored
// (domain/sentiment.ts, offline and explainable); this module keeps `account.health` current —
// hourly for every workspace (after scoring any messages stored before scoring existed), and for
// an account as soon as its customer writes.
import { runCommand } from "../../commands/context";
import { backfillSentiment, recomputeAccountHealth } from "../../commands/sentiment";
import type { Module } from "../../module";
import { accountOfIssue, workspaceIds } from "../../queries/sentiment";
import type { Services } from "../../services";

export const HEALTH_CRON = "7 * * * *";
const actor = { type: "system", name: "account health" } as const;
/** At most this many backfill batches (of 1,000) per workspace per run; the next run goes on. */
const BACKFILL_BATCHES = 50;

export const sentimentModule: Module = {
  name: "sentiment",
  jobs: {
    "account.health": (services) => (data) => runHealth(services, data.workspaceId, data.accountIds),
    "message.received": (services) => async (data) => {
      const accountId = await accountOfIssue(services.database.db, data.workspaceId, data.issueId);
      if (accountId) await runHealth(services, data.workspaceId, [accountId]);
    },
  },
  schedules: [["account.health", HEALTH_CRON, { workspaceId: "all" }]],
};

/** The account-health job: backfill, then health, per workspace (each its own transactions). */
export async function runHealth(services: Services, workspaceId: string, accountIds?: readonly string[]) {
  const targets = workspaceId === "all" ? await workspaceIds(services.database.db) : [workspaceId];
  for (const id of targets) {
    if (!accountIds) await backfillWorkspace(services, id);
    await runCommand(services, { workspaceId: id, actor }, (ctx) => recomputeAccountHealth(ctx, accountIds));
  }
}

/** Scores the workspace's unscored customer messages in batches; returns how many. */
export async function backfillWorkspace(services: Services, workspaceId: string): Promise<number> {
  let total = 0;
  for (let batch = 0; batch < BACKFILL_BATCHES; batch += 1) {
    const n = await runCommand(services, { workspaceId, actor }, (ctx) => backfillSentiment(ctx, 1000));
    total += n;
    if (n < 1000) break;
  }
  return total;
}
