// Inbound email throughput, end to end: mails sent over real SMTP connections to Switchboard's
// listener. Three clocks: SMTP 250 (the mail is stored in the spool), ingested (the spool is empty:
// every message is visible through the API, checked at the end), and routed (below).
//   npm run bench:email                      PGlite (embedded), then PostgreSQL if DATABASE_URL/TEST_DATABASE_URL
//   npm run bench:email -- --mails 2000 --connections 64 --only postgres
//   npm run bench:email -- --workload minimal     the older workload: 80-character bodies, worker off
//   npm run bench:email -- --connections 1 --pace 300 --mails 200   a lone mail's latency (idle server)
//   npm run bench:email -- --profile --only postgres --mails 200   statements and transactions per new issue
//                                            (counted at the pg driver), and statements/s once idle
// The default workload is mail as customers send it: ≈ 2 KB bodies, 20 % replies, 5 % with a 40 KB
// attachment, 3 % HTML-only, and the worker on (triggers, router, priority for every new issue). It
// reports "routed" as the time until the issue.created job finished, so the issue is visible
// through the API with its team, assignee and priority set.
// 10,000 mails by default: a shorter run is dominated by its first second (JIT, pool warm-up), and
// a mailbox that has grown shows costs a nearly empty one hides (a lookup that scanned it, e5b87b9).
import { randomBytes } from "node:crypto";
import { Worker } from "node:worker_threads";
import pg from "pg";
import { startEmailListener } from "../apps/server/src/channels/email/listener";
import { runCommand } from "../apps/server/src/commands/context";
import { createInbox } from "../apps/server/src/commands/inboxes";
import { createTeam } from "../apps/server/src/commands/team";
import { createWorkspace } from "../apps/server/src/commands/workspaces";
import { loadConfig } from "../apps/server/src/config";
import { type Database, openDatabase } from "../apps/server/src/db/connect";
import { buildHttpServer, startServices } from "../apps/server/src/server";
import { countStatements } from "./statements";

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const MAILS = arg("mails", 10_000);
const CONNECTIONS = arg("connections", 32);
/** --pace MS: one sender per connection, MS ms between its mails (a lone mail's latency); 0 = back to back. */
const PACE = arg("pace", 0);
const REALISTIC = !(
  process.argv.includes("--workload") && process.argv[process.argv.indexOf("--workload") + 1] === "minimal"
);
const WORKER = REALISTIC || process.argv.includes("--worker");
const REPLY_SHARE = 0.2;
const PROFILE = process.argv.includes("--profile");
/** --keep: the PostgreSQL database is left for inspection (EXPLAIN) instead of dropped. */
const KEEP = process.argv.includes("--keep");

/** Statements sent to PostgreSQL by kind (`--profile`; empty otherwise). */
const statements = PROFILE ? countStatements(60) : new Map<string, number>();
const sent = () => [...statements].reduce((n, [kind, count]) => n + (kind.startsWith("-- bench") ? 0 : count), 0);
const begun = () => [...statements].reduce((n, [kind, count]) => n + (/^begin/i.test(kind) ? count : 0), 0);
/** The client numbers its warm-up mails from here (emailClient.mjs). */
const WARM_UP_FROM = 1_000_000;

interface Result {
  database: string;
  mails: number;
  seconds: number;
  perSecond: number;
  /** Mails/s until the last one was ingested (the spool empty). */
  ingestedPerSecond: number;
  p50: number;
  p99: number;
  issues: number;
  messages: number;
  /** Mails/s until the last new issue was routed (worker on), and mail → routed latency. */
  routedPerSecond?: number;
  routedP50?: number;
  routedP99?: number;
  /** --profile: statements and transactions per new issue while mail came in and was routed; statements/s idle. */
  statementsPerIssue?: number;
  transactionsPerIssue?: number;
  idleStatementsPerSecond?: number;
}

