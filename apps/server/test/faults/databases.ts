// Databases for the process tests: a new one per test on the test server, optionally a copy of
// one where the demo workspace was seeded once for the run. Apart from processes.ts so that the
// benches, which start processes too, do not load vitest.
import { randomBytes } from "node:crypto";
import type pg from "pg";
import { inject } from "vitest";
import { loadConfig } from "../../src/config";
import { openDatabase } from "../../src/db/connect";
import { ensureDemoWorkspace } from "../../src/seed/demo";
import { startServices } from "../../src/server";
import { retryWhileInUse } from "../globalSetup";
import { databaseUrl, onServer } from "../harness";

/**
 * A new database on the test server; `drop` removes it. With `demo`, a copy of one where the demo
 * workspace was seeded once for the run (what `start` seeds on an empty database, 25 s and more a
 * time): `start` then finds it there and goes on, as on every later start in production.
 */
export async function freshDatabase(
  serverUrl: string,
  prefix: string,
  options: { demo?: boolean } = {},
): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `${prefix}_${randomBytes(6).toString("hex")}`;
  const template = options.demo ? await demoTemplate(serverUrl) : undefined;
  await onServer(serverUrl, (client) =>
    retryWhileInUse(() => client.query(`CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ""}`)),
  );
  return {
    url: databaseUrl(serverUrl, name),
    drop: async () => {
      await onServer(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}

/**
 * The run's demo database (named so that the run's teardown drops it, globalSetup.ts), made by the
 * first file that asks, under a lock the others wait on.
 */
async function demoTemplate(serverUrl: string): Promise<string> {
  const name = `sb_test_${inject("postgresRun")}_demo`;
  return onServer(serverUrl, async (client) => {
    await client.query("SELECT pg_advisory_lock(hashtext($1))", [name]);
    try {
      const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
      if (!rowCount) await seedDemoDatabase(client, serverUrl, name);
      return name;
    } finally {
      await client.query("SELECT pg_advisory_unlock(hashtext($1))", [name]);
    }
  });
}

async function seedDemoDatabase(client: pg.Client, serverUrl: string, name: string): Promise<void> {
  await client.query(`CREATE DATABASE ${name} TEMPLATE ${inject("postgresTemplate")}`);
  try {
    const database = await openDatabase({ url: databaseUrl(serverUrl, name) });
    const config = loadConfig({ ...process.env, LOG_LEVEL: "silent", DATABASE_URL: databaseUrl(serverUrl, name) });
    const services = await startServices(config, { worker: false, database });
    try {
      await ensureDemoWorkspace(services);
    } finally {
      await services.close();
      await database.close();
    }
  } catch (error) {
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    throw error;
  }
}
