// Durable jobs on pg-boss, in the same database as the data. Commands enqueue inside their
// transaction (a rolled-back change never runs its jobs); workers pick them up with SKIP LOCKED.
import type { SQL } from "drizzle-orm";
import PgBoss from "pg-boss";
import type { Database } from "../db/connect";
import { rawSql } from "../db/raw";

/** Every queue the product uses. A job's data always carries its workspaceId. */
export const JOB_NAMES = [
  "issue.created",
  "message.received",
  "message.deliver",
  "issue.changed",
  // Routing: retrain a model after a correction; sweep for no-reply triggers (self-rescheduling).
  "routing.retrain",
  "routing.no_reply",
  // Slack: an accepted Events API delivery or shortcut; a channel-list sync; the inbox's
  // retention sweep (scheduled).
  "slack.event",
  "slack.sync",
  "slack.prune",
] as const;
export type JobName = (typeof JOB_NAMES)[number];

export type JobData = Record<string, unknown> & { workspaceId: string };
export type JobHandler = (data: JobData, job: { id: string; name: JobName; retryCount: number }) => Promise<void>;

export interface JobQueue {
  /**
   * The statement that enqueues these jobs, for the caller to run in its transaction (a command
   * writes its jobs, events and NOTIFY at its end in one statement).
   */
  insertStatement(jobs: readonly { name: JobName; data: JobData }[]): Promise<SQL>;
  enqueue(name: JobName, data: JobData, options?: PgBoss.SendOptions): Promise<void>;
  /** Starts consuming `name` in this process (worker role). */
  work(name: JobName, handler: JobHandler): Promise<void>;
  /** Runs `name` on a cron schedule (UTC); pg-boss keeps one schedule per name across workers. */
  schedule(name: JobName, cron: string, data: JobData): Promise<void>;
  /** Resolves when no job of these queues is waiting or running (tests, graceful drains). */
  idle(names?: readonly JobName[], timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

/** Jobs fetched per poll; handled one after another in enqueue order, each failing on its own. */
const WORK_BATCH_SIZE = 20;

export interface QueueOptions {
  pollingIntervalSeconds?: number;
}

export async function startJobQueue(database: Database, options: QueueOptions = {}): Promise<JobQueue> {
  const boss = new PgBoss({
    ...database.bossConnection,
    schema: "pgboss",
    // The embedded database has one connection; a small pool elsewhere is plenty.
    max: 4,
    // Keep the last days of jobs for inspection; failures are surfaced on the message/issue anyway.
    deleteAfterDays: 7,
  } as PgBoss.ConstructorOptions);
  boss.on("error", (error) => console.error("[jobs]", error.message));
  await boss.start();
  for (const name of JOB_NAMES)
    await boss.createQueue(name, { name, retryLimit: 5, retryDelay: 2, retryBackoff: true });
  const polling = options.pollingIntervalSeconds ?? 0.5;

  return {
    async insertStatement(jobs) {
      // pg-boss hands its INSERT to the `db` it is given; this one keeps it instead of running it.
      let statement: SQL | undefined;
      await boss.insert(
        jobs.map(({ name, data }) => ({ name, data })),
        {
          db: {
            executeSql: async (text, values) => {
              statement = rawSql(text, values);
              return { rows: [] };
            },
          },
        },
      );
      if (!statement) throw new Error("pg-boss produced no insert");
      return statement;
    },
    async enqueue(name, data, sendOptions = {}) {
      await boss.send(name, data, sendOptions);
    },
    async work(name, handler) {
      // pg-boss sleeps a whole polling interval after every fetch. Fetching a batch, failing
      // each job on its own, and waking the worker again while there is work keeps a busy
      // queue flowing at database speed instead of one job per interval.
      let workerId = "";
      workerId = await boss.work<JobData>(
        name,
        { pollingIntervalSeconds: polling, batchSize: WORK_BATCH_SIZE, includeMetadata: true },
        async (jobs) => {
          const failed: { id: string; message: string }[] = [];
          for (const job of inEnqueueOrder(jobs)) {
            try {
              await handler(job.data, { id: job.id, name, retryCount: job.retryCount });
            } catch (error) {
              failed.push({ id: job.id, message: error instanceof Error ? error.message : String(error) });
            }
          }
          // Fail jobs only once the batch is done. pg-boss completes every job of the batch still
          // active when this returns, without waiting; a job failed mid-batch could by then be
          // due again and fetched, and that completion would mark its retry done unrun. Failed
          // here, its retry is at least retryDelay seconds away when that completion runs.
          for (const { id, message } of failed) await boss.fail(name, id, { message });
          if (jobs.length > 0 && workerId) boss.notifyWorker(workerId);
        },
      );
    },
    async schedule(name, cron, data) {
      await boss.schedule(name, cron, data, { tz: "UTC" });
    },
    async idle(names = JOB_NAMES, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const sizes = await Promise.all(names.map((n) => pendingCount(database, n)));
        if (sizes.every((s) => s === 0)) return;
        if (Date.now() > deadline) throw new Error(`jobs still pending after ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 25));
      }
    },
    async stop() {
      await boss.stop({ graceful: true, wait: true, timeout: 5_000 });
    },
  };
}

/**
 * A fetched batch comes back from pg-boss's UPDATE … RETURNING in no particular order; handlers
 * (a thread's replies, a channel's events) expect the order the jobs were enqueued in.
 */
export function inEnqueueOrder<T extends { createdOn: Date | string; id: string }>(jobs: readonly T[]): T[] {
  const at = (job: T) => new Date(job.createdOn).getTime();
  return [...jobs].sort((a, b) => at(a) - at(b) || a.id.localeCompare(b.id));
}

async function pendingCount(database: Database, name: string): Promise<number> {
  const { rows } = await database.query(
    "SELECT count(*)::int AS n FROM pgboss.job WHERE name = $1 AND state IN ('created','retry','active')",
    [name],
  );
  return Number(rows[0]?.n ?? 0);
}
