// The databases a benchmark runs on, shared by the benchmarks: a fresh embedded PGlite in a temp
// directory, or a fresh database on a PostgreSQL server (created, then dropped at close).
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { createApiToken } from "../apps/server/src/commands/auth";
import { type Actor, runCommand } from "../apps/server/src/commands/context";
import { createTeam, createUser } from "../apps/server/src/commands/team";
import { createWorkspace } from "../apps/server/src/commands/workspaces";
import { type Database, openDatabase } from "../apps/server/src/db/connect";
import type { Services } from "../apps/server/src/services";

export type TargetKind = "pglite" | "postgres";

export interface Target {
  database: Database;
  /** With `keep`, a PostgreSQL database stays (for EXPLAIN on the bench data); its name is printed. */
  close(options?: { keep?: boolean }): Promise<void>;
}

/** A fresh, migrated database: PGlite, or a new database on the server at `pgUrl` named `prefix_<random>`. */
export async function openTarget(kind: TargetKind, pgUrl?: string, prefix = "sb_bench"): Promise<Target> {
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
  const name = `${prefix}_${randomBytes(4).toString("hex")}`;
  await adminQuery(pgUrl, `CREATE DATABASE ${name}`);
  const url = new URL(pgUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ url: url.toString() });
  return {
    database,
    close: async (options) => {
      await database.close();
      if (options?.keep) console.log(`database ${name} kept`);
      else await adminQuery(pgUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

/** A database kept by an earlier run (`--keep`), migrated, never dropped. */
export async function openKept(pgUrl: string | undefined, name: string): Promise<Target> {
  if (!pgUrl) throw new Error("PostgreSQL needs a server URL (--pg or DATABASE_URL)");
  const url = new URL(pgUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ url: url.toString() });
  return { database, close: () => database.close() };
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

/** The benches' workspace: the seed's five teams, twelve agents and an API token. */
export interface BenchWorkspace {
  workspaceId: string;
  admin: Actor;
  token: string;
  teamIds: string[];
  userIds: string[];
}

export async function benchWorkspace(services: Services): Promise<BenchWorkspace> {
  const { workspace, admin } = await services.database.db.transaction((tx) =>
    createWorkspace(tx, {
      name: "Bench",
      domain: "bench.test",
      admin: { email: "admin@bench.test", name: "Admin", password: "bench-password" },
    }),
  );
  const actor: Actor = { type: "user", userId: admin.id, role: "admin", name: admin.name };
  return runCommand(services, { workspaceId: workspace.id, actor }, async (ctx) => {
    const teamIds = [];
    for (const name of ["Support", "Customer Success", "Migrations", "Sales", "Billing"])
      teamIds.push((await createTeam(ctx, { name })).id);
    const userIds = [admin.id];
    for (let i = 1; i < 12; i++)
      userIds.push((await createUser(ctx, { email: `agent${i}@bench.test`, name: `Agent ${i}` })).id);
    const { token } = await createApiToken(ctx, "bench");
    return { workspaceId: workspace.id, admin: actor, token, teamIds, userIds };
  });
}
