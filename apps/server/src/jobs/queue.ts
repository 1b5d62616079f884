// Durable jobs on pg-boss, in the same database as the data. Commands enqueue inside their
// transaction (a rolled-back change never runs its jobs); workers pick them up with SKIP LOCKED.
// The queue is typed by a catalog of job name → payload schema; a worker parses each payload at
// entry, so a malformed job fails on its own with the reason and never reaches its handler.
import { randomBytes } from "node:crypto";
import os from "node:os";
import type { SQL } from "drizzle-orm";
import PgBoss from "pg-boss";
import type { z } from "zod";
import type { EnqueueArgs, EnqueueOptions, JobNameOf, JobPayloadOf, JobSchemas, QueuedJob } from "../commands/jobs";
import type { Database } from "../db/connect";
import { rawSql } from "../db/raw";

export interface JobInfo<N extends string = string, D = unknown> {
  id: string;
  name: N;
  retryCount: number;
  /** The worker fetch this job came in (one object per batch): handlers may share reads across its jobs. */
  batch: JobBatch<D>;
}

/**
 * The jobs of one worker fetch whose payloads parsed, in enqueue order: a handler may do the work
 * of all of them at once (routing a batch of new issues) and find it done when their turn comes.
 */
export interface JobBatch<D = unknown> {
  readonly jobs: readonly { id: string; data: D }[];
}

/** A fetch's payloads by workspace, in enqueue order: set-wise work runs per workspace. */
export function jobsByWorkspace<D extends { workspaceId: string }>(batch: JobBatch<D>): Map<string, D[]> {
  const grouped = new Map<string, D[]>();
  for (const { data } of batch.jobs) grouped.set(data.workspaceId, [...(grouped.get(data.workspaceId) ?? []), data]);
  return grouped;
}

/** Fetches whose once-per-fetch work (by key) is done. */
const doneInFetch = new WeakMap<object, Set<string>>();

/**
 * Does the work of a whole worker fetch at its first job, in a set-wise statement or command: the
 * fetch's other jobs find it done. Their changes all committed before the fetch, so the work sees
 * them. A failure leaves it undone, and the fetch's next job tries again.
 */
export async function oncePerFetch(batch: JobBatch<unknown>, key: string, work: () => Promise<void>): Promise<void> {
  const done = doneInFetch.get(batch) ?? new Set<string>();
  doneInFetch.set(batch, done);
  if (done.has(key)) return;
  await work();
  done.add(key);
}

export type JobHandler<C extends JobSchemas, N extends JobNameOf<C>> = (
  data: JobPayloadOf<C, N>,
  job: JobInfo<N, JobPayloadOf<C, N>>,
) => Promise<void>;

