// Restarting keeps everything: the embedded database in DATA_DIR (PGlite), or the same
// PostgreSQL database reconnected. Starts the product the way `switchboard start` does.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config";
import { buildHttpServer, startServices } from "../../src/server";
import { api, buildWorkspace, type TestApp } from "../harness";
import { customerSays } from "./support";

// The machine running the suite is shared and small: start-up under load can take minutes.
const onPostgres = process.env.SB_TEST_DB === "postgres" && Boolean(process.env.TEST_DATABASE_URL);
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

/** Where this test's data lives: a temp DATA_DIR, or a fresh database on the test server. */
async function storage(): Promise<Record<string, string>> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!onPostgres || !serverUrl) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sb-restart-"));
    cleanups.push(async () => fs.rmSync(dir, { recursive: true, force: true }));
    return { DATA_DIR: dir };
  }
  const name = `sb_restart_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  cleanups.push(async () => {
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await client.end();
  });
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { DATABASE_URL: url.toString() };
}

async function start(env: Record<string, string>): Promise<TestApp> {
  const { DATABASE_URL: _ignored, ...rest } = process.env;
  const config = loadConfig({ ...rest, LOG_LEVEL: "silent", ...env });
  const services = await startServices(config, { worker: true });
  const http = await buildHttpServer(services);
  await http.ready();
  return {
    services,
    http,
    database: services.database,
    async close() {
      await http.close();
      await services.close();
    },
  };
}

describe("restart", () => {
  it(`keeps issues, messages and sessions across a restart (${onPostgres ? "PostgreSQL" : "PGlite DATA_DIR"})`, {
    timeout: 300_000,
  }, async () => {
    const env = await storage();
    const first = await start(env);
    expect(first.database.kind).toBe(onPostgres ? "postgres" : "pglite");
    const ws = await buildWorkspace(first);
    const as = api(first, ws.admin);
    const issue = (await as.post("/issues", { title: "Survives restarts", body: "Agent reply" })).json();
    await customerSays(ws, issue.number, "Customer follow-up");
    await as.patch(`/issues/${issue.number}`, { priority: "urgent", tags: ["durable"] });
    const before = {
      issue: (await as.get(`/issues/${issue.number}`)).json(),
      messages: (await as.get(`/issues/${issue.number}/messages`)).json(),
      events: (await as.get(`/issues/${issue.number}/events`)).json(),
    };
    await first.services.jobs.idle();
    await first.close();

    const second = await start(env);
    try {
      const again = api(second, ws.admin); // the same session cookie
      expect((await again.get(`/issues/${issue.number}`)).json()).toEqual(before.issue);
      expect((await again.get(`/issues/${issue.number}/messages`)).json()).toEqual(before.messages);
      expect((await again.get(`/issues/${issue.number}/events`)).json()).toEqual(before.events);
      expect(before.messages.items.map((m: { bodyText: string }) => m.bodyText)).toEqual([
        "Agent reply",
        "Customer follow-up",
      ]);
      expect((await again.get("/issues?q=survives")).json().items).toHaveLength(1);
      // The per-workspace issue counter continues.
      expect((await again.post("/issues", { title: "After restart" })).json().number).toBe(issue.number + 1);
    } finally {
      await second.close();
    }
  });
});
