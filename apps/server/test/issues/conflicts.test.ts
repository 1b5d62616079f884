// Two commands that lock the same issues in opposite order (a lead's bulk change while routing
// jobs touch some of them): PostgreSQL breaks the deadlock by rolling one transaction back, and
// that command runs again whole, so both callers see their change made exactly once. PGlite has
// one connection, so its commands never overlap and this cannot happen there.
import { describe, expect, it } from "vitest";
import type { CommandContext } from "../../src/commands/context";
import { openIssue, setPriority } from "../../src/commands/issues";
import { api, buildWorkspace, useTestApp } from "../harness";

const onPostgres = process.env.SB_TEST_DB === "postgres" && Boolean(process.env.TEST_DATABASE_URL);
const app = useTestApp();

/** Resolves once `parties` callers have arrived, so each command holds its first lock before taking the second. */
function barrier(parties: number): () => Promise<void> {
  let arrived = 0;
  let open: () => void = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return () => {
    arrived += 1;
    if (arrived === parties) open();
    return opened;
  };
}

describe.skipIf(!onPostgres)("commands that collide (PostgreSQL)", () => {
  it("runs the deadlock's victim again, so both changes land once each", async () => {
    const ws = await buildWorkspace(app());
    const first = (await ws.run((ctx) => openIssue(ctx, { title: "SSO loop" }))).number;
    const second = (await ws.run((ctx) => openIssue(ctx, { title: "Export fails" }))).number;
    const bothLocked = barrier(2);
    let runs = 0;
    const inOrder = (a: number, b: number, priority: "high" | "low") => async (ctx: CommandContext) => {
      runs += 1;
      await setPriority(ctx, a, priority);
      await bothLocked();
      await setPriority(ctx, b, priority);
    };
    const outcomes = await Promise.allSettled([
      ws.run(inOrder(first, second, "high")),
      ws.run(inOrder(second, first, "low")),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(["fulfilled", "fulfilled"]);
    // Three runs: each command once, and the one PostgreSQL chose as the victim once more.
    expect(runs).toBe(3);
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
