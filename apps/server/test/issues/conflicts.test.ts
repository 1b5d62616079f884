// Two commands that lock the same issues in opposite order (a lead's bulk change while routing
// jobs touch some of them): PostgreSQL breaks the deadlock by rolling one transaction back, and
// that command runs again whole, so both callers see their change made exactly once. PGlite has
// one connection, so its commands never overlap and this cannot happen there.
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { CommandContext } from "../../src/commands/context";
import { openIssue, setPriority } from "../../src/commands/issues";
import { selectRows } from "../../src/db/raw";
import { api, buildWorkspace, useTestApp } from "../harness";

const onPostgres = process.env.SB_TEST_DB === "postgres" && Boolean(process.env.TEST_DATABASE_URL);
const app = useTestApp();

/**
 * Holds each command after its first lock until the other has taken its own, so their second locks
 * cross. The other has taken it once it arrives here too, or once it waits on a lock this one holds:
 * a change to an issue's facts also takes the workspace's summary lock (migration 0054), so the
 * second command may block on its first statement and never arrive. Once open, it stays open (the
 * victim's second run goes straight through).
 */
function barrier(): (ctx: CommandContext) => Promise<void> {
  let arrived = 0;
  let open = false;
  const blockingAnother = async (ctx: CommandContext) => {
    const [row] = await selectRows<{ n: number }>(
      ctx.tx,
      sql`SELECT count(*)::int AS n FROM pg_locks WHERE NOT granted AND pg_backend_pid() = ANY(pg_blocking_pids(pid))`,
    );
    return (row?.n ?? 0) > 0;
  };
  return async (ctx) => {
    arrived += 1;
    while (!open && arrived < 2 && !(await blockingAnother(ctx))) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    open = true;
  };
}

describe.skipIf(!onPostgres)("commands that collide (PostgreSQL)", () => {
  it("runs the deadlock's victim again, so both changes land once each", async () => {
    const ws = await buildWorkspace(app());
    const first = (await ws.run((ctx) => openIssue(ctx, { title: "SSO loop" }))).number;
    const second = (await ws.run((ctx) => openIssue(ctx, { title: "Export fails" }))).number;
    // The routing and summary jobs of the two new issues lock them too; let them finish first.
    await app().services.jobs.idle(undefined, 60_000);
    const bothLocked = barrier();
    let runs = 0;
    const inOrder = (a: number, b: number, priority: "high" | "low") => async (ctx: CommandContext) => {
      runs += 1;
      await setPriority(ctx, a, priority);
      await bothLocked(ctx);
      await setPriority(ctx, b, priority);
    };
    const outcomes = await Promise.allSettled([
      ws.run(inOrder(first, second, "high")),
      ws.run(inOrder(second, first, "low")),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(["fulfilled", "fulfilled"]);
    // Each command once, and the one PostgreSQL chose as the victim at least once more (a job the
    // winner's change enqueued may lock an issue again while the victim reruns, costing one more).
    expect(runs).toBeGreaterThanOrEqual(3);
    const as = api(app(), ws.admin);
    for (const number of [first, second]) {
      const events = (await as.get(`/issues/${number}/events`)).json().items as { type: string; actorType: string }[];
      // Each command's change is recorded once: nothing of the rolled-back run survived. (The AI's
      // own priority for a new issue, from its routing job, is the system's event, not ours.)
      expect(events.filter((e) => e.type === "priority" && e.actorType === "user")).toHaveLength(2);
    }
    const priorities = await Promise.all(
      [first, second].map(async (n) => (await as.get(`/issues/${n}`)).json().priority),
    );
    // Whichever committed last set both issues: the two are equal, never a mix of half-runs.
    expect(new Set(priorities).size).toBe(1);
  });
});
