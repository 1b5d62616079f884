// Opens the one backing service: embedded PGlite (default, data in DATA_DIR) or a
// PostgreSQL server (DATABASE_URL). Everything above this file sees the same `Database`.
import fs from "node:fs";
import path from "node:path";
import { setImmediate as nextTurn } from "node:timers/promises";
import { PGlite, type Transaction } from "@electric-sql/pglite";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import { migrate as migratePg } from "drizzle-orm/node-postgres/migrator";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import pg from "pg";
import { isDatabaseUnavailable } from "./errors";
import * as schema from "./schema";

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
/** A transaction has the same query surface as the database. */
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
export type Executor = Db | Tx;

export interface RawResult {
  rows: Record<string, unknown>[];
}

export interface Database {
  readonly kind: "pglite" | "postgres";
  readonly db: Db;
  /** Parameterised SQL outside any transaction (pg-boss, health checks). */
  query(text: string, values?: unknown[]): Promise<RawResult>;
  /**
   * Subscribes to NOTIFY on a channel; resolves to an unsubscribe function. A lost connection is
   * re-established with back-off; `onResumed` runs once it listens again (notices in between are lost).
   */
  listen(channel: string, onPayload: (payload: string) => void, onResumed?: () => void): Promise<() => Promise<void>>;
  migrate(): Promise<void>;
  close(): Promise<void>;
  /**
   * Embedded only: the data directory as a tar.gz, consistent while the server runs — read with no
   * statement or transaction under way (PGlite's transaction lock), just after a CHECKPOINT.
   */
  dumpDataDir?(): Promise<Blob>;
  /** pg-boss connection options for this database. */
  readonly bossConnection:
    | { connectionString: string }
    | { db: { executeSql(text: string, values?: unknown[]): Promise<RawResult> } };
}

export const MIGRATIONS_FOLDER = path.resolve(import.meta.dirname, "migrations");

export interface DatabaseOptions {
  url?: string;
  dataDir?: string;
  /** Embedded only: start from this data directory (a `dumpDataDir` tarball) instead of an empty one. */
  snapshot?: Blob;
}

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  return options.url ? openPostgres(options.url) : openPglite(options.dataDir, options.snapshot);
}

/** `dataDir` undefined means in-memory (tests). */
async function openPglite(dataDir: string | undefined, snapshot: Blob | undefined): Promise<Database> {
  if (dataDir) fs.mkdirSync(dataDir, { recursive: true });
  const client = await PGlite.create({
    ...(dataDir ? { dataDir: path.join(dataDir, "pglite") } : {}),
    ...(snapshot ? { loadDataDir: snapshot } : {}),
  });
  return embeddedDatabase(client, () => client.close());
}

/** The instance's statement tracker, made once however many databases are made over it. */
const DRAIN = Symbol.for("switchboard.pglite.drain");
type Tracked = PGlite & { [DRAIN]?: () => Promise<void> };

/**
 * A `Database` over an open PGlite. `close()` waits for every statement already issued, then runs
 * `release` (`openDatabase` closes the instance; the test harness resets it for the next file, as
 * opening one costs ~1.8 s). Several may be made over one instance, one after the other.
 */
export function embeddedDatabase(client: PGlite, release: () => Promise<void>): Database {
  const tracked = client as Tracked;
  if (!tracked[DRAIN]) {
    const statements = yieldBeforeEachStatement(client);
    tracked[DRAIN] = () => statements.drain();
  }
  const settle = tracked[DRAIN];
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  let closed = false;
  const query = async (text: string, values: unknown[] = []) => {
    if (closed) throw new Error("the database is closed");
    return (await client.query(text, values.map(toParam))) as RawResult;
  };
  return {
    kind: "pglite",
    db,
    query,
    listen: async (channel, onPayload) => {
      const unlisten = await client.listen(channel, onPayload);
      return () => unlisten();
    },
    migrate: () => migratePglite(drizzlePglite(client), { migrationsFolder: MIGRATIONS_FOLDER }),
    dumpDataDir: async () => {
      await client.exec("CHECKPOINT");
      // Every query, exec and transaction holds this lock: none is half-way while the files are read.
      return client._runExclusiveTransaction(() => client.dumpDataDir("gzip"));
    },
    close: async () => {
      closed = true;
      await settle();
      await release();
    },
    bossConnection: {
      db: {
        // After close, as on PostgreSQL below: a statement pg-boss issues late is never answered.
        executeSql: (text, values = []) =>
          closed ? new Promise<RawResult>(() => {}) : bossQuery(client, text, values),
      },
    },
  };
}