export interface JobQueue<C extends JobSchemas> {
  /**
   * The statement that enqueues these jobs, for the caller to run in its transaction (a command
   * writes its jobs, events and NOTIFY at its end in one statement).
   */
  insertStatement(jobs: readonly QueuedJob<C>[]): Promise<SQL>;
  /** Outside a command; `singletonKey` is what a collapsing queue (QueueOptions) merges waiting jobs by. */
  enqueue(
    ...job: EnqueueArgs<
      C,
      EnqueueOptions & Pick<PgBoss.SendOptions, "retryLimit" | "retryDelay" | "retryBackoff" | "singletonKey">
    >
  ): Promise<void>;
  /** Several jobs outside a command, in one statement. */
  enqueueMany(jobs: readonly QueuedJob<C>[]): Promise<void>;
  /** Starts consuming `name` in this process (worker role); each payload is parsed with its schema first. */
  work<N extends JobNameOf<C>>(name: N, handler: JobHandler<C, N>): Promise<void>;
  /** Runs `name` on a cron schedule (UTC); pg-boss keeps one schedule per name across workers. */
  schedule(...schedule: ScheduleArgs<C>): Promise<void>;
  /** Resolves when no job of these queues is waiting or running (tests, graceful drains). */
  idle(names?: readonly JobNameOf<C>[], timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
  /** This process's id among the worker processes (worker_process); its claims carry it. */
  readonly processId: string;
  /**
   * Worker role: beats while this process lives and sweeps now and every few seconds, putting
   * the jobs of dead processes (silent longer than the lease) back to run; `afterSweep` lets the
   * modules pick up what else a dead process left behind.
   */
  keepAlive(afterSweep: () => Promise<void>): Promise<void>;
}

type ScheduleArgs<C extends JobSchemas> = {
  [N in JobNameOf<C>]: [name: N, cron: string, data: z.input<C[N]>];
}[JobNameOf<C>];

/** Jobs fetched per poll; handled one after another in enqueue order, each failing on its own. */
const WORK_BATCH_SIZE = 20;

/**
 * Workers wake on NOTIFY (`JOBS_CHANNEL`, sent by a trigger on every job insert, from any process)
 * and poll only as a fallback: a notice lost while LISTEN reconnects, a retry whose timer died with
 * its process. Polling every queue each 0.5 s cost ≈ 70 statements/s idle across the catalog.
 */
const FALLBACK_POLL_SECONDS = 5;
export const JOBS_CHANNEL = "switchboard_jobs";

export interface QueueOptions {
  /** The fallback poll of each queue (NOTIFY wakes workers at once); FALLBACK_POLL_SECONDS by default. */
  pollingIntervalSeconds?: number;
  /** Seconds a silent worker process still counts as alive (WORKER_LEASE_SECONDS). */
  leaseSeconds?: number;
  /**
   * Queues whose waiting job already covers another with the same `singletonKey`: pg-boss's
   * "short" policy keeps one such job in the created state, and a send while it waits is dropped.
   * (A job that is running does not count: what commits after it read is covered by the next.)
   */
  collapsing?: readonly string[];
}

export async function startJobQueue<C extends JobSchemas>(
  database: Database,
  catalog: C,
  options: QueueOptions = {},
): Promise<JobQueue<C>> {
  const names = Object.keys(catalog);
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
  for (const name of names) {
    const policy = options.collapsing?.includes(name) ? "short" : "standard";
    const settings = { name, policy, retryLimit: 5, retryDelay: 2, retryBackoff: true } as const;
    await boss.createQueue(name, settings);
    // createQueue leaves an existing queue as it was; a policy chosen after it was made is set here.
    if ((await boss.getQueue(name))?.policy !== policy) await boss.updateQueue(name, settings);
  }
  await database.query(WAKEUP_TRIGGER);
  const polling = options.pollingIntervalSeconds ?? FALLBACK_POLL_SECONDS;
  const wake = wakeups(database, boss);
  const liveness = workerLiveness(database, options.leaseSeconds ?? 15, wake.now);

  return {
    async insertStatement(jobs) {
      // pg-boss hands its INSERT to the `db` it is given; this one keeps it instead of running it.
      let statement: SQL | undefined;
      await boss.insert(jobs.map(toInsert), {
        db: {
          executeSql: async (text, values) => {
            statement = rawSql(text, values);
            return { rows: [] };
          },
        },
      });
      if (!statement) throw new Error("pg-boss produced no insert");
      return statement;
    },
    async enqueue(...[name, data, sendOptions]) {
      await boss.send(name, payloadObject(data), sendOptions ?? {});
    },
    async enqueueMany(jobs) {
      if (jobs.length > 0) await boss.insert(jobs.map(toInsert));
    },
    async work(name, handler) {
      // pg-boss sleeps a whole polling interval after every fetch. Fetching a batch, failing
      // each job on its own, and waking the worker again while there is work keeps a busy
      // queue flowing at database speed instead of one job per interval.
      let workerId = "";
      const schema = catalog[name];
      if (!schema) throw new Error(`no job ${name} in the catalog`);
      await wake.listen();
      workerId = await boss.work<unknown>(
        name,
        { pollingIntervalSeconds: polling, batchSize: WORK_BATCH_SIZE, includeMetadata: true },
        async (jobs) => {
          await liveness.claim(name, jobs);
          const failed: { id: string; message: string }[] = [];
          const parsed = inEnqueueOrder(jobs).map((job) => ({ job, parsed: schema.safeParse(job.data) }));
          const batch: JobBatch<JobPayloadOf<C, typeof name>> = {
            jobs: parsed.flatMap(({ job, parsed }) =>
              parsed.success ? [{ id: job.id, data: parsed.data as JobPayloadOf<C, typeof name> }] : [],
            ),
          };
          for (const { job, parsed: payload } of parsed) {
            try {
              if (!payload.success) throw new Error(`malformed ${name} payload: ${describeIssues(payload.error)}`);
              await handler(payload.data as JobPayloadOf<C, typeof name>, {
                id: job.id,
                name,
                retryCount: job.retryCount,
                batch,
              });
            } catch (error) {
              failed.push({ id: job.id, message: error instanceof Error ? error.message : String(error) });
            }
          }
          // Fail jobs only once the batch is done. pg-boss completes every job of the batch still
          // active when this returns, without waiting; a job failed mid-batch could by then be
          // due again and fetched, and that completion would mark its retry done unrun. Failed
          // here, its retry is at least retryDelay seconds away when that completion runs.
          for (const { id, message } of failed) await boss.fail(name, id, { message });
          if (failed.length > 0) await wake.atRetry(failed.map((f) => f.id));
          await liveness.release(jobs);
          if (jobs.length > 0 && workerId) boss.notifyWorker(workerId);
        },
      );
      wake.register(name, workerId);
    },
    async schedule(...[name, cron, data]) {
      await boss.schedule(name, cron, payloadObject(data), { tz: "UTC" });
    },
    async idle(waitFor = names, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const pending = await pendingCounts(database, waitFor);
        if (pending.size === 0) return;
        if (Date.now() > deadline) {
          const named = [...pending].map(([name, n]) => `${name}: ${n}`);
          throw new Error(`jobs still pending after ${timeoutMs} ms (${named.join(", ")})`);
        }
        await new Promise((r) => setTimeout(r, 25));
      }
    },
    async stop() {
      await wake.stop();
      await boss.stop({ graceful: true, wait: true, timeout: 5_000 });
      await liveness.stop();
    },
    processId: liveness.processId,
    keepAlive: (afterSweep) => liveness.start(afterSweep),
  };
}

