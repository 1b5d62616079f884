// Slack ingestion, end to end: signed Events API POSTs to /hooks/slack/events over real HTTP, each
// counted once its message is visible through the API. Reports events/s and the webhook's own
// response time (Slack wants an answer within 3 s), at 1,000 mapped shared channels.
//   npm run bench:slack                          PGlite (embedded), then PostgreSQL if DATABASE_URL is set
//   npm run bench:slack -- --events 1000 --concurrency 16 --channels 1000
//   npm run bench:slack -- --only postgres --profile   one database; statements per event (PostgreSQL)
// "Visible" is when the message's realtime change is sent (what an agent's open inbox hears, on
// commit); it is timed from the signed POST's start.
import { randomBytes } from "node:crypto";
import type { AddressInfo } from "node:net";
import pg from "pg";
import { createApiToken } from "../apps/server/src/commands/auth";
import { REALTIME_CHANNEL, runCommand } from "../apps/server/src/commands/context";
import { createWorkspace } from "../apps/server/src/commands/workspaces";
import { loadConfig } from "../apps/server/src/config";
import { type Database, openDatabase } from "../apps/server/src/db/connect";
import { buildHttpServer, startServices } from "../apps/server/src/server";
import { nextTs, SlackStandin } from "../apps/server/test/slack/standin";
import { countSlackIssues, mapSlackCustomers, SLACK_CUSTOMERS } from "./scaleFixture";
import { countStatements } from "./statements";

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const EVENTS = arg("events", 400);
const CONCURRENCY = arg("concurrency", 8);
const CHANNELS = arg("channels", 1000);
/** Customers per run; kept under users.info's tier (100/min) so the pacing gate does not dominate. */
const REPLY_SHARE = 0.4;
const ONLY = process.argv.includes("--only") ? process.argv[process.argv.indexOf("--only") + 1] : undefined;
const statements = process.argv.includes("--profile") ? countStatements(arg("width", 40)) : undefined;

interface Result {
  database: string;
  events: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p99: number;
  max: number;
  visibleP50: number;
  visibleP99: number;
  statementsPerEvent: number | string;
  issues: number;
}

