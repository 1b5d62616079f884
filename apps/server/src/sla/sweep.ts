// Keeps SLAs current: after each change of an issue (the reactions below) and, every minute, for
// issues that changed otherwise or whose due time has come; a missed target is recorded once.

import { type CommandContext, runCommand } from "../commands/context";
import type { JobPayloadOf } from "../commands/jobs";
import { markSlasStale, refreshSla, refreshSlaOfIssues, type SlaRefresh } from "../commands/sla";
import { type JobBatch, jobsByWorkspace, oncePerFetch } from "../jobs/queue";
import { type RoutingReads, routingReads } from "../queries/routing";
import { issuesForSlaCheck } from "../queries/sla";
import type { Services } from "../services";
import type { SLA_JOBS } from "./jobs";

type SlaRefreshPayload = JobPayloadOf<typeof SLA_JOBS, "sla.refresh">;
const SLA_ACTOR = { type: "system", name: "sla" } as const;

/** Due times are minutes apart at the finest; a minute's sweep records a breach within one. */
export const SLA_CRON = "* * * * *";

export async function refreshSlas(
  services: Services,
  data: SlaRefreshPayload,
  batch: JobBatch<SlaRefreshPayload> = { jobs: [] },
) {
  if (data.issueId) {
    // Every change behind this batch's jobs committed before the fetch: one refresh per issue sees them all.
    if ((await refreshedSetWise(services, batch)).has(data.issueId)) return;
    const done = refreshedIn(batch);
    if (done.has(data.issueId)) return;
    await refreshOne(services, data.workspaceId, data.issueId, readsIn(batch));
    done.add(data.issueId);
    return;
  }
  const now = services.now?.() ?? new Date();
  // Bounded batches until nothing is due, or the minute is nearly over (the next run goes on).
  // An issue whose refresh failed stays due; it is tried once per sweep, not in a loop.
  const started = Date.now();
  const done = new Set<string>();
  for (;;) {
    const batch = await issuesForSlaCheck(services.database.db, data.workspaceId, now, SWEEP_BATCH);
    const fresh = batch.filter((issue) => !done.has(issue.id));
    const byWorkspace = new Map<string, string[]>();
    for (const issue of fresh) {
      done.add(issue.id);
      const ids = byWorkspace.get(issue.workspaceId) ?? [];
      ids.push(issue.id);
      byWorkspace.set(issue.workspaceId, ids);
    }
    for (const [workspaceId, ids] of byWorkspace) {
      for (let i = 0; i < ids.length; i += SWEEP_TOGETHER) {
        const some = ids.slice(i, i + SWEEP_TOGETHER);
        if (await refreshTogether(services, workspaceId, some, routingReads())) continue;
        for (const id of some) await refreshOne(services, workspaceId, id);
      }
    }
    if (fresh.length === 0 || Date.now() - started > SWEEP_BUDGET_MS) return;
  }
}

const SWEEP_BATCH = 500;
/** Issues the sweep refreshes in one command: locks held briefly, and few refreshed again alone if it fails. */
const SWEEP_TOGETHER = 100;
const SWEEP_BUDGET_MS = 45_000;

/** Per worker fetch of sla.refresh jobs: the issues refreshed, and the policies and calendars read. */
const refreshedOfBatch = new WeakMap<object, Set<string>>();
const readsOfBatch = new WeakMap<object, RoutingReads>();
function refreshedIn(batch: object): Set<string> {
  const done = refreshedOfBatch.get(batch) ?? new Set<string>();
  refreshedOfBatch.set(batch, done);
  return done;
}
function readsIn(batch: object): RoutingReads {
  const reads = readsOfBatch.get(batch) ?? routingReads();
  readsOfBatch.set(batch, reads);
  return reads;
}

/** Per worker fetch of sla.refresh jobs: the issues its set-wise pass refreshed. */
const setWiseOfBatch = new WeakMap<object, Promise<Set<string>>>();

/**
 * The first job of a fetch refreshes every issue of the fetch, per workspace, in one command
 * (reads in four statements, writes in one); a pass that fails leaves each issue to its own job.
 */