/**
 * Every job insert (a command's, pg-boss's own cron and retries aside) notifies `JOBS_CHANNEL` with
 * its queue and how many seconds until it is due; identical notices of one transaction fold into
 * one. Installed at start under a lock (several processes may start at once); a row trigger on
 * pg-boss's partitioned job table is cloned onto every queue's partition, later ones included.
 */
const WAKEUP_TRIGGER = `DO $do$
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('switchboard_job_wakeup'));
  CREATE OR REPLACE FUNCTION pgboss.switchboard_job_wakeup() RETURNS trigger LANGUAGE plpgsql AS $fn$
  BEGIN
    PERFORM pg_notify('${JOBS_CHANNEL}',
      NEW.name || ' ' || greatest(0, ceil(extract(epoch FROM NEW.start_after - now())))::int);
    RETURN NULL;
  END $fn$;
  IF NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgname = 'switchboard_job_wakeup' AND tgrelid = 'pgboss.job'::regclass) THEN
    CREATE TRIGGER switchboard_job_wakeup AFTER INSERT ON pgboss.job
      FOR EACH ROW EXECUTE FUNCTION pgboss.switchboard_job_wakeup();
  END IF;
END
$do$`;

/**
 * Wakes this process's workers: at once on a notice of a due job, at its time for a delayed one or
 * a retry (a timer; the fallback poll covers a process that restarted meanwhile), and all of them
 * when LISTEN comes back after a loss (notices in between are gone).
 */
