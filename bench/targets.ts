// The databases a benchmark runs on, shared by the benchmarks: a fresh embedded PGlite in a temp
// directory, or a fresh database on a PostgreSQL server (created, then dropped at close).
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { type Database, openDatabase } from "../apps/server/src/db/connect";

export type TargetKind = "pglite" | "postgres";

export interface Target {
  database: Database;
  close(): Promise<void>;
}

/** A fresh, migrated database: PGlite, or a new database on the server at `pgUrl`. */
export async function openTarget(kind: TargetKind, pgUrl?: string): Promise<Target> {
  if (kind === "pglite") {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sb-bench-pglite-"));
    const database = await openDatabase({ dataDir: dir });
    return {
      database,
      close: async () => {
        await database.close();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  if (!pgUrl) throw new Error("PostgreSQL needs a server URL (--pg or DATABASE_URL)");
  const name = `sb_bench_${randomBytes(4).toString("hex")}`;
  await adminQuery(pgUrl, `CREATE DATABASE ${name}`);
  const url = new URL(pgUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ url: url.toString() });
  return {
    database,
    close: async () => {
      await database.close();
      await adminQuery(pgUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

/** One statement on the server's maintenance connection (CREATE / DROP DATABASE). */
export async function adminQuery(url: string, text: string): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(text);
  } finally {
    await c.end();
  }
}