/**
 * PGlite runs in this thread and answers without real I/O, so back-to-back statements ran as one
 * chain of microtasks and no socket was read until it ended: a Slack drain stalled webhooks for
 * 12 s, and mail waited on its SMTP socket while a batch ran. One event-loop turn before each
 * statement lets waiting requests in, as a server's socket round trip would.
 *
 * The turn means a statement issued just before `close()` reaches PGlite only after it. pg-boss
 * completes a job without awaiting it, so its worker looks idle while that statement is still on
 * its way; the returned `drain` lets `close()` wait for every statement already issued.
 */
function yieldBeforeEachStatement(client: PGlite): { drain(): Promise<void> } {
  const inFlight = new Set<Promise<unknown>>();
  const track = <T>(work: Promise<T>): Promise<T> => {
    inFlight.add(work);
    const forget = () => inFlight.delete(work);
    work.then(forget, forget);
    return work;
  };
  const query = afterTurn(client.query.bind(client));
  client.query = ((...args: Parameters<PGlite["query"]>) => track(query(...args))) as PGlite["query"];
  const transaction = client.transaction.bind(client);
  client.transaction = ((fn: (tx: Transaction) => Promise<unknown>) =>
    track(
      transaction((tx) => {
        // The transaction's own getters (`closed`) stay live through the prototype.
        const yielding: Transaction = Object.create(tx);
        yielding.query = afterTurn(tx.query.bind(tx)) as Transaction["query"];
        return fn(yielding);
      }),
    )) as PGlite["transaction"];
  return {
    async drain() {
      // A settled statement's caller may issue the next one; wait until none is left.
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
  };
}

/** `run`, one event-loop turn later. */
function afterTurn<A extends unknown[], R>(run: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
  return async (...args) => {
    await nextTurn();
    return run(...args);
  };
}

/** pg-boss sends multi-statement scripts without parameters; PGlite runs those only via `exec`. */
async function bossQuery(client: PGlite, text: string, values: unknown[]): Promise<RawResult> {
  if (values.length > 0) return (await client.query(text, values.map(toParam))) as RawResult;
  const results = await client.exec(text);
  return { rows: (results.at(-1)?.rows ?? []) as Record<string, unknown>[] };
}

/**
 * Start-up against a database that is not there yet (it starts after us, restarts, a network
 * blip): wait with back-off, saying so, for up to `maxSeconds`; other errors fail at once.
 */
export async function waitForDatabase(
  database: Database,
  options: { maxSeconds: number; log?: (line: string) => void },
): Promise<void> {
  const log = options.log ?? ((line: string) => console.warn(line));
  const deadline = Date.now() + options.maxSeconds * 1000;
  for (let delay = 250, tries = 1; ; delay = Math.min(delay * 2, 10_000), tries++) {
    try {
      await database.query("SELECT 1");
      if (tries > 1) log(`[db] the database answers; starting (after ${tries} attempts)`);
      return;
    } catch (error) {
      if (!isDatabaseUnavailable(error) || Date.now() + delay > deadline) throw error;
      const reason = error instanceof Error ? error.message || String((error as { code?: unknown }).code) : error;
      log(`[db] the database is unreachable (${reason}); trying again in ${delay / 1000} s`);
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}

/** A connection attempt to an unreachable server gives up after this long (the caller answers 503). */
const CONNECT_TIMEOUT_MS = 5_000;

async function openPostgres(url: string): Promise<Database> {
  const pool = survivingPool(url, 10);
  // pg-boss gets its own small pool, built here so its connections survive an outage too.
  const bossPool = survivingPool(url, 4);
  const db = drizzlePg(pool, { schema }) as unknown as Db;
  let closed = false;
  const bossStatements = new Set<Promise<unknown>>();
  return {
    kind: "postgres",
    db,
    query: async (text, values = []) => (await pool.query(text, values.map(toParam))) as RawResult,
    listen: (channel, onPayload, onResumed) => listenPostgres(url, channel, onPayload, onResumed),
    migrate: () => migratePostgresLocked(pool),
    close: async () => {
      closed = true;
      // Bounded: a statement on a connection that stopped answering must not hold the close.
      await settledWithin(Promise.allSettled([...bossStatements]), CLOSE_WAIT_MS);
      await bossPool.end();
      // Bounded too: a transaction still under way (a job that outlived the queue's graceful stop,
      // seen after a database outage) keeps its connection, and pool.end() waits for it. Leaving it
      // is what a crash would do: PostgreSQL rolls it back and the liveness sweep runs the job again.
      if (!(await settledWithin(pool.end(), CLOSE_WAIT_MS))) {
        console.warn(
          `[db] closed with ${pool.totalCount - pool.idleCount} connection(s) still in a transaction; PostgreSQL rolls them back`,
        );
      }
    },
    bossConnection: {
      db: {
        executeSql: (text, values) => {
          // pg-boss settles a batch without awaiting it (manager.js), so its bookkeeping can be
          // issued after close. Such a statement is never answered: any answer (an error, or an
          // empty result pg-boss then reads `rows[0].count` from) would be an unhandled rejection.
          // The job stays active and the next process's liveness sweep takes it over.
          if (closed) return new Promise<RawResult>(() => {});
          const statement = bossPool.query(text, values?.map(toParam)) as Promise<RawResult>;
          bossStatements.add(statement);
          const forget = () => bossStatements.delete(statement);
          statement.then(forget, forget);
          return statement;
        },
      },
    },
  };
}

/**
 * A pool whose connections may die at any moment (the server restarts, a proxy cuts them) without
 * taking the process down: `pg` emits 'error' on a client whose connection ends, and an 'error'
 * with no listener is fatal. The pool listens only while a client is idle, so every client gets
 * its own listener from birth: the statement it was running fails (and its caller answers 503 or
 * retries), and the pool drops the broken client on release.
 */
function survivingPool(url: string, max: number): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    keepAlive: true,
    // JIT compiles any statement the planner costs high (a search for a word it cannot estimate,
    // an analytics range): 100+ ms of LLVM to save a few ms (bench/README.md). `options` in
    // DATABASE_URL, if given, replaces this.
    options: "-c jit=off",
  });
  const lost = connectionLossLog();
  pool.on("error", lost);
  pool.on("connect", (client) => client.on("error", lost));
  return pool;
}

