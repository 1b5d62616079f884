// The SLA sweep after a policy change: every open issue of a workspace is marked for a look
// (`sla.stale`), and the minute's sweep computes each one's policy and due times again.
// Reports how long the sweep takes for --issues open issues, and issues/s.
//   npm run bench:sla                                PGlite, then PostgreSQL if DATABASE_URL is set
//   npm run bench:sla -- --issues 5000 --only postgres
// Issues are opened by command in one transaction per 500 (replayed: no jobs) on one team whose
// calendar is the default; the worker is off, and the sweep
// is called as its job handler would be.
import { runCommand } from "../apps/server/src/commands/context";
import { openIssues } from "../apps/server/src/commands/issues";
import { createSlaPolicy } from "../apps/server/src/commands/sla";
import { loadConfig } from "../apps/server/src/config";
import type { Database } from "../apps/server/src/db/connect";
import { startServices } from "../apps/server/src/server";
import { markStale, refreshSlas } from "../apps/server/src/sla/sweep";
import { benchWorkspace, openTarget, type TargetKind } from "./targets";

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const ISSUES = arg("issues", 3000);
const only = process.argv.includes("--only") ? process.argv[process.argv.indexOf("--only") + 1] : undefined;

async function run(label: string, database: Database) {
  const config = loadConfig({ ...process.env, LOG_LEVEL: "silent", DATA_DIR: "/tmp/switchboard-bench" });
  const services = await startServices(config, { worker: false, database });
  const bench = await benchWorkspace(services);
  const scope = { workspaceId: bench.workspaceId, actor: bench.admin };
  await runCommand(services, scope, (ctx) =>
    createSlaPolicy(ctx, {
      name: "Email",
      conditions: { all: [{ field: "issue.channel", op: "eq", value: "email" }] },
      calendarId: null,
      firstResponseMinutes: 60,
      nextResponseMinutes: 240,
      resolutionMinutes: 2880,
      businessTime: true,
      pauseOn: [],
    }),
  );
  for (let done = 0; done < ISSUES; done += 500) {
    const inputs = Array.from({ length: Math.min(500, ISSUES - done) }, (_, i) => ({
      title: `Issue ${done + i}`,
      channel: "email" as const,
      teamId: bench.teamIds[0],
    }));
    await runCommand({ ...services, replay: true }, scope, (ctx) => openIssues(ctx, inputs));
  }
  await markStale(services, { workspaceId: bench.workspaceId });
  const started = performance.now();
  await refreshSlas(services, { workspaceId: bench.workspaceId });
  const seconds = (performance.now() - started) / 1000;
  // Not a vacuous sweep: every issue has the policy and a first-response due time now.
  const { rows } = await database.query(
    "SELECT count(*)::int AS n FROM issue WHERE workspace_id = $1 AND sla_policy_id IS NOT NULL AND sla_first_response_due_at IS NOT NULL",
    [bench.workspaceId],
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
const serverUrl = process.env.DATABASE_URL ?? process.env.TEST_DATABASE_URL;
const kinds: TargetKind[] = only ? [only as TargetKind] : serverUrl ? ["pglite", "postgres"] : ["pglite"];
for (const kind of kinds) {
  const target = await openTarget(kind, serverUrl, "sb_bench_sla");
  try {
    results.push(await run(kind === "pglite" ? "PGlite (embedded)" : "PostgreSQL", target.database));
  } finally {
    await target.close();
  }
}
console.log(`\nSLA sweep after every open issue was marked stale, ${ISSUES} issues`);
console.table(results);
process.exit(0);