function wakeups(database: Database, boss: PgBoss) {
  const workers = new Map<string, string>();
  const timers = new Set<ReturnType<typeof setTimeout>>();
  let listening: Promise<() => Promise<void>> | undefined;
  let stopped = false;
  const now = (name: string) => {
    const id = workers.get(name);
    if (id && !stopped) boss.notifyWorker(id);
  };
  const later = (name: string, seconds: number) => {
    if (seconds <= 0) return now(name);
    const timer = setTimeout(
      () => {
        timers.delete(timer);
        now(name);
      },
      seconds * 1000 + 50,
    );
    timer.unref();
    timers.add(timer);
  };
  return {
    now,
    register(name: string, workerId: string) {
      workers.set(name, workerId);
    },
    listen() {
      listening ??= database.listen(
        JOBS_CHANNEL,
        (payload) => {
          const [name = "", due = "0"] = payload.split(" ");
          later(name, Number(due));
        },
        () => {
          for (const name of workers.keys()) now(name);
        },
      );
      return listening.then(() => undefined);
    },
    /** Failed jobs wait for their retry time (pg-boss's back-off, with jitter): wake then. */
    async atRetry(ids: readonly string[]) {
      const { rows } = await database.query(
        `SELECT name, greatest(0, extract(epoch FROM start_after - now()))::float8 AS due
           FROM pgboss.job WHERE id IN (SELECT id::uuid FROM jsonb_array_elements_text($1::jsonb) AS id)
            AND state = 'retry'`,
        [JSON.stringify(ids)],
      );
      for (const row of rows) later(String(row.name), Number(row.due));
    },
    async stop() {
      stopped = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      if (listening) await (await listening)();
    },
  };
}

/**
 * Liveness of worker processes. pg-boss alone gives a dead process's active jobs back only when
 * they expire (15 minutes), so every worker process beats in `worker_process`, records the jobs it
 * is running in `job_claim`, and sweeps: a process silent for longer than the lease is dead, and
 * its jobs run again at once. On the embedded database no other process can be running (PGlite
 * is opened by one process), so every earlier process is dead as soon as this one starts.
 */
