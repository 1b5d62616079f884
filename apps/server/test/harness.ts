// Starts the real product for a test file: migrated database (PGlite in memory, or a fresh
// database on TEST_DATABASE_URL), job queue and worker, HTTP server driven with inject().
import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import { PGlite } from "@electric-sql/pglite";
import type { FastifyInstance, InjectOptions } from "fastify";
import pg from "pg";
import { afterAll, beforeAll, inject } from "vitest";
import { usePasswordHashCostForTests } from "../src/commands/auth";
import { type CommandContext, runCommand } from "../src/commands/context";
import { createWorkspace } from "../src/commands/workspaces";
import { loadConfig } from "../src/config";
import { type Database, embeddedDatabase, openDatabase } from "../src/db/connect";
import { buildHttpServer, startServices } from "../src/server";
import type { Services } from "../src/services";

// Cheaper argon2 parameters for the passwords tests make (production keeps the library's defaults).
usePasswordHashCostForTests();
failOnConcurrentStatements();

/**
 * Two statements sent at once on one PostgreSQL connection (a `Promise.all` of queries over a
 * transaction) run in whichever order pg queues them; pg 8 only warns, once per process, and pg 9
 * refuses. The warning fails the test run (an unhandled error, reported with the file that ran).
 */
function failOnConcurrentStatements() {
  const installed = Symbol.for("switchboard.test.concurrentStatements");
  const store = globalThis as { [installed]?: true };
  if (store[installed]) return;
  store[installed] = true;
  process.on("warning", (warning) => {
    if (/already executing a query/.test(warning.message)) {
      throw new Error(`two statements at once on one database connection: ${warning.message}`);
    }
  });
}

export interface TestApp {
  services: Services;
  http: FastifyInstance;
  database: Database;
  close(): Promise<void>;
}

export async function startTestApp(
  env: Record<string, string> = {},
  options: { now?: () => Date } = {},
): Promise<TestApp> {
  const { database, drop } = await openTestDatabase();
  const config = loadConfig({ ...process.env, LOG_LEVEL: "silent", DATA_DIR: "/tmp/switchboard-test", ...env });
  const services = await startServices(config, { worker: true, database, now: options.now });
  const http = await buildHttpServer(services);
  await http.ready();
  return {
    services,
    http,
    database,
    async close() {
      await http.close();
      await services.close();
      await database.close();
      await drop();
    },
  };
}

/** Registers beforeAll/afterAll for a test file and returns a getter for the app. */
export function useTestApp(env: Record<string, string> = {}): () => TestApp {
  let app: TestApp | undefined;
  beforeAll(async () => {
    app = await startTestApp(env);
  });
  afterAll(async () => {
    await app?.close();
  });
  return () => {
    if (!app) throw new Error("test app not started");
    return app;
  };
}

/**
 * A database with nothing in it but the migrations and the job queue's schema: PGlite in memory, or
 * a database on TEST_DATABASE_URL. Under `vitest run` it starts as a copy of one migrated once for
 * the run (globalSetup.ts), and each Vitest worker keeps its copy for the files it runs after this
 * one: `drop` empties it again, instead of a new copy for every file (1.8 s to open a PGlite; 1.5 s
 * to create and drop a database on the server, mostly the checkpoint DROP DATABASE forces).
 */
export async function openTestDatabase(): Promise<{ database: Database; drop: () => Promise<void> }> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (process.env.SB_TEST_DB === "postgres" && serverUrl) return lend(() => serverDatabase(serverUrl));
  const snapshot = inject("pgliteSnapshot");
  if (!snapshot) return { database: await openDatabase({}), drop: async () => {} };
  return lend(() => embeddedCopy(snapshot));
}