async function run(label: string, database: Database): Promise<Result> {
  // The Slack token is stored sealed; on PostgreSQL that needs SECRET_KEY (a throwaway one here).
  const secretKey = process.env.SECRET_KEY ?? "bench-only-secret-key-not-for-production";
  const config = loadConfig({
    ...process.env,
    LOG_LEVEL: "silent",
    DATA_DIR: "/tmp/switchboard-bench",
    SECRET_KEY: secretKey,
  });
  const services = await startServices(config, { worker: true, database });
  const http = await buildHttpServer(services);
  await http.listen({ port: 0, host: "127.0.0.1" });
  const base = `http://127.0.0.1:${(http.server.address() as AddressInfo).port}`;
  const slack = await new SlackStandin().start();

  const name = `bench-${randomBytes(3).toString("hex")}`;
  const domain = `${name}.test`;
  const { workspace, admin } = await database.db.transaction((tx) =>
    createWorkspace(tx, { name, domain, admin: { email: `admin@${domain}`, name: "Admin", password: "password123" } }),
  );
  const asAdmin = {
    workspaceId: workspace.id,
    actor: { type: "user" as const, userId: admin.id, role: "admin" as const, name: "Admin" },
  };
  const { token } = await runCommand(services, asAdmin, (ctx) => createApiToken(ctx, "bench"));

  // 1,000 customers, each with its shared channel, all mapped.
  const setupStarted = performance.now();
  await mapSlackCustomers(services, asAdmin, slack, CHANNELS);
  const setupSeconds = (performance.now() - setupStarted) / 1000;

  // When each message became visible: its realtime change, by message id.
  const shown = new Map<string, number>();
  const unlisten = await database.listen(REALTIME_CHANNEL, (payload) => {
    const change = JSON.parse(payload) as { kind?: string; action?: string; id?: string };
    if (change.kind === "message" && change.action === "created" && change.id) shown.set(change.id, performance.now());
  });
  const postedAt = new Map<string, number>();

  const roots: { channel: string; ts: string }[] = [];
  const post = async (i: number) => {
    const user = `UC${i % SLACK_CUSTOMERS}`;
    const root = i > 20 && Math.random() < REPLY_SHARE ? roots[Math.floor(Math.random() * roots.length)] : undefined;
    const channel = root?.channel ?? `C${String(Math.floor(Math.random() * CHANNELS)).padStart(6, "0")}`;
    const ts = nextTs();
    if (!root) roots.push({ channel, ts });
    const event = {
      type: "message",
      channel,
      channel_type: "channel",
      user,
      text: `Bench message ${i}: the sync is failing`,
      ts,
      ...(root && { thread_ts: root.ts }),
    };
    const body = JSON.stringify(slack.envelope(event));
    const started = performance.now();
    postedAt.set(`${channel}:${ts}`, started);
    const res = await fetch(`${base}/hooks/slack/events`, {
      method: "POST",
      headers: { "content-type": "application/json", ...slack.signedHeaders(body) },
      body,
    });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`webhook answered ${res.status}`);
    return performance.now() - started;
  };

  const latencies: number[] = [];
  statements?.clear();
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      for (let i = next++; i < EVENTS; i = next++) latencies.push(await post(i));
    }),
  );
  await services.jobs.idle(["slack.event"], 600_000);
  const issues = await countSlackIssues(base, token);
  const seconds = (performance.now() - started) / 1000;
  if (issues !== roots.length) throw new Error(`expected ${roots.length} issues via the API, saw ${issues}`);
  const sent = statements ? [...statements.values()].reduce((a, b) => a + b, 0) : undefined;
  const top = statements
    ? [...statements.entries()].sort((a, b) => b[1] - a[1]).filter(([, n]) => n >= EVENTS / 50)
    : [];

  const { rows: stored } = await database.query(
    "SELECT id, external_id FROM message WHERE workspace_id = $1 AND channel = 'slack'",
    [workspace.id],
  );
  const visible: number[] = [];
  for (const row of stored as { id: string; external_id: string }[]) {
    const at = shown.get(row.id);
    const posted = postedAt.get(row.external_id);
    if (at !== undefined && posted !== undefined) visible.push(at - posted);
  }
  await unlisten();
  visible.sort((a, b) => a - b);
  const vpct = (p: number) => visible[Math.min(visible.length - 1, Math.floor(p * visible.length))] ?? 0;

  await http.close();
  await slack.close();
  await services.close();
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0;
  console.log(`  ${label}: setup of ${CHANNELS} mapped channels took ${setupSeconds.toFixed(1)} s`);
  if (top.length > 0) {
    console.log(`  ${label}: statements during the run, most frequent first`);
    for (const [kind, count] of top) console.log(`    ${(count / EVENTS).toFixed(2).padStart(7)}/event  ${kind}`);
  }
  return {
    database: label,
    events: EVENTS,
    seconds: Number(seconds.toFixed(2)),
    perSecond: Number((EVENTS / seconds).toFixed(1)),
    p50: Number(pct(0.5).toFixed(1)),
    p99: Number(pct(0.99).toFixed(1)),
    max: Number((latencies.at(-1) ?? 0).toFixed(1)),
    visibleP50: Number(vpct(0.5).toFixed(0)),
    visibleP99: Number(vpct(0.99).toFixed(0)),
    statementsPerEvent: sent === undefined || label === "pglite" ? "-" : Number((sent / EVENTS).toFixed(1)),
    issues,
  };
}

async function withPostgres<T>(serverUrl: string, fn: (db: Database) => Promise<T>): Promise<T> {
  const name = `sb_bench_slack_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ url: url.toString() });
  try {
    return await fn(database);
  } finally {
    await database.close();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

async function main() {
  console.log(
    `Slack ingestion: ${EVENTS} signed events, ${CONCURRENCY} concurrent senders, ${CHANNELS} mapped channels`,
  );
  const results: Result[] = [];
  if (ONLY !== "postgres") {
    const pglite = await openDatabase({});
    results.push(await run("pglite", pglite));
    await pglite.close();
  }
  const serverUrl = process.env.DATABASE_URL;
  if (serverUrl && ONLY !== "pglite") results.push(await withPostgres(serverUrl, (db) => run("postgres", db)));
  console.table(results);
  console.log(
    "events/s = signed POST until the message is visible via GET /api/v1/issues; p50/p99/max = webhook response ms; visible = POST to the message's realtime change, ms",
  );
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
