// Analytics benchmark: a year of support history loaded in SQL (issues and their event logs),
// the metric facts computed from those logs set-wise in SQL (bench/analyticsFacts.ts, checked
// against the product's refresh on a sample) or by the refresh itself (--facts refresh), then the
// dashboard's load over HTTP: the twelve requests the page makes (ten metric tiles with the
// previous period, the trend by day, the breakdown by team), six at a time as a browser does.
//   npm run bench:analytics                                     PGlite, 100k issues
//   npm run bench:analytics -- --pg postgres://… --issues 1000000 --only pg
//   options: --issues N --samples 30 --only pg|pglite --keep (leave the PostgreSQL database)
//            --facts sql|refresh (default sql) --check N (issues the refresh recomputes and
//            compares with the SQL facts; default 500, 0 skips)
//            --db NAME: measure the dashboards of a kept database again (no load, no refresh;
//            its migrations run first), e.g. before and after a change on the same data
// The loader writes rows directly (a fixture: through the commands 1M issues would take hours).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { refreshMissingIssueMetrics } from "../apps/server/src/commands/analytics";
import { createApiToken } from "../apps/server/src/commands/auth";
import { type Actor, runCommand } from "../apps/server/src/commands/context";
import { loadConfig } from "../apps/server/src/config";
import type { Database } from "../apps/server/src/db/connect";
import { buildHttpServer, startServices } from "../apps/server/src/server";
import type { Services } from "../apps/server/src/services";
import { buildFacts, checkFacts } from "./analyticsFacts";
import { type BenchWorkspace, benchWorkspace, openKept, openTarget } from "./targets";

const { values: args } = parseArgs({
  options: {
    pg: { type: "string" },
    issues: { type: "string" },
    samples: { type: "string", default: "30" },
    only: { type: "string" },
    keep: { type: "boolean", default: false },
    db: { type: "string" },
    facts: { type: "string", default: "sql" },
    check: { type: "string", default: "500" },
  },
});
const PG_URL = args.pg ?? process.env.DATABASE_URL;
const SAMPLES = Number(args.samples);
const METRICS = [
  "first_response_time",
  "time_to_response",
  "resolution_time",
  "csat",
  "touches",
  "sla_attainment",
  "created",
  "resolved",
  "backlog",
  "reopens",
];
const DAY_MS = 86_400_000;

interface Row {
  target: string;
  issues: number;
  events: number;
  loadSeconds: number;
  refreshPerSecond: number;
  dashboard: { p50: number; p95: number; max: number };
  filtered: { p50: number; p95: number; max: number };
}

async function main() {
  const rows: Row[] = [];
  if (args.only !== "pg") rows.push(await benchTarget("pglite", Number(args.issues ?? 100_000)));
  if (PG_URL && args.only !== "pglite") rows.push(await benchTarget("postgres", Number(args.issues ?? 1_000_000)));
  else if (!PG_URL) console.log("(no --pg URL or DATABASE_URL: PostgreSQL skipped)");
  console.log(
    "\n| database | issues | events | load (SQL) | facts refresh | dashboard p50 / p95 / max | filtered by team |",
  );
  console.log("| --- | --- | --- | --- | --- | --- | --- |");
  console.log(`${os.cpus().length} CPUs, load average ${os.loadavg()[0]?.toFixed(1)} at the end.`);
  for (const r of rows) {
    const ms = (s: Row["dashboard"]) => `${s.p50.toFixed(0)} / ${s.p95.toFixed(0)} / ${s.max.toFixed(0)} ms`;
    console.log(
      `| ${r.target} | ${r.issues.toLocaleString("en")} | ${r.events.toLocaleString("en")} | ${r.loadSeconds.toFixed(0)} s | ${r.refreshPerSecond.toFixed(0)} issues/s | ${ms(r.dashboard)} | ${ms(r.filtered)} |`,
    );
  }
}