/** The URL of database `name` on the server of `serverUrl`. */
export function databaseUrl(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** One worker's database: lent to one file at a time, emptied between them. */
interface WorkerDatabase {
  lent: boolean;
  /** A `Database` over it for one file. */
  open(): Promise<Database>;
  /** Back to the copy's content; throws if it cannot, and the worker then makes a new one. */
  empty(): Promise<void>;
  discard(): Promise<void>;
}

const WORKER_DATABASE = Symbol.for("switchboard.test.workerDatabase");
type Store = { [WORKER_DATABASE]?: Promise<WorkerDatabase> };

async function lend(make: () => Promise<WorkerDatabase>): Promise<{ database: Database; drop: () => Promise<void> }> {
  const store = globalThis as Store;
  store[WORKER_DATABASE] ??= make();
  const kept = await store[WORKER_DATABASE].catch((error: unknown) => {
    store[WORKER_DATABASE] = undefined;
    throw error;
  });
  if (kept.lent) {
    // A second database while the file's first is out: one of its own, gone with `drop`.
    const own = await make();
    return { database: await own.open(), drop: () => own.discard() };
  }
  kept.lent = true;
  return {
    database: await kept.open(),
    drop: async () => {
      try {
        await kept.empty();
        kept.lent = false;
      } catch (error) {
        // Not the file's failure: the next file gets a new copy.
        console.warn(`test database not emptied (${error instanceof Error ? error.message : error}); making a new one`);
        store[WORKER_DATABASE] = undefined;
        await kept.discard().catch(() => {});
      }
    },
  };
}

/** What the copy holds when made: applied migrations, pg-boss's version and queues. */
const KEPT_TABLES = new Set(["drizzle.__drizzle_migrations", "pgboss.version", "pgboss.queue"]);
const RELATIONS = `SELECT format('%I.%I', n.nspname, c.relname) AS name, c.relkind::text AS kind
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE c.relkind IN ('r', 'p', 'S') AND NOT c.relispartition AND n.nspname IN ('public', 'pgboss')`;

type Rows = (text: string) => Promise<{ name: string; kind: string }[]>;

/**
 * The statements that empty the copy again: every table the copy had empty (one DELETE each, with
 * triggers and foreign keys off; TRUNCATE of ~130 tables took 0.5 s on PGlite and 4.4 s on the
 * server against 0.1 s), its sequences restarted, and the sequences made since (issue numbers per
 * workspace) dropped.
 */
async function emptier(rows: Rows): Promise<(now: Rows) => Promise<string>> {
  const made = await rows(RELATIONS);
  const tables = made.filter((r) => r.kind !== "S" && !KEPT_TABLES.has(r.name)).map((r) => r.name);
  const sequences = new Set(made.filter((r) => r.kind === "S").map((r) => r.name));
  const deletes = tables.map((table) => `DELETE FROM ${table};`).join(" ");
  const restarts = [...sequences].map((sequence) => `ALTER SEQUENCE ${sequence} RESTART;`).join(" ");
  return async (now) => {
    const since = (await now(RELATIONS)).filter((r) => r.kind === "S" && !sequences.has(r.name));
    const drops = since.length > 0 ? `DROP SEQUENCE ${since.map((r) => r.name).join(", ")};` : "";
    return `BEGIN; SET LOCAL lock_timeout = '10s'; SET LOCAL session_replication_role = replica;
      ${deletes} ${restarts} ${drops} COMMIT;`;
  };
}

async function embeddedCopy(snapshotFile: string): Promise<WorkerDatabase> {
  const client = await PGlite.create({ loadDataDir: new Blob([await readFile(snapshotFile)]) });
  const rows: Rows = async (text) => (await client.query<{ name: string; kind: string }>(text)).rows;
  const script = await emptier(rows);
  return {
    lent: false,
    // Closing the file's database waits for its statements and leaves the instance open.
    open: async () => embeddedDatabase(client, async () => {}),
    async empty() {
      await client.exec(await script(rows));
      // One session for every file: its settings and locks go too.
      await client.exec("RESET ALL; SELECT pg_advisory_unlock_all();");
    },
    discard: () => client.close(),
  };
}

async function serverDatabase(serverUrl: string): Promise<WorkerDatabase> {
  const name = `sb_test_${inject("postgresRun")}_${randomBytes(4).toString("hex")}`;
  const template = inject("postgresTemplate");
  await onServer(serverUrl, (admin) =>
    admin.query(`CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ""}`),
  );
  const url = databaseUrl(serverUrl, name);
  const rows: Rows = (text) => onServer(url, async (client) => (await client.query(text)).rows);
  const script = await emptier(rows);
  return {
    lent: false,
    open: () => openDatabase({ url }),
    empty: async () => {
      const text = await script(rows);
      await onServer(url, (client) => client.query(text));
    },
    discard: async () => {
      await onServer(serverUrl, (admin) => admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}

/** `work` on one connection to `url`, closed after. */
export async function onServer<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

// ---- factories ------------------------------------------------------------------------

let counter = 0;
export const unique = (prefix: string) => `${prefix}-${++counter}-${randomBytes(3).toString("hex")}`;

export interface TestWorkspace {
  workspaceId: string;
  adminId: string;
  admin: Session;
  /** Runs a command as the workspace admin (for arranging data). */
  run<T>(fn: (ctx: CommandContext) => Promise<T>): Promise<T>;
}

export interface Session {
  cookie: string;
  csrfToken: string;
  userId: string;
}

/**
 * A workspace with its admin signed in. Replies are delivered at once (no undo window) so tests of
 * delivery need not wait; tests of the window pass `undoSendSeconds`.
 */
export async function buildWorkspace(
  app: TestApp,
  name = unique("ws"),
  options: { undoSendSeconds?: number } = {},
): Promise<TestWorkspace> {
  const email = `admin@${name}.test`;
  const { workspace, admin } = await app.services.database.db.transaction((tx) =>
    createWorkspace(tx, {
      name,
      domain: `${name}.test`,
      undoSendSeconds: options.undoSendSeconds ?? 0,
      admin: { email, name: "Admin", password: "password123" },
    }),
  );
  const session = await logIn(app, email, "password123");
  return {
    workspaceId: workspace.id,
    adminId: admin.id,
    admin: session,
    run: (fn) =>
      runCommand(
        app.services,
        { workspaceId: workspace.id, actor: { type: "user", userId: admin.id, role: "admin", name: "Admin" } },
        fn,
      ),
  };
}

export async function logIn(app: TestApp, email: string, password: string): Promise<Session> {
  const res = await app.http.inject({ method: "POST", url: "/api/v1/auth/login", payload: { email, password } });
  if (res.statusCode !== 200) throw new Error(`login failed: ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === "sb_session");
  const body = res.json() as { csrfToken: string; user: { id: string } };
  if (!cookie) throw new Error("no session cookie");
  return { cookie: `sb_session=${cookie.value}`, csrfToken: body.csrfToken, userId: body.user.id };
}

/** An API call as `session`, with the CSRF header on writes. */
export function api(app: TestApp, session: Session) {
  const call = (method: InjectOptions["method"], url: string, payload?: unknown) =>
    app.http.inject({
      method,
      url: `/api/v1${url}`,
      headers: { cookie: session.cookie, "x-csrf-token": session.csrfToken },
      ...(payload === undefined ? {} : { payload: payload as InjectOptions["payload"] }),
    });
  return {
    get: (url: string) => call("GET", url),
    post: (url: string, payload?: unknown) => call("POST", url, payload ?? {}),
    patch: (url: string, payload: unknown) => call("PATCH", url, payload),
    put: (url: string, payload?: unknown) => call("PUT", url, payload ?? {}),
    delete: (url: string) => call("DELETE", url),
  };
}
