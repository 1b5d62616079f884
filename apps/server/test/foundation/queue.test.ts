// The job queue's batch worker: jobs run in the order they were enqueued, and a job that fails
// mid-batch is retried even when its retry falls due before the batch ends. pg-boss completes a
// whole batch without waiting; a retry fetched meanwhile used to be marked completed unrun.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import type { Database } from "../../src/db/connect";
import { type JobQueue, startJobQueue } from "../../src/jobs/queue";
import { openTestDatabase } from "../harness";

let database: Database;
let drop: () => Promise<void>;
// A queue of its own: the worker under test, not the product's handlers.
const CATALOG = {
  "routing.retrain": z.object({ workspaceId: z.string(), step: z.string() }),
  "test.counted": z.object({ workspaceId: z.string(), count: z.number().int() }),
  "test.collapsed": z.object({ workspaceId: z.string(), issueId: z.string() }),
};
let queue: JobQueue<typeof CATALOG>;

beforeAll(async () => {
  ({ database, drop } = await openTestDatabase());
  // The queue records which worker process runs a job (job_claim, a migration of ours).
  await database.migrate();
  queue = await startJobQueue(database, CATALOG, { collapsing: ["test.collapsed"] });
});
afterAll(async () => {
  await queue.stop();
  await database.close();
  await drop();
});

describe("the job queue", () => {
  it("runs a batch in enqueue order and retries a job that failed while the batch was still running", async () => {
    const runs: string[] = [];
    const workspaceId = "00000000-0000-4000-8000-000000000001";
    // A one-second retry, no backoff: the slow job below outlasts it.
    const retry = { retryDelay: 1, retryBackoff: false };
    for (const step of ["flaky", "slow", "last"]) await queue.enqueue("routing.retrain", { workspaceId, step }, retry);
    await queue.work("routing.retrain", async (data, job) => {
      runs.push(`${data.step}#${job.retryCount}`);
      if (data.step === "flaky" && job.retryCount === 0) throw new Error("the first try fails");
      if (data.step === "slow") await new Promise((resolve) => setTimeout(resolve, 1_500));
    });
    await queue.idle(["routing.retrain"], 20_000);
    expect(runs).toEqual(["flaky#0", "slow#0", "last#0", "flaky#1"]);
    const { rows } = await database.query("SELECT data->>'step' AS step, state FROM pgboss.job ORDER BY created_on");
    expect(rows).toEqual([
      { step: "flaky", state: "completed" },
      { step: "slow", state: "completed" },
      { step: "last", state: "completed" },
    ]);
  });

  it("fails a job whose payload does not match its schema, with the reason, and runs the next one", async () => {
    const workspaceId = "00000000-0000-4000-8000-000000000002";
    const counts: number[] = [];
    const once = { retryLimit: 0 };
    // @ts-expect-error the payload is checked against the job's schema at compile time too
    await queue.enqueue("test.counted", { workspaceId, count: "three" }, once);
    await queue.enqueue("test.counted", { workspaceId, count: 4 }, once);
    await queue.work("test.counted", async (data) => {
      counts.push(data.count);
    });
    await queue.idle(["test.counted"], 20_000);
    expect(counts).toEqual([4]);
    const { rows } = await database.query(
      "SELECT state, output->>'message' AS reason FROM pgboss.job WHERE name = 'test.counted' ORDER BY created_on",
    );
    expect(rows).toEqual([
      {
        state: "failed",
        reason: "malformed test.counted payload: count: Invalid input: expected number, received string",
      },
      { state: "completed", reason: null },
    ]);
  });

  it("keeps one waiting job per key on a collapsing queue, and takes the next once that one runs", async () => {
    const workspaceId = "00000000-0000-4000-8000-000000000003";
    const send = (issueId: string) =>
      queue.enqueue("test.collapsed", { workspaceId, issueId }, { singletonKey: issueId });
    for (const issueId of ["a", "a", "b", "a"]) await send(issueId);
    const waiting = await database.query(
      "SELECT data->>'issueId' AS issue FROM pgboss.job WHERE name = 'test.collapsed' AND state = 'created' ORDER BY 1",
    );
    expect(waiting.rows).toEqual([{ issue: "a" }, { issue: "b" }]);

    const runs: string[] = [];
    let releaseFirst: () => void = () => {};
    const firstHeld = new Promise<void>((resolve) => {
      releaseFirst = resolve;
    });
    let started: () => void = () => {};
    const firstStarted = new Promise<void>((resolve) => {
      started = resolve;
    });
    await queue.work("test.collapsed", async (data) => {
      runs.push(data.issueId);
      if (runs.length === 1) {
        started();
        await firstHeld;
      }
    });
    await firstStarted;
    // While "a" runs, a change to it needs a run of its own: the running job may have read before it.
    await send("a");
    releaseFirst();
    await queue.idle(["test.collapsed"], 20_000);
    expect(runs.sort()).toEqual(["a", "a", "b"]);
  });
});