function workerLiveness(database: Database, leaseSeconds: number, wake: (name: string) => void) {
  const processId = `${os.hostname()}:${process.pid}:${randomBytes(4).toString("hex")}`;
  let registered: Promise<unknown> | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  let sweeping: Promise<void> = Promise.resolve();
  const beat = () =>
    database.query("INSERT INTO worker_process (id) VALUES ($1) ON CONFLICT (id) DO UPDATE SET beat_at = now()", [
      processId,
    ]);
  const register = () => {
    registered ??= beat().then(async () => {
      if (database.kind === "pglite") await database.query("DELETE FROM worker_process WHERE id <> $1", [processId]);
    });
    return registered;
  };
  // Only a process that has itself been beating for a whole lease judges others dead: after a
  // database outage every process missed its beats, and none of them is dead for that.
  let beatingSince: number | undefined;
  const sweep = async (afterSweep: () => Promise<void>) => {
    try {
      await beat();
    } catch (error) {
      beatingSince = undefined;
      throw error;
    }
    beatingSince ??= Date.now();
    if (Date.now() - beatingSince < leaseSeconds * 1000 && database.kind === "postgres") return afterSweep();
    const dead = await database.query(
      "DELETE FROM worker_process WHERE beat_at < now() - make_interval(secs => $1) AND id <> $2 RETURNING id",
      [leaseSeconds, processId],
    );
    // Claims of processes no longer beating, and active jobs nobody claims (a process that died
    // between pg-boss's fetch and its claim) once they are clearly older than a claim takes.
    const retried = await database.query(
      `WITH orphan AS (
         DELETE FROM job_claim c WHERE NOT EXISTS (SELECT 1 FROM worker_process w WHERE w.id = c.process_id)
         RETURNING c.name, c.job_id)
       UPDATE pgboss.job j SET state = 'retry', start_after = now()
        WHERE j.state = 'active'
          AND ((j.name, j.id) IN (SELECT name, job_id FROM orphan)
            OR (j.started_on < now() - make_interval(secs => $1)
                AND NOT EXISTS (SELECT 1 FROM job_claim c WHERE c.job_id = j.id)))
       RETURNING j.name`,
      [leaseSeconds * 2 + 30],
    );
    // An UPDATE sends no notice: this process's workers take the jobs back at once.
    for (const name of new Set(retried.rows.map((r) => String(r.name)))) wake(name);
    if (dead.rows.length > 0 || retried.rows.length > 0) {
      console.warn(
        `[jobs] ${dead.rows.length} worker process(es) stopped beating; ${retried.rows.length} of their jobs run again`,
      );
    }
    await afterSweep();
  };
  return {
    processId,
    async claim(name: string, jobs: readonly { id: string }[]) {
      await register();
      if (jobs.length === 0) return;
      await database.query(
        `INSERT INTO job_claim (job_id, name, process_id)
         SELECT id::uuid, $2, $3 FROM jsonb_array_elements_text($1::jsonb) AS id
         ON CONFLICT (job_id) DO UPDATE SET process_id = excluded.process_id, claimed_at = now()`,
        [JSON.stringify(jobs.map((j) => j.id)), name, processId],
      );
    },
    async release(jobs: readonly { id: string }[]) {
      if (jobs.length === 0) return;
      await database.query(
        "DELETE FROM job_claim WHERE job_id IN (SELECT id::uuid FROM jsonb_array_elements_text($1::jsonb) AS id) AND process_id = $2",
        [JSON.stringify(jobs.map((j) => j.id)), processId],
      );
    },
    async start(afterSweep: () => Promise<void>) {
      await register();
      const every = Math.max(250, (leaseSeconds * 1000) / 3);
      const loop = () => {
        if (stopped) return;
        sweeping = sweep(afterSweep).catch((error: unknown) => {
          console.error("[jobs] liveness sweep failed:", error instanceof Error ? error.message : error);
        });
        void sweeping.then(() => {
          if (!stopped) timer = setTimeout(loop, every);
        });
      };
      loop();
      await sweeping;
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await sweeping;
      if (registered) await database.query("DELETE FROM worker_process WHERE id = $1", [processId]).catch(() => {});
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

/** pg-boss stores objects; every catalog payload is one (it carries its workspaceId). */
function payloadObject(data: unknown): object {
  if (typeof data !== "object" || data === null) throw new Error("a job payload must be an object");
  return data;
}

function describeIssues(error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] }): string {
  return error.issues.map((i) => `${i.path.map(String).join(".") || "(payload)"}: ${i.message}`).join("; ");
}

/** A job as pg-boss inserts it; a delay is an interval string, which pg-boss adds to the database's now(). */
function toInsert({ name, data, startAfter, singletonKey }: QueuedJob<JobSchemas>): PgBoss.JobInsert {
  return {
    name,
    data: payloadObject(data),
    ...(startAfter ? { startAfter: `${startAfter} seconds` } : {}),
    ...(singletonKey ? { singletonKey } : {}),
  };
}

/** Queues of `names` with jobs not yet done (due, delayed, retrying or running), and how many. */
async function pendingCounts(database: Database, names: readonly string[]): Promise<Map<string, number>> {
  // One statement for every queue: polled every 25 ms, a statement per queue (dozens) kept an
  // embedded database busy enough to slow the very jobs being waited for.
  const { rows } = await database.query(
    `SELECT name, count(*)::int AS n FROM pgboss.job
     WHERE name = ANY($1::text[]) AND state IN ('created','retry','active') GROUP BY name`,
    [[...names]],
  );
  return new Map(rows.map((row) => [String(row.name), Number(row.n)]));
}
