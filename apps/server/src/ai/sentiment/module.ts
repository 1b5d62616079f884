// Customer sentiment and account health: every customer message is scored as it is stored
// (domain/sentiment.ts, offline and explainable); this module keeps `account.health` current —
// hourly for every workspace (after scoring any messages stored before scoring existed), and for
// an account as soon as its customer writes.
import { runCommand } from "../../commands/context";
import { backfillSentiment, recomputeAccountHealth } from "../../commands/sentiment";
import { jobsByWorkspace, oncePerFetch } from "../../jobs/queue";
import type { Module } from "../../module";
import { accountsOfIssues, workspaceIds } from "../../queries/sentiment";
import type { Services } from "../../services";

export const HEALTH_CRON = "7 * * * *";
const actor = { type: "system", name: "account health" } as const;
/** At most this many backfill batches (of 1,000) per workspace per run; the next run goes on. */
const BACKFILL_BATCHES = 50;

export const sentimentModule: Module = {
  name: "sentiment",
  jobs: {
    "account.health": (services) => (data) => runHealth(services, data.workspaceId, data.accountIds),
    // Once per worker fetch: the accounts of all its issues, then one health run per workspace.
    "message.received": (services) => async (_data, job) => {
      await oncePerFetch(job.batch, "account.health", async () => {
        for (const [workspaceId, received] of jobsByWorkspace(job.batch)) {
          const issueIds = [...new Set(received.map((m) => m.issueId))];
          const accountIds = await accountsOfIssues(services.database.db, workspaceId, issueIds);
          if (accountIds.length > 0) await runHealth(services, workspaceId, accountIds);
        }
      });
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