async function run(label: string, database: Database): Promise<Result> {
  const config = loadConfig({ ...process.env, LOG_LEVEL: "silent", DATA_DIR: "/tmp/switchboard-bench" });
  const services = await startServices(config, { worker: WORKER, database });
  const http = await buildHttpServer(services);
  const name = `bench-${randomBytes(3).toString("hex")}`;
  const domain = `${name}.test`;
  const { workspace, admin } = await database.db.transaction((tx) =>
    createWorkspace(tx, { name, domain, admin: { email: `admin@${domain}`, name: "Admin", password: "password123" } }),
  );
  await runCommand(
    services,
    { workspaceId: workspace.id, actor: { type: "user", userId: admin.id, role: "admin", name: "Admin" } },
    async (ctx) => {
      const team = await createTeam(ctx, { name: "Support" });
      await createInbox(ctx, { address: `support@${domain}`, teamId: team.id });
    },
  );
  const smtp = await startEmailListener(services, { host: "127.0.0.1", port: 0 });
  const before = { statements: sent(), transactions: begun(), kinds: new Map(statements) };
  const clientStarted = performance.now();
  const { seconds, latencies, sentAt } = await runClient({
    port: smtp.port,
    name,
    domain,
    mails: MAILS,
    connections: CONNECTIONS,
    pace: PACE,
    replyShare: REPLY_SHARE,
    realistic: REALISTIC,
  });
  await smtp.idle();
  const ingestedSeconds = (performance.now() - clientStarted) / 1000;
  const routed = WORKER ? await routedTimes(database, workspace.id, sentAt) : undefined;
  const during = { statements: sent() - before.statements, transactions: begun() - before.transactions };
  let idleStatementsPerSecond: number | undefined;
  if (PROFILE) {
    // Every queue settled; what the process sends on its own over 10 s is its idle cost.
    await services.jobs.idle(undefined, 5 * 60_000);
    await new Promise((r) => setTimeout(r, 1_000));
    const idleFrom = sent();
    await new Promise((r) => setTimeout(r, 10_000));
    idleStatementsPerSecond = (sent() - idleFrom) / 10;
    const delta = [...statements]
      .map(([kind, n]) => [kind, n - (before.kinds.get(kind) ?? 0)] as const)
      .sort((a, b) => b[1] - a[1]);
    for (const [kind, n] of delta.slice(0, 40)) console.log(`${String(n).padStart(8)}  ${kind}`);
  }

  // Visible through the API: the last mail's issue is there with its message.
  const login = await http.inject({
    method: "POST",
    url: "/api/v1/auth/login",
    payload: { email: `admin@${domain}`, password: "password123" },
  });
  const cookie = login.cookies.find((c) => c.name === "sb_session");
  const list = await http.inject({
    method: "GET",
    url: "/api/v1/issues?channel=email&limit=1",
    headers: { cookie: `sb_session=${cookie?.value}` },
  });
  const newest = (list.json() as { items: { title: string }[] }).items[0];
  if (!newest?.title.startsWith("Bench mail")) throw new Error(`API does not show the mails: ${list.body}`);
  const counts = await database.query(
    "SELECT (SELECT count(*)::int FROM issue WHERE workspace_id = $1) AS issues, (SELECT count(*)::int FROM message WHERE workspace_id = $1) AS messages",
    [workspace.id],
  );
  const expectedMessages = MAILS + 20; // and the client's 20 warm-up mails
  const quarantined = await database.query("SELECT reason, count(*)::int AS n FROM quarantine GROUP BY reason", []);
  for (const row of quarantined.rows)
    console.warn(`! ${label} quarantined ${row.n}: ${String(row.reason).slice(0, 300)}`);
  if (Number(counts.rows[0]?.messages) !== expectedMessages) {
    console.warn(`! ${label}: ${counts.rows[0]?.messages} messages stored for ${expectedMessages} mails accepted`);
  }
  await smtp.close();
  await http.close();
  await services.close();
  latencies.sort((a, b) => a - b);
  return {
    database: label,
    mails: MAILS,
    seconds: Number(seconds.toFixed(2)),
    perSecond: Math.round(MAILS / seconds),
    ingestedPerSecond: Math.round(MAILS / ingestedSeconds),
    p50: Math.round(latencies[Math.floor(latencies.length * 0.5)] ?? 0),
    p99: Math.round(latencies[Math.floor(latencies.length * 0.99)] ?? 0),
    issues: Number(counts.rows[0]?.issues),
    messages: Number(counts.rows[0]?.messages),
    ...(PROFILE && {
      statementsPerIssue: Number((during.statements / Number(counts.rows[0]?.issues)).toFixed(1)),
      transactionsPerIssue: Number((during.transactions / Number(counts.rows[0]?.issues)).toFixed(1)),
      idleStatementsPerSecond,
    }),
    ...(routed && {
      routedPerSecond: Math.round(MAILS / routed.seconds),
      routedP50: Math.round(routed.latencies[Math.floor(routed.latencies.length * 0.5)] ?? 0),
      routedP99: Math.round(routed.latencies[Math.floor(routed.latencies.length * 0.99)] ?? 0),
    }),
  };
}

