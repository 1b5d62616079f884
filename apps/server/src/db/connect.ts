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
  /** Subscribes to NOTIFY on a channel; resolves to an unsubscribe function. */
  listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>;
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

export async function openDatabase(options: { url?: string; dataDir?: string }): Promise<Database> {
  return options.url ? openPostgres(options.url) : openPglite(options.dataDir);
}

/** `dataDir` undefined means in-memory (tests). */
async function openPglite(dataDir: string | undefined): Promise<Database> {
  if (dataDir) fs.mkdirSync(dataDir, { recursive: true });
  const client = await PGlite.create(dataDir ? path.join(dataDir, "pglite") : undefined);
  const statements = yieldBeforeEachStatement(client);
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  const query = async (text: string, values: unknown[] = []) =>
    (await client.query(text, values.map(toParam))) as RawResult;
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
      await statements.drain();
      await client.close();
    },
    bossConnection: { db: { executeSql: (text, values = []) => bossQuery(client, text, values) } },
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

async function openPostgres(url: string): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  // An idle client dropped by the server must not crash the process.
  pool.on("error", () => {});
  const db = drizzlePg(pool, { schema }) as unknown as Db;
  return {
    kind: "postgres",
    db,
    query: async (text, values = []) => (await pool.query(text, values.map(toParam))) as RawResult,
    listen: (channel, onPayload) => listenPostgres(url, channel, onPayload),
    migrate: () => migratePostgresLocked(pool),
    close: () => pool.end(),
    bossConnection: { connectionString: url },
  };
}

async function listenPostgres(url: string, channel: string, onPayload: (payload: string) => void) {
  const client = new pg.Client({ connectionString: url });
  client.on("error", () => {});
  await client.connect();
  client.on("notification", (n) => {
    if (n.channel === channel && n.payload !== undefined) onPayload(n.payload);
  });
  await client.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
  return async () => {
    await client.end();
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