function refreshedSetWise(services: Services, batch: JobBatch<SlaRefreshPayload>): Promise<Set<string>> {
  let refreshed = setWiseOfBatch.get(batch);
  if (!refreshed) {
    refreshed = refreshFetch(services, batch);
    setWiseOfBatch.set(batch, refreshed);
  }
  return refreshed;
}

async function refreshFetch(services: Services, batch: JobBatch<SlaRefreshPayload>): Promise<Set<string>> {
  const refreshed = new Set<string>();
  const reads = readsIn(batch);
  for (const [workspaceId, jobs] of jobsByWorkspace(batch)) {
    const ids = [...new Set(jobs.flatMap((job) => (job.issueId ? [job.issueId] : [])))];
    // An issue deleted meanwhile has nothing to refresh: its job is done too.
    if (ids.length > 0 && (await refreshTogether(services, workspaceId, ids, reads))) {
      for (const id of ids) refreshed.add(id);
    }
  }
  return refreshed;
}

/**
 * Refreshes these issues of one workspace in one command (reads in four statements, writes in
 * one); false when that failed, and each is then refreshed alone, with its own outcome.
 */
async function refreshTogether(
  services: Services,
  workspaceId: string,
  ids: readonly string[],
  reads: RoutingReads,
): Promise<boolean> {
  try {
    await runCommand(services, { workspaceId, actor: SLA_ACTOR, writeBehind: true }, async (ctx) => {
      for (const [issueId, refreshed] of await refreshSlaOfIssues(ctx, ids, reads)) {
        await enqueueBreaches(ctx, issueId, refreshed);
      }
    });
    return true;
  } catch {
    return false;
  }
}

async function refreshOne(services: Services, workspaceId: string, issueId: string, reads?: RoutingReads) {
  await runCommand(services, { workspaceId, actor: SLA_ACTOR }, async (ctx) =>
    enqueueBreaches(ctx, issueId, await refreshSla(ctx, issueId, reads)),
  );
}

/** Each target a refresh found newly missed is acted on by its own job (triggers, notices). */
async function enqueueBreaches(ctx: CommandContext, issueId: string, { breaches }: SlaRefresh) {
  for (const b of breaches) {
    await ctx.enqueue("sla.breached", { issueId, target: b.target, dueAt: b.dueAt.toISOString() });
  }
}

/**
 * After a change of an issue, its SLA is computed again (a job of its own: it fails alone). The
 * first job of a worker fetch enqueues the refreshes of every issue in the fetch in one statement;
 * one already waiting for an issue covers its change too, so none is added (SLA_COLLAPSING_JOBS).
 */
export const afterChange =
  (services: Services) =>
  async (
    _data: { workspaceId: string; issueId: string },
    job: { batch: JobBatch<{ workspaceId: string; issueId: string }> },
  ) => {
    await oncePerFetch(job.batch, "sla.refresh", async () => {
      // The fetch's jobs (this one among them), each issue once.
      const issues = new Map(job.batch.jobs.map(({ data }) => [data.issueId, data.workspaceId]));
      await services.jobs.enqueueMany(
        [...issues].map(([issueId, workspaceId]) => ({
          name: "sla.refresh" as const,
          data: { workspaceId, issueId },
          singletonKey: issueId,
        })),
      );
    });
  };

/** Issues marked per transaction when SLA settings change (`sla.stale`). */
export const STALE_BATCH = 1000;

/** Marks a workspace's open issues for the sweep, `batch` per transaction (commands/sla.ts). */
export async function markStale(services: Services, data: { workspaceId: string }, batch = STALE_BATCH) {
  const actor = { type: "system", name: "sla" } as const;
  let after: string | null = null;
  let batches = 0;
  for (;;) {
    const from: string | null = after;
    after = await runCommand(services, { workspaceId: data.workspaceId, actor }, (ctx) =>
      markSlasStale(ctx, from, batch),
    );
    if (!after) return batches;
    batches += 1;
  }
}
