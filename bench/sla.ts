// The SLA sweep after a policy change: every open issue of a workspace is marked for a look
// (`sla.stale`), and the minute's sweep computes each one's policy and due times again.
// Reports how long the sweep takes for --issues open issues, and issues/s.
//   npm run bench:sla                                PGlite, then PostgreSQL if DATABASE_URL is set
//   npm run bench:sla -- --issues 5000 --only postgres
// Issues are opened by command in one transaction per 500 (replayed: no jobs) on one team whose
// calendar is the default; the worker is off, and the sweep
// is called as its job handler would be.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { type Actor, runCommand } from "../apps/server/src/commands/context";
import { openIssues } from "../apps/server/src/commands/issues";
import { createSlaPolicy } from "../apps/server/src/commands/sla";
import { createTeam } from "../apps/server/src/commands/team";
import { createWorkspace } from "../apps/server/src/commands/workspaces";
import { loadConfig } from "../apps/server/src/config";
import { type Database, openDatabase } from "../apps/server/src/db/connect";
import { startServices } from "../apps/server/src/server";
import { markStale, refreshSlas } from "../apps/server/src/sla/sweep";

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const ISSUES = arg("issues", 3000);
const only = process.argv.includes("--only") ? process.argv[process.argv.indexOf("--only") + 1] : undefined;

async function run(label: string, database: Database) {
  const config = loadConfig({ ...process.env, LOG_LEVEL: "silent", DATA_DIR: "/tmp/switchboard-bench" });
  const services = await startServices(config, { worker: false, database });
  const name = `bench-${randomBytes(3).toString("hex")}`;
  const { workspace, admin } = await database.db.transaction((tx) =>
    createWorkspace(tx, {
      name,
      domain: `${name}.test`,
      admin: { email: `admin@${name}.test`, name: "Admin", password: "password123" },
    }),
  );
  const actor: Actor = { type: "user", userId: admin.id, role: "admin", name: "Admin" };
  const scope = { workspaceId: workspace.id, actor };
  const team = await runCommand(services, scope, async (ctx) => {
    await createSlaPolicy(ctx, {
      name: "Email",
      conditions: { all: [{ field: "issue.channel", op: "eq", value: "email" }] },
      calendarId: null,
      firstResponseMinutes: 60,
      nextResponseMinutes: 240,
      resolutionMinutes: 2880,
      businessTime: true,
      pauseOn: [],
    });
    return createTeam(ctx, { name: "Support" });
  });
  for (let done = 0; done < ISSUES; done += 500) {
    const inputs = Array.from({ length: Math.min(500, ISSUES - done) }, (_, i) => ({
      title: `Issue ${done + i}`,
      channel: "email" as const,
      teamId: team.id,
    }));
    await runCommand({ ...services, replay: true }, scope, (ctx) => openIssues(ctx, inputs));
  }
  await markStale(services, { workspaceId: workspace.id });
  const started = performance.now();
  await refreshSlas(services, { workspaceId: workspace.id });
  const seconds = (performance.now() - started) / 1000;
  // Not a vacuous sweep: every issue has the policy and a first-response due time now.
  const { rows } = await database.query(
    "SELECT count(*)::int AS n FROM issue WHERE workspace_id = $1 AND sla_policy_id IS NOT NULL AND sla_first_response_due_at IS NOT NULL",
    [workspace.id],
  );
  await services.close();
  return {
    database: label,
    issues: ISSUES,
    withDueTimes: Number(rows[0]?.n),
    seconds: Number(seconds.toFixed(2)),
    perSecond: Math.round(ISSUES / seconds),
  };
}

const results = [];
if (!only || only === "pglite") {
  const pglite = await openDatabase({});
  results.push(await run("PGlite (embedded)", pglite));
  await pglite.close();
}
const serverUrl = process.env.DATABASE_URL ?? process.env.TEST_DATABASE_URL;
if (serverUrl && (!only || only === "postgres")) {
  const dbName = `sb_bench_sla_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName}`);
  const url = new URL(serverUrl);
  url.pathname = `/${dbName}`;
  const database = await openDatabase({ url: url.toString() });
  try {
    results.push(await run("PostgreSQL", database));
  } finally {
    await database.close();
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await admin.end();
  }
}
console.log(`\nSLA sweep after every open issue was marked stale, ${ISSUES} issues`);
console.table(results);
process.exit(0);