/** How long closing waits for statements and transactions still under way. */
const CLOSE_WAIT_MS = 5_000;

/** Whether `work` settled within `ms` (it is left running either way). */
async function settledWithin(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  const settled = work.then(
    () => true as const,
    () => true as const,
  );
  return Promise.race([settled, late]).finally(() => clearTimeout(timer));
}

/** One log line per burst of lost connections (an outage breaks them all at once). */
function connectionLossLog(): (error: Error) => void {
  let last = 0;
  return (error) => {
    if (Date.now() - last < 5_000) return;
    last = Date.now();
    console.warn(`[db] a database connection was lost: ${error.message}`);
  };
}

/** LISTEN on one connection; when it is lost, connect again with back-off and listen again. */
async function listenPostgres(
  url: string,
  channel: string,
  onPayload: (payload: string) => void,
  onResumed?: () => void,
): Promise<() => Promise<void>> {
  let client: pg.Client | undefined;
  let closed = false;
  let resuming = false;
  const connect = async () => {
    const next = new pg.Client({ connectionString: url, connectionTimeoutMillis: CONNECT_TIMEOUT_MS, keepAlive: true });
    const lost = () => {
      if (client !== next) return;
      client = undefined;
      next.end().catch(() => {});
      void resume();
    };
    next.on("error", lost);
    next.on("end", lost);
    next.on("notification", (n) => {
      if (n.channel === channel && n.payload !== undefined) onPayload(n.payload);
    });
    client = next;
    try {
      await next.connect();
      await next.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
    } catch (error) {
      client = undefined;
      next.end().catch(() => {});
      throw error;
    }
  };
  const resume = async () => {
    if (resuming || closed) return;
    resuming = true;
    for (let delay = 250; !closed; delay = Math.min(delay * 2, 10_000)) {
      await new Promise((resolve) => setTimeout(resolve, delay));
      if (closed) break;
      try {
        await connect();
        resuming = false;
        onResumed?.();
        return;
      } catch {
        // still unreachable: wait longer
      }
    }
    resuming = false;
  };
  await connect();
  return async () => {
    closed = true;
    await client?.end().catch(() => {});
  };
}

/** Several servers may start at once on one database: only one migrates at a time. */
async function migratePostgresLocked(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query("SELECT pg_advisory_lock(hashtext('switchboard.migrate'))");
    await migratePg(drizzlePg(client), { migrationsFolder: MIGRATIONS_FOLDER });
  } finally {
    await client.query("SELECT pg_advisory_unlock(hashtext('switchboard.migrate'))").catch(() => {});
    client.release();
  }
}

/** Both drivers get JSON for plain objects, so jsonb parameters behave the same everywhere. */
function toParam(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (value instanceof Date || Buffer.isBuffer(value) || Array.isArray(value)) return value;
  return typeof value === "object" ? JSON.stringify(value) : value;
}
