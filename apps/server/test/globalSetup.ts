// Migrates once per test run instead of once per test file. A fresh PGlite runs initdb (10 s and
// more on a busy machine) and then 40-odd migrations and the pg-boss schema; a file's own database
// now starts from a copy of one that has done all that:
// - PGlite: a data-directory tarball (dumpDataDir), loaded with `openDatabase({ snapshot })`;
// - PostgreSQL: a template database, copied with CREATE DATABASE … TEMPLATE.
// Both are named by a hash of the migrations and the database packages, so a later run reuses them
// and a changed migration makes a new one. Each worker keeps its copy and empties it between files
// (harness.ts); each file still runs `migrate()` and the queue's start-up (both find nothing left
// to do). The workers' copies on the server are dropped when the run ends.
//
// It also compiles the server once for the run (cliBundle): the tests that run `switchboard` as a
// separate process start that bundle, as production does, instead of compiling the sources with
// tsx in every process.
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { buildServerBundle } from "../../../scripts/serverBundle.mjs";
import { MIGRATIONS_FOLDER, openDatabase } from "../src/db/connect";
import { COLLAPSING_JOBS, JOB_CATALOG } from "../src/jobCatalog";
import { startJobQueue } from "../src/jobs/queue";

declare module "vitest" {
  export interface ProvidedContext {
    /** A migrated PGlite data directory (tar) for each test file's in-memory database. */
    pgliteSnapshot: string;
    /** A migrated database on TEST_DATABASE_URL to copy for each test worker. */
    postgresTemplate: string;
    /** This run's part of the workers' database names (`sb_test_<run>_…`), dropped when it ends. */
    postgresRun: string;
  }
}

const ROOT = path.resolve(import.meta.dirname, "../../..");
const CACHE = path.join(ROOT, "node_modules/.cache/switchboard-test");

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const key = schemaKey();
  const releaseCli = await useCliBundle();
  if (project.config.env?.SB_TEST_DB === "postgres") {
    const serverUrl = process.env.TEST_DATABASE_URL;
    if (!serverUrl) return releaseCli;
    project.provide("postgresTemplate", await postgresTemplate(serverUrl, key));
    const run = randomBytes(4).toString("hex");
    project.provide("postgresRun", run);
    return async () => {
      await dropRunDatabases(serverUrl, run);
      await releaseCli();
    };
  }
  project.provide("pgliteSnapshot", await pgliteSnapshot(key));
  return releaseCli;
}

/**
 * The server compiled for this run, in SWITCHBOARD_TEST_CLI for the test workers (forked after the
 * global setups, with this process's environment): starting it takes ~1.3 s where tsx compiling
 * the sources takes ~3 s, and a fault test starts a dozen processes. Built once however many
 * projects set up, under a name of the run's own (two runs at once each have theirs), and removed
 * when the last project is done with it.
 */
let cliBundle: { dir: string; built: Promise<string>; users: number } | undefined;
async function useCliBundle(): Promise<() => Promise<void>> {
  if (!cliBundle) {
    const dir = path.join(ROOT, "apps/server/dist", `test-${randomBytes(4).toString("hex")}`);
    cliBundle = { dir, built: buildServerBundle(dir), users: 0 };
  }
  const bundle = cliBundle;
  bundle.users++;
  process.env.SWITCHBOARD_TEST_CLI = await bundle.built;
  return async () => {
    if (--bundle.users === 0) fs.rmSync(bundle.dir, { recursive: true, force: true });
  };
}

/** The databases this run's workers kept (harness.ts), once every file is done with them. */
async function dropRunDatabases(serverUrl: string, run: string): Promise<void> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE $1", [
      `sb_test_${run}_%`,
    ]);
    for (const { datname } of rows) await admin.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

/** Everything that decides what a migrated database holds. */
function schemaKey(): string {
  const hash = createHash("sha256");
  for (const file of fs.readdirSync(MIGRATIONS_FOLDER, { recursive: true, encoding: "utf8" }).sort()) {
    const full = path.join(MIGRATIONS_FOLDER, file);
    if (fs.statSync(full).isFile()) hash.update(file).update(fs.readFileSync(full));
  }
  for (const pkg of ["@electric-sql/pglite", "pg-boss", "drizzle-orm"]) {
    hash.update(fs.readFileSync(path.join(ROOT, "node_modules", pkg, "package.json")));
  }
  // The queues' options are set when a queue is created (createQueue leaves an existing one be).
  hash.update(Object.keys(JOB_CATALOG).join(",")).update(COLLAPSING_JOBS.join(","));
  hash.update(fs.readFileSync(path.join(ROOT, "apps/server/src/jobs/queue.ts")));
  return hash.digest("hex").slice(0, 16);
}

/** Migrations and the job queue's schema and queues, as every file's start-up would make them. */
async function prepare(database: Awaited<ReturnType<typeof openDatabase>>): Promise<void> {
  await database.migrate();
  const jobs = await startJobQueue(database, JOB_CATALOG, { collapsing: COLLAPSING_JOBS });
  await jobs.stop();
}

async function pgliteSnapshot(key: string): Promise<string> {
  const file = path.join(CACHE, `pglite-${key}.tar`);
  if (fs.existsSync(file)) return file;
  const database = await openDatabase({});
  try {
    await prepare(database);
    if (!database.dumpDataDir) throw new Error("PGlite cannot dump its data directory");
    const tarball = Buffer.from(await (await database.dumpDataDir()).arrayBuffer());
    fs.mkdirSync(CACHE, { recursive: true });
    // Written aside and renamed: a run that starts meanwhile never reads half a file.
    const partial = `${file}.${randomBytes(4).toString("hex")}`;
    fs.writeFileSync(partial, tarball);
    fs.renameSync(partial, file);
  } finally {
    await database.close();
  }
  return file;
}

async function postgresTemplate(serverUrl: string, key: string): Promise<string> {
  const name = `sb_template_${key}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    const { rowCount } = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (rowCount) return name;
    // Built under a name of its own and renamed when complete; two runs at once keep one.
    const building = `sb_template_build_${randomBytes(6).toString("hex")}`;
    await admin.query(`CREATE DATABASE ${building}`);
    const url = new URL(serverUrl);
    url.pathname = `/${building}`;
    const database = await openDatabase({ url: url.toString() });
    try {
      await prepare(database);
    } finally {
      await database.close();
    }
    try {
      await renameWhenFree(admin, building, name);
    } catch (error) {
      await admin.query(`DROP DATABASE IF EXISTS ${building} WITH (FORCE)`);
      if ((error as { code?: string }).code !== "42P04") throw error;
    }
    return name;
  } finally {
    await admin.end();
  }
}

/** A closed pool's server processes end a moment after the client hangs up (55006 until then). */
async function renameWhenFree(admin: pg.Client, from: string, to: string): Promise<void> {
  await retryWhileInUse(() => admin.query(`ALTER DATABASE ${from} RENAME TO ${to}`));
}

/**
 * `work` again while a database it renames or copies is still in use (55006): a closed pool's
 * server processes end a moment after the client hangs up.
 */
export async function retryWhileInUse<T>(work: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if ((error as { code?: string }).code !== "55006" || attempt === 50) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
