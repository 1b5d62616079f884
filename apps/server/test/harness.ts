// Starts the real product for a test file: migrated database (PGlite in memory, or a fresh
// database on TEST_DATABASE_URL), job queue and worker, HTTP server driven with inject().
import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import type { FastifyInstance, InjectOptions } from "fastify";
import pg from "pg";
import { afterAll, beforeAll, inject } from "vitest";
import { usePasswordHashCostForTests } from "../src/commands/auth";
import { type CommandContext, runCommand } from "../src/commands/context";
import { createWorkspace } from "../src/commands/workspaces";
import { loadConfig } from "../src/config";
import { type Database, openDatabase } from "../src/db/connect";
import { buildHttpServer, startServices } from "../src/server";
import type { Services } from "../src/services";

// Cheaper argon2 parameters for the passwords tests make (production keeps the library's defaults).
usePasswordHashCostForTests();

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
 * A fresh database: PGlite in memory, or a new database on TEST_DATABASE_URL (dropped by `drop`).
 * Under `vitest run` it starts as a copy of one migrated once for the run (globalSetup.ts).
 */
export async function openTestDatabase(): Promise<{ database: Database; drop: () => Promise<void> }> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (process.env.SB_TEST_DB !== "postgres" || !serverUrl) {
    const snapshot = inject("pgliteSnapshot");
    const database = await openDatabase(snapshot ? { snapshot: new Blob([await readFile(snapshot)]) } : {});
    return { database, drop: async () => {} };
  }
  const name = `sb_test_${randomBytes(6).toString("hex")}`;
  const template = inject("postgresTemplate");
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ""}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ url: url.toString() });
  return {
    database,
    drop: async () => {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
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
