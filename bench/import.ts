// A Zendesk import from the stand-in: N tickets with C comments each (generated on the fly by the
// stand-in, pages of 100), end to end through the import run (worker off: the run is carried out
// in this process, as `switchboard import zendesk` does). Prints the time, the peak RSS and the
// records counted by external id afterwards: lost must be 0, duplicates 0.
//   npm run bench:import                                   (10,000 tickets × 10 comments)
//   npm run bench:import -- --tickets 100000 --comments 10  (100,000 tickets, 1,000,000 comments)
//   DATABASE_URL=postgres://… npm run bench:import -- …     (on a PostgreSQL server)
//   … -- --profile   (PostgreSQL: counts the statements sent, per ticket and by kind)
import { randomBytes } from "node:crypto";
import { loadavg } from "node:os";
import { sql } from "drizzle-orm";
import { runCommand } from "../apps/server/src/commands/context";
import { requestImport } from "../apps/server/src/commands/imports";
import { createWorkspace } from "../apps/server/src/commands/workspaces";
import { loadConfig } from "../apps/server/src/config";
import { openDatabase } from "../apps/server/src/db/connect";
import { carryOutImport } from "../apps/server/src/integrations/import/run";
import { zendeskSourceOf } from "../apps/server/src/integrations/import/start";
import { getImportRun } from "../apps/server/src/queries/imports";
import { startServices } from "../apps/server/src/server";
import { ZendeskStandin } from "../apps/server/test/import/standin";
import { countStatements } from "./statements";

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const TICKETS = arg("tickets", 10_000);
const COMMENTS = arg("comments", 10);
const PROFILE = process.argv.includes("--profile");

/** Statements sent to PostgreSQL by kind (`--profile`; empty otherwise). */
const statements = PROFILE ? countStatements(48) : new Map<string, number>();

async function main() {
  const name = `bench-${randomBytes(3).toString("hex")}`;
  const zd = await new ZendeskStandin().start();
  zd.pageSize = 100;
  // The agent's address is the run's own: user emails are unique across workspaces of a database.
  zd.users.push(
    { id: 1, name: "Casey Customer", email: "casey@globex.example", role: "end-user", organization_id: null },
    { id: 2, name: "Ana Agent", email: `ana@${name}.test`, role: "agent", organization_id: null },
  );
  zd.generate = { count: TICKETS, commentsPerTicket: COMMENTS, requesterId: 1, agentId: 2 };
  const config = loadConfig({
    ...process.env,
    LOG_LEVEL: "silent",
    DATA_DIR: "/tmp/switchboard-bench",
    SECRET_KEY: process.env.SECRET_KEY ?? "bench-only-secret-key-not-for-production",
  });
  const database = await openDatabase(process.env.DATABASE_URL ? { url: process.env.DATABASE_URL } : {});
  const services = await startServices(config, { worker: false, database });
  const { workspace } = await database.db.transaction((tx) =>
    createWorkspace(tx, {
      name,
      domain: `${name}.test`,
      admin: { email: `admin@${name}.test`, name: "Admin", password: "password123" },
    }),
  );
  const scope = { workspaceId: workspace.id, actor: { type: "system" as const, name: "bench" } };
  const run = await runCommand(services, scope, (ctx) =>
    requestImport(ctx, {
      source: "zendesk",
      params: { kind: "zendesk", baseUrl: zd.url, email: zd.email },
      tokenSealed: services.secrets.seal(zd.token),
      queue: false,
    }),
  );
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 250);
  statements.clear();
  const loadAverageAtStart = loadavg().map((l) => Number(l.toFixed(1)));
  const started = performance.now();
  let lastReport = 0;
  const error = await carryOutImport(services, workspace.id, run.id, (r) => zendeskSourceOf(services, r), {
    onPage: ({ stage, processed }) => {
      if (performance.now() - lastReport > 10_000) {
        lastReport = performance.now();
        console.error(`  ${stage}: ${processed} records, ${((performance.now() - started) / 1000).toFixed(0)} s`);
      }
    },
  });
  const seconds = (performance.now() - started) / 1000;
  const sent = [...statements.values()].reduce((a, b) => a + b, 0);
  const kinds = [...statements.entries()].sort((a, b) => b[1] - a[1]).slice(0, 15);
  clearInterval(sampler);
  const done = await getImportRun(database.db, workspace.id, run.id);
  const counted = await database.db.execute(sql`
    SELECT
      (SELECT count(DISTINCT external_id) FROM import_external_id WHERE workspace_id = ${workspace.id} AND object = 'issue') AS tickets,
      (SELECT count(*) FROM issue WHERE workspace_id = ${workspace.id}) AS issues,
      (SELECT count(DISTINCT external_id) FROM message WHERE workspace_id = ${workspace.id} AND external_id LIKE 'zendesk:comment:%') AS comments,
      (SELECT count(*) FROM message WHERE workspace_id = ${workspace.id}) AS messages`);
  const row = (counted as unknown as { rows: Record<string, string | number>[] }).rows[0] ?? {};
  const tickets = Number(row.tickets);
  const comments = Number(row.comments);
  const result = {
    tickets: TICKETS,
    comments: TICKETS * COMMENTS,
    database: database.kind,
    status: done.status,
    error: error ?? undefined,
    seconds: Number(seconds.toFixed(1)),
    ticketsPerSecond: Number((TICKETS / seconds).toFixed(1)),
    commentsPerSecond: Number(((TICKETS * COMMENTS) / seconds).toFixed(1)),
    peakRssMb: Math.round(peakRss / 1024 / 1024),
    lostTickets: TICKETS - tickets,
    lostComments: TICKETS * COMMENTS - comments,
    duplicateIssues: Number(row.issues) - tickets,
    duplicateMessages: Number(row.messages) - comments,
    skipped: done.skipped,
    ...(PROFILE && { statements: sent, statementsPerTicket: Number((sent / TICKETS).toFixed(1)) }),
    loadAverageAtStart,
    loadAverageAtEnd: loadavg().map((l) => Number(l.toFixed(1))),
  };
  console.log(JSON.stringify(result, null, 2));
  if (PROFILE) for (const [kind, n] of kinds) console.log(`${String(n).padStart(8)}  ${kind}`);
  const reasons = await database.db.execute(
    sql`SELECT reason, count(*)::int AS n FROM import_skip WHERE run_id = ${run.id} GROUP BY reason ORDER BY n DESC LIMIT 3`,
  );
  for (const r of (reasons as unknown as { rows: { reason: string; n: number }[] }).rows)
    console.log(`skipped ${r.n}: ${r.reason}`);
  await services.close();
  await database.close();
  await zd.close();
  if (result.lostTickets !== 0 || result.lostComments !== 0 || result.duplicateIssues !== 0) process.exitCode = 1;
}

await main();
