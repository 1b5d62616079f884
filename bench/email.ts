// Inbound email throughput, end to end: mails sent over real SMTP connections to Switchboard's
// listener; a mail counts once the server answered 250, which it does only after the message is
// committed (and so visible through the API, checked at the end).
//   npm run bench:email                      PGlite (embedded), then PostgreSQL if DATABASE_URL/TEST_DATABASE_URL
//   npm run bench:email -- --mails 2000 --connections 64 --worker --only postgres
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

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const MAILS = arg("mails", 10_000);
const CONNECTIONS = arg("connections", 32);
const WORKER = process.argv.includes("--worker");
const REPLY_SHARE = 0.2;

interface Result {
  database: string;
  mails: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p99: number;
  issues: number;
  messages: number;
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
  const { seconds, latencies } = await runClient({
    port: smtp.port,
    name,
    domain,
    mails: MAILS,
    connections: CONNECTIONS,
    replyShare: REPLY_SHARE,
  });

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
    p50: Math.round(latencies[Math.floor(latencies.length * 0.5)] ?? 0),
    p99: Math.round(latencies[Math.floor(latencies.length * 0.99)] ?? 0),
    issues: Number(counts.rows[0]?.issues),
    messages: Number(counts.rows[0]?.messages),
  };
}

interface ClientJob {
  port: number;
  name: string;
  domain: string;
  mails: number;
  connections: number;
  replyShare: number;
}

interface ClientResult {
  seconds: number;
  latencies: number[];
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
  const name = `sb_bench_${randomBytes(4).toString("hex")}`;
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
  `\nInbound email, SMTP 250 (committed, visible via API): ${MAILS} mails, ${CONNECTIONS} connections, worker ${WORKER ? "on" : "off"}`,
);
console.table(results);
for (const r of results)
  console.log(`${r.database}: ${r.perSecond} emails/s (${(r.perSecond / 15.6).toFixed(1)}× the 15.6/s reference)`);