async function benchTarget(kind: "pglite" | "postgres", issues: number): Promise<Row> {
  const target =
    kind === "postgres" && args.db
      ? await openKept(PG_URL, args.db)
      : await openTarget(kind, PG_URL, "sb_bench_analytics");
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "sb-bench-"));
  const config = loadConfig({ ...process.env, LOG_LEVEL: "silent", DATA_DIR: dataDir, DATABASE_URL: undefined });
  const services = await startServices(config, { worker: false, database: target.database });
  const http = await buildHttpServer(services);
  const base = await http.listen({ port: 0, host: "127.0.0.1" });
  try {
    if (kind === "postgres" && args.db) return await remeasure(target.database, services, `${base}/api/v1`);
    const fx = await benchWorkspace(services);
    console.log(`[${kind}] loading ${issues.toLocaleString("en")} issues and their event logs in SQL…`);
    const started = performance.now();
    const events = await load(target.database, fx, issues);
    const loadSeconds = (performance.now() - started) / 1000;
    console.log(`[${kind}] ${events.toLocaleString("en")} events in ${loadSeconds.toFixed(0)} s; computing facts…`);
    const refreshStarted = performance.now();
    const refreshed =
      args.facts === "refresh"
        ? await refreshMissingIssueMetrics(services, { workspaceId: fx.workspaceId, batch: 5000 })
        : await buildFacts(target.database, fx.workspaceId, issues);
    const refreshPerSecond = refreshed / ((performance.now() - refreshStarted) / 1000);
    console.log(
      `[${kind}] facts of ${refreshed.toLocaleString("en")} issues (${args.facts}) at ${refreshPerSecond.toFixed(0)}/s`,
    );
    if (args.facts !== "refresh" && Number(args.check) > 0) {
      const checked = await checkFacts(target.database, services, fx.workspaceId, Number(args.check));
      console.log(`[${kind}] the refresh recomputed ${checked.issues} issues' ${checked.facts} facts: all equal`);
    }
    const { dashboard, filtered } = await measure(target.database, `${base}/api/v1`, fx);
    return { target: kind, issues, events, loadSeconds, refreshPerSecond, dashboard, filtered };
  } finally {
    await http.close();
    await services.close();
    await target.close({ keep: args.keep });
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

async function measure(database: Database, api: string, fx: Pick<BenchWorkspace, "token" | "teamIds">) {
  // A steady state: autovacuum has set the visibility map, so index-only scans skip the heap.
  await database.query("VACUUM ANALYZE");
  const dashboard = await dashboardLoads(api, fx.token, null);
  const team = { field: "issue.team", op: "in", value: [fx.teamIds[0]] };
  const filtered = await dashboardLoads(api, fx.token, team);
  return { dashboard, filtered };
}

/** The dashboards of a kept bench database, measured again with a new token of its admin. */
async function remeasure(database: Database, services: Services, api: string): Promise<Row> {
  const one = async (text: string) => (await database.query(text)).rows[0] ?? {};
  const ws = await one(
    `SELECT w.id, u.id AS admin FROM workspace w JOIN "user" u ON u.workspace_id = w.id AND u.email = 'admin@bench.test' WHERE w.name = 'Bench'`,
  );
  const workspaceId = String(ws.id);
  const teams = await database.query("SELECT id FROM team WHERE workspace_id = $1 ORDER BY created_at, name", [
    workspaceId,
  ]);
  const actor: Actor = { type: "user", userId: String(ws.admin), role: "admin", name: "Admin" };
  const { token } = await runCommand(services, { workspaceId, actor }, (ctx) => createApiToken(ctx, "bench again"));
  const counts = await one(
    `SELECT (SELECT count(*) FROM issue WHERE workspace_id = '${workspaceId}')::int AS issues,
            (SELECT count(*) FROM issue_event WHERE workspace_id = '${workspaceId}')::int AS events`,
  );
  const teamIds = teams.rows.map((r) => String(r.id));
  const { dashboard, filtered } = await measure(database, api, { token, teamIds });
  const [issues, events] = [Number(counts.issues), Number(counts.events)];
  return { target: "postgres", issues, events, loadSeconds: 0, refreshPerSecond: 0, dashboard, filtered };
}

/**
 * A year of issues, evenly spread up to now, each with its log: created, the customer's message,
 * the first response (1 min–2 days later), for 60% a second exchange, for 80% a close (5% of
 * those reopened and closed again). About five events per issue.
 */
async function load(database: Database, fx: BenchWorkspace, issues: number): Promise<number> {
  const chunk = 100_000;
  for (let start = 1; start <= issues; start += chunk) {
    const end = Math.min(issues, start + chunk - 1);
    await database.query(
      `WITH params AS (SELECT $1::uuid AS ws, $2::uuid[] AS teams, $3::uuid[] AS users, now() - interval '365 days' AS t0, $4::int AS total),
       base AS (
         SELECT g, gen_random_uuid() AS id, p.ws, p.teams[1 + g % 5] AS team, p.users[1 + g % 12] AS usr,
                date_trunc('second', p.t0 + (g::float8 / p.total) * interval '365 days') AS created,
                (60 + (hashint4(g) & 65535) * 2.6) * interval '1 second' AS wait1,
                (600 + (hashint4(g + 7) & 65535) * 1.3) * interval '1 second' AS wait2,
                (hashint4(g + 13) & 1023) AS r
         FROM generate_series($5::int, $6::int) AS g, params p
       ),
       ins AS (
         INSERT INTO issue (id, workspace_id, number, title, channel, state, team_id, assignee_user_id, priority, created_at, updated_at, resolved_at, sla_evaluated_at)
         SELECT id, ws, g, 'Bench issue ' || g, (ARRAY['slack','email','widget','portal','api'])[1 + g % 5],
                CASE WHEN r < 820 THEN 'closed' ELSE 'on_you' END, team, usr,
                (ARRAY['urgent','high','medium','low','none'])[1 + (r % 5)], created, created,
                CASE WHEN r < 820 THEN date_trunc('second', created + wait1 * 3 + wait2) END, created
         FROM base RETURNING id
       )
       INSERT INTO issue_event (workspace_id, issue_id, type, actor_type, actor_id, data, created_at)
       SELECT b.ws, b.id, e.type, e.actor, e.actor_id, e.data, date_trunc('second', e.at)
       FROM base b CROSS JOIN LATERAL (VALUES
         ('created', 'contact', NULL, jsonb_build_object('channel', 'email', 'teamId', b.team, 'accountId', NULL), b.created, true),
         ('message', 'contact', NULL, jsonb_build_object('messageId', gen_random_uuid(), 'authorType', 'contact', 'visibility', 'public'), b.created, true),
         ('message', 'user', b.usr::text, jsonb_build_object('messageId', gen_random_uuid(), 'authorType', 'user', 'visibility', 'public'), b.created + b.wait1, true),
         ('message', 'contact', NULL, jsonb_build_object('messageId', gen_random_uuid(), 'authorType', 'contact', 'visibility', 'public'), b.created + b.wait1 * 2, b.r % 5 < 3),
         ('message', 'user', b.usr::text, jsonb_build_object('messageId', gen_random_uuid(), 'authorType', 'user', 'visibility', 'public'), b.created + b.wait1 * 2 + b.wait2, b.r % 5 < 3),
         ('state', 'user', b.usr::text, jsonb_build_object('from', 'on_customer', 'to', 'closed'), b.created + b.wait1 * 3 + b.wait2 * 0.5, b.r < 40),
         ('state', 'contact', NULL, jsonb_build_object('from', 'closed', 'to', 'on_you'), b.created + b.wait1 * 3 + b.wait2 * 0.7, b.r < 40),
         ('state', 'user', b.usr::text, jsonb_build_object('from', 'on_customer', 'to', 'closed'), b.created + b.wait1 * 3 + b.wait2, b.r < 820)
       ) AS e(type, actor, actor_id, data, at, present)
       WHERE e.present AND EXISTS (SELECT 1 FROM ins WHERE ins.id = b.id)`,
      [fx.workspaceId, `{${fx.teamIds.join(",")}}`, `{${fx.userIds.join(",")}}`, issues, start, end],
    );
    process.stdout.write(`  ${end.toLocaleString("en")} issues\r`);
  }
  const { rows } = await database.query("SELECT count(*)::int AS n FROM issue_event WHERE workspace_id = $1", [
    fx.workspaceId,
  ]);
  return Number(rows[0]?.n ?? 0);
}

/** The dashboard's twelve requests, six at a time; each sample a different 30-day period of the year. */
async function dashboardLoads(base: string, token: string, filter: unknown) {
  const times: number[] = [];
  const today = Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate() + 1);
  for (let i = 0; i < SAMPLES; i++) {
    const to = new Date(today - ((i * 11) % 300) * DAY_MS);
    const from = new Date(to.getTime() - 30 * DAY_MS);
    const q = `from=${from.toISOString()}&to=${to.toISOString()}${filter ? `&filter=${encodeURIComponent(JSON.stringify(filter))}` : ""}`;
    const urls = [
      ...METRICS.map((m) => `/analytics/metrics?metric=${m}&${q}`),
      `/analytics/metrics?metric=first_response_time&group_by=day&${q}`,
      `/analytics/metrics?metric=first_response_time&group_by=team&${q}`,
    ];
    const started = performance.now();
    const queue = [...urls];
    await Promise.all(
      Array.from({ length: 6 }, async () => {
        for (let url = queue.shift(); url; url = queue.shift()) {
          const res = await fetch(`${base}${url}`, { headers: { authorization: `Bearer ${token}` } });
          if (res.status !== 200) throw new Error(`${url}: ${res.status} ${await res.text()}`);
          await res.json();
        }
      }),
    );
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.ceil(q * times.length) - 1)] ?? 0;
  return { p50: at(0.5), p95: at(0.95), max: times[times.length - 1] ?? 0 };
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