/**
 * Waits for routing to finish and reads, per new issue, when its issue.created job completed:
 * latency from the moment the client began sending its mail, and the time from the first
 * measured mail to the last routed one.
 */
async function routedTimes(database: Database, workspaceId: string, sentAt: Record<string, number>) {
  await routingSettled(database);
  const { rows } = await database.query(
    `SELECT i.title, (extract(epoch from j.completed_on) * 1000)::float8 AS done
       FROM pgboss.job j JOIN issue i ON i.id::text = j.data->>'issueId'
      WHERE j.name = 'issue.created' AND j.state = 'completed' AND i.workspace_id = $1`,
    [workspaceId],
  );
  const measured = Object.entries(sentAt).filter(([mail]) => Number(mail) < WARM_UP_FROM);
  const first = Math.min(...measured.map(([, at]) => at));
  const latencies: number[] = [];
  let last = first;
  for (const row of rows) {
    const mail = Number(/^Bench mail (\d+)$/.exec(String(row.title))?.[1]);
    const started = sentAt[mail];
    if (started === undefined || mail >= WARM_UP_FROM) continue;
    latencies.push(Number(row.done) - started);
    last = Math.max(last, Number(row.done));
  }
  latencies.sort((a, b) => a - b);
  return { seconds: (last - first) / 1000, latencies };
}

/** The bench's own wait polls seldom: `jobs.idle` asks every 25 ms, which --profile would count as the server's. */
const WAIT_POLLS = "-- bench wait";
async function routingSettled(database: Database) {
  const deadline = Date.now() + 30 * 60_000;
  while (Date.now() < deadline) {
    const { rows } = await database.query(
      `${WAIT_POLLS}\nSELECT count(*)::int AS n FROM pgboss.job WHERE name = 'issue.created' AND state IN ('created','retry','active')`,
      [],
    );
    if (Number(rows[0]?.n) === 0) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error("routing did not finish in 30 minutes");
}

interface ClientJob {
  port: number;
  name: string;
  domain: string;
  mails: number;
  connections: number;
  pace: number;
  replyShare: number;
  realistic: boolean;
}

interface ClientResult {
  seconds: number;
  latencies: number[];
  /** Epoch ms at which the client began sending mail i. */
  sentAt: Record<string, number>;
}

/** Sends the mails from a worker thread (see emailClient.mjs). */
function runClient(job: ClientJob): Promise<ClientResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL("./emailClient.mjs", import.meta.url), { workerData: job });
    worker.once("message", (result: ClientResult) => {
      resolve(result);
      void worker.terminate();
    });
    worker.once("error", reject);
  });
}

async function freshPostgres(serverUrl: string): Promise<{ database: Database; drop: () => Promise<void> }> {
  const name = `sb_bench_email_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ url: url.toString() });
  return {
    database,
    drop: async () => {
      await database.close();
      if (KEEP) return console.log(`kept database ${name}`);
      const c = new pg.Client({ connectionString: serverUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

const results: Result[] = [];
const only = process.argv.includes("--only") ? process.argv[process.argv.indexOf("--only") + 1] : undefined;
if (!only || only === "pglite") {
  const pglite = await openDatabase({});
  results.push(await run("PGlite (embedded)", pglite));
  await pglite.close();
}
const serverUrl = process.env.DATABASE_URL ?? process.env.TEST_DATABASE_URL;
if (serverUrl && (!only || only === "postgres")) {
  const { database, drop } = await freshPostgres(serverUrl);
  results.push(await run("PostgreSQL", database));
  await drop();
}
console.log(
  `\nInbound email, ${MAILS} mails, ${CONNECTIONS} connections, workload ${REALISTIC ? "realistic (≈ 2 KB bodies, 20 % replies, 5 % attachments, 3 % HTML-only)" : "minimal (80-character bodies, 20 % replies)"}, worker ${WORKER ? "on" : "off"}`,
);
console.log(
  "perSecond/p50/p99: until SMTP 250 (stored in the spool); ingestedPerSecond: until the spool was empty (client's warm-up included); routed*: until the new issue's routing job finished",
);
// No ratio against a peer is printed: a ratio is only meaningful when both were measured on this machine today.
console.table(results);
