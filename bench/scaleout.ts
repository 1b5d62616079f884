// Scale-out, measured: the same mixed load (SMTP mail, signed Slack webhooks, POST /issues with an
// API token) against one `switchboard start` process, then against N `start --no-worker` servers
// plus M `worker` processes, each on a fresh PostgreSQL database (sb_bench_scaleout_*, dropped at
// the end). Clients round-robin over the live servers and fail over as a load balancer would.
// Everything is counted by external id at the end: nothing acknowledged lost, nothing doubled.
//   npm run bench:scaleout                                   1 process, then 3 servers + 2 workers
//   npm run bench:scaleout -- --mails 600 --events 600 --issues 300 --servers 3 --workers 2
//   npm run bench:scaleout -- --kill       kill -9 one server and one worker at 40 % of the load
//   npm run bench:scaleout -- --only scaled
// Each agent-app socket (one per server) counts the new issues it was told about: realtime must
// reach agents whatever server or worker made the change. Per-process RSS is read from /proc.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import nodemailer, { type Transporter } from "nodemailer";
import pg from "pg";
import { freePort, httpSession, type Proc, startProcess, watchRealtime } from "../apps/server/test/faults/processes";
import { SlackStandin } from "../apps/server/test/slack/standin";
import { type Fixture, PASSWORD, rssMb, setUpWorkspace, slackMessage } from "./scaleFixture";
import { adminQuery } from "./targets";

const { values: args } = parseArgs({
  options: {
    pg: { type: "string" },
    mails: { type: "string", default: "600" },
    events: { type: "string", default: "600" },
    issues: { type: "string", default: "300" },
    servers: { type: "string", default: "3" },
    workers: { type: "string", default: "2" },
    channels: { type: "string", default: "200" },
    kill: { type: "boolean", default: false },
    only: { type: "string" },
  },
});
const PG_URL =
  args.pg ?? process.env.DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const MAILS = Number(args.mails);
const EVENTS = Number(args.events);
const API_ISSUES = Number(args.issues);
const SERVERS = Number(args.servers);
const WORKERS = Number(args.workers);
const CHANNELS = Number(args.channels);
/** Concurrent senders per kind, shared by all servers (as many remote clients would be). */
const SMTP_CONNECTIONS = 16;
const SLACK_SENDERS = 8;
const API_CLIENTS = 8;
const SLACK_REPLY_SHARE = 0.4;
/** A killed worker's jobs are taken over once its lease ran out (default 15 s; the same for both topologies). */
const LEASE_SECONDS = 5;
const SECRET_KEY = randomBytes(32).toString("hex");

interface Topology {
  label: string;
  servers: number;
  workers: number;
  /** kill -9 one server and one worker once this share of the load was acknowledged. */
  killAt?: number;
}

interface Node {
  proc: Proc;
  url?: string;
  smtpPort?: number;
  alive: boolean;
}

/** What one kind of load acknowledged (the sender was told "accepted") and what stayed unknown. */
interface Acked {
  mails: Set<string>;
  slack: Set<string>;
  slackRoots: Set<string>;
  api: Set<string>;
  /**
   * API creates whose answer was lost with a killed server, retried on another with the same
   * Idempotency-Key, by how the retry ended: the first answer replayed, applied anew (the first
   * never committed), or "applied, answer lost" (committed, the server died before storing it).
   */
  apiLostAnswers: { replayed: number; applied: number; answerLost: number };
  retries: number;
}

async function main() {
  const topologies: Topology[] = [];
  if (args.only !== "scaled") topologies.push({ label: "1 process (start)", servers: 1, workers: 0 });
  if (args.only !== "single")
    topologies.push({
      label: `${SERVERS} servers + ${WORKERS} workers`,
      servers: SERVERS,
      workers: WORKERS,
      ...(args.kill && { killAt: 0.4 }),
    });
  console.log(
    `Mixed load: ${MAILS} mails over SMTP (${SMTP_CONNECTIONS} connections, ≈ 2 KB bodies), ${EVENTS} signed Slack events (${SLACK_SENDERS} senders, ${CHANNELS} mapped channels, ${SLACK_REPLY_SHARE * 100} % thread replies), ${API_ISSUES} POST /issues (${API_CLIENTS} clients), all at once; PostgreSQL ${new URL(PG_URL).host}; load ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(" ")}`,
  );
  const rows = [];
  for (const topology of topologies) rows.push(await run(topology));
  console.table(rows);
  console.log(
    "acked/s: items acknowledged (SMTP 250, webhook 200, 201) per second of load; e2e/s: until every acknowledged item is visible and every job settled;\n" +
      "lost/doubled: by external id (Message-ID, Slack channel:ts, API title = its Idempotency-Key); apiLostAnswers: API creates retried after a lost answer; realtime: new issues announced on each server's agent socket / new issues;\n" +
      "jobsRetried: jobs started more than once (a killed worker's, taken over after its lease); dupEffects: routing changes written twice to one issue",
  );
  const [single, scaled] = rows;
  if (single && scaled)
    console.log(
      `scaled / single: ${(scaled.ackedPerSecond / single.ackedPerSecond).toFixed(2)}× acknowledged, ${(scaled.e2ePerSecond / single.e2ePerSecond).toFixed(2)}× end to end (${os.cpus().length} cores on this machine)`,
    );
}

async function run(topology: Topology) {
  const name = `sb_bench_scaleout_${randomBytes(4).toString("hex")}`;
  await adminQuery(PG_URL, `CREATE DATABASE ${name}`);
  const url = new URL(PG_URL);
  url.pathname = `/${name}`;
  const slack = await new SlackStandin().start();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "sb-bench-scaleout-"));
  const nodes: Node[] = [];
  try {
    const fixture = await setUpWorkspace({ url: url.toString() }, slack, { channels: CHANNELS, secretKey: SECRET_KEY });
    const env = {
      DATABASE_URL: url.toString(),
      DATA_DIR: dataDir,
      HOST: "127.0.0.1",
      SECRET_KEY,
      SWITCHBOARD_DEMO: "0",
      WORKER_LEASE_SECONDS: String(LEASE_SECONDS),
      LOG_LEVEL: "warn",
    };
    const started = performance.now();
    const starting: Promise<void>[] = [];
    for (let i = 0; i < topology.servers; i++) {
      const [port, smtpPort] = [await freePort(), await freePort()];
      const args = topology.workers > 0 ? ["start", "--no-worker"] : ["start"];
      const proc = startProcess(`server ${i + 1}`, args, { ...env, PORT: String(port), SMTP_PORT: String(smtpPort) });
      nodes.push({ proc, url: `http://127.0.0.1:${port}`, smtpPort, alive: true });
      starting.push(proc.waitFor(/Switchboard is running/, 600_000));
    }
    for (let i = 0; i < topology.workers; i++) {
      const proc = startProcess(`worker ${i + 1}`, ["worker"], env);
      nodes.push({ proc, alive: true });
      starting.push(proc.waitFor(/Switchboard worker is consuming jobs/, 600_000));
    }
    await Promise.all(starting);
    console.log(
      `  ${topology.label}: ${nodes.length} processes up in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
    const servers = nodes.filter((n) => n.url);
    const sockets = [];
    for (const server of servers) {
      const as = await httpSession(server.url ?? "", `admin@${fixture.domain}`, PASSWORD);
      sockets.push(await watchRealtime(server.url ?? "", as.cookie));
    }

    const acked: Acked = {
      mails: new Set(),
      slack: new Set(),
      slackRoots: new Set(),
      api: new Set(),
      apiLostAnswers: { replayed: 0, applied: 0, answerLost: 0 },
      retries: 0,
    };
    const total = MAILS + EVENTS + API_ISSUES;
    const done = () => acked.mails.size + acked.slack.size + acked.api.size;
    let killed = "";
    const killer = topology.killAt
      ? (async () => {
          while (done() < total * (topology.killAt ?? 1)) await sleep(50);
          // One of each, while another of its kind is left to carry on.
          const server = servers.length > 1 ? servers.at(-1) : undefined;
          const workers = nodes.filter((n) => !n.url);
          const worker = workers.length > 1 ? workers.at(-1) : undefined;
          for (const node of [server, worker]) {
            if (!node) continue;
            node.alive = false;
            await node.proc.kill("SIGKILL");
          }
          killed = `${[server, worker].flatMap((n) => (n ? [n.proc.name] : [])).join(" and ") || "nothing"} killed at ${done()}/${total}`;
          console.log(`  ${killed}`);
        })()
      : Promise.resolve();

    const live = () => servers.filter((s) => s.alive);
    const loadStarted = performance.now();
    await Promise.all([
      sendMails(live, fixture, acked),
      sendSlack(live, fixture, slack, acked),
      createIssues(live, fixture, acked),
      killer,
    ]);
    const ackedSeconds = (performance.now() - loadStarted) / 1000;

    const check = new pg.Client({ connectionString: url.toString() });
    await check.connect();
    try {
      const settled = await settle(check, fixture, acked);
      const e2eSeconds = (performance.now() - loadStarted) / 1000;
      const counts = await count(check, fixture, acked);
      const jobs = await check.query<{ retried: number; total: number }>(
        "SELECT count(*)::int AS total, count(*) FILTER (WHERE retry_count > 0)::int AS retried FROM pgboss.job WHERE state = 'completed'",
      );
      const dup = await check.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM (
           SELECT issue_id, type FROM issue_event
            WHERE workspace_id = $1 AND actor_type <> 'user' AND type IN ('team', 'assignee', 'priority', 'created')
            GROUP BY issue_id, type HAVING count(*) > 1) AS twice`,
        [fixture.workspaceId],
      );
      const created = counts.issueIds;
      const realtime = sockets
        .map((socket, i) => {
          const seen = new Set(
            socket.frames.filter((f) => f.kind === "issue" && f.action === "created").map((f) => String(f.id)),
          );
          const reached = created.filter((id) => seen.has(id)).length;
          return `${reached}/${created.length}${servers[i]?.alive ? "" : " (killed)"}`;
        })
        .join(" ");
      const rss = nodes
        .filter((n) => n.alive)
        .map((n) => `${n.proc.name.replace("server ", "s").replace("worker ", "w")}:${rssMb(n.proc.child.pid)}`)
        .join(" ");
      for (const socket of sockets) socket.close();
      if (!settled) console.warn(`! ${topology.label}: not settled after 10 minutes`);
      const items = acked.mails.size + acked.slack.size + acked.api.size;
      return {
        topology: topology.label + (killed ? " (kill -9)" : ""),
        items,
        ackedPerSecond: Math.round(items / ackedSeconds),
        e2ePerSecond: Math.round(items / e2eSeconds),
        seconds: Number(e2eSeconds.toFixed(1)),
        lost: counts.lost,
        doubled: counts.doubled,
        apiLostAnswers: lostAnswers(acked),
        retries: acked.retries,
        jobsRetried: `${jobs.rows[0]?.retried ?? 0}/${jobs.rows[0]?.total ?? 0}`,
        dupEffects: dup.rows[0]?.n ?? 0,
        realtime,
        rssMb: rss,
      };
    } finally {
      await check.end();
    }
  } finally {
    for (const node of nodes) await node.proc.kill("SIGTERM").catch(() => undefined);
    await slack.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
    await adminQuery(PG_URL, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
}

/** Round-robin over the live servers; a failed attempt moves to the next one, as a balancer would. */
function balancer(live: () => Node[]) {
  let turn = 0;
  return () => {
    const nodes = live();
    const node = nodes[turn++ % nodes.length];
    if (!node) throw new Error("no live server");
    return node;
  };
}

const BODY = [
  "Since this morning several people on our team cannot sign in through SSO. They are sent back to the login page after entering their password, and the browser console shows a 401 from the callback.",
  "We tried clearing cookies, using a private window and a different browser; the result is the same. Colleagues who were already signed in are not affected until their session expires.",
  "Our billing contact also noticed that last month's invoice lists twelve seats although we removed two users on the 3rd. Could you check whether the proration was applied?",
  "The export of our dashboard to CSV stops at 10,000 rows. We need the full quarter for our board meeting on Thursday, so a workaround would help a lot.",
  "Best regards,\nJordan Miller\nHead of Operations | Acme Logistics\n\nCONFIDENTIALITY NOTICE: This e-mail and any attachments are confidential and may be legally privileged. If you are not the intended recipient, please notify the sender and delete it.",
].join("\n\n");

/** Each mail is sent until a server accepts it (250), moving to the next server on failure, as a mail server would. */
async function sendMails(live: () => Node[], fixture: Fixture, acked: Acked) {
  const transports = new Map<number, Transporter>();
  const transportFor = (port: number) => {
    let transport = transports.get(port);
    if (!transport) {
      transport = nodemailer.createTransport({
        host: "127.0.0.1",
        port,
        ignoreTLS: true,
        pool: true,
        maxConnections: Math.ceil(SMTP_CONNECTIONS / Math.max(1, live().length)),
        maxMessages: Number.POSITIVE_INFINITY,
      });
      transports.set(port, transport);
    }
    return transport;
  };
  const next = balancer(live);
  const sendOne = async (i: number) => {
    const messageId = `m${i}-${fixture.domain}@customer.test`;
    for (;;) {
      const server = next();
      try {
        // A pooled transport to a killed server may keep a mail queued without an answer: give up on
        // the attempt after a while, as a mail server's timeout would, and send it elsewhere.
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([
          transportFor(server.smtpPort ?? 0).sendMail({
            from: `Customer ${i % 200} <c${i % 200}@customer${i % 20}.test>`,
            to: `support@${fixture.domain}`,
            subject: `Scale mail ${i}`,
            text: `Hello support team,\n\nthis is mail ${i}.\n\n${BODY}`,
            messageId: `<${messageId}>`,
          }),
          new Promise((_, reject) => {
            timer = setTimeout(() => reject(new Error("no answer")), 30_000);
          }),
        ]).finally(() => clearTimeout(timer));
        acked.mails.add(messageId);
        return;
      } catch {
        acked.retries++;
        if (!server.alive) {
          transports.get(server.smtpPort ?? 0)?.close();
          transports.delete(server.smtpPort ?? 0);
        }
        await sleep(200);
      }
    }
  };
  let cursor = 0;
  await Promise.all(
    Array.from({ length: SMTP_CONNECTIONS }, async () => {
      while (cursor < MAILS) await sendOne(cursor++);
    }),
  );
  for (const transport of transports.values()) transport.close();
}

/** Signed Events API deliveries; a delivery without a 200 is delivered again (Slack's retry) to the next server. */
async function sendSlack(live: () => Node[], fixture: Fixture, slack: SlackStandin, acked: Acked) {
  const next = balancer(live);
  const roots: { channel: string; ts: string }[] = [];
  const post = async (i: number) => {
    // A reply only to a root Slack was told we have: its thread exists when the reply is drained.
    const root =
      roots.length > 5 && i % Math.round(1 / SLACK_REPLY_SHARE) === 0 ? roots[(i * 7) % roots.length] : undefined;
    const { channel, ts, key, body } = slackMessage(slack, fixture, i, root);
    for (let attempt = 0; ; attempt++) {
      const server = next();
      const status = await fetch(`${server.url}/hooks/slack/events`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          ...slack.signedHeaders(body, attempt > 0 ? { retryNum: attempt } : {}),
        },
        body,
      }).then(
        async (res) => {
          await res.arrayBuffer();
          return res.status;
        },
        () => 0,
      );
      if (status === 200) break;
      acked.retries++;
      await sleep(200);
    }
    acked.slack.add(key);
    if (!root) {
      roots.push({ channel, ts });
      acked.slackRoots.add(key);
    }
  };
  let cursor = 0;
  await Promise.all(
    Array.from({ length: SLACK_SENDERS }, async () => {
      while (cursor < EVENTS) await post(cursor++);
    }),
  );
}

/**
 * POST /issues with an Idempotency-Key per create. An answer lost with a killed server is retried on
 * another with the same key, so each create is applied exactly once whether or not it had committed.
 */
async function createIssues(live: () => Node[], fixture: Fixture, acked: Acked) {
  const next = balancer(live);
  const create = async (i: number) => {
    const title = `Scale api ${fixture.domain} ${i}`;
    const key = `scale-${fixture.domain}-${i}`;
    let lost = false;
    for (;;) {
      const answer = await postIssue(next(), fixture, key, title);
      // "Applied, answer lost" is an answer too: the create committed and will not be applied again.
      if (answer.status === 201 || answer.code === "idempotency_response_lost") {
        acked.api.add(title);
        if (lost)
          acked.apiLostAnswers[answer.replayed ? "replayed" : answer.status === 201 ? "applied" : "answerLost"]++;
        return;
      }
      // No answer (the server died) or a refusal (503 while a process dies, 409 while the first runs): again.
      if (answer.status === 0) lost = true;
      else acked.retries++;
      await sleep(200);
    }
  };
  let cursor = 0;
  await Promise.all(
    Array.from({ length: API_CLIENTS }, async () => {
      while (cursor < API_ISSUES) await create(cursor++);
    }),
  );
}

interface CreateAnswer {
  /** 0: no answer (connection lost). */
  status: number;
  code?: string;
  replayed: boolean;
}

async function postIssue(server: Node, fixture: Fixture, key: string, title: string): Promise<CreateAnswer> {
  try {
    const res = await fetch(`${server.url}/api/v1/issues`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${fixture.token}`,
        "content-type": "application/json",
        "idempotency-key": key,
      },
      body: JSON.stringify({ title, body: "Created through the API during the scale-out bench." }),
    });
    const body = (await res.json().catch(() => ({}))) as { error?: { code?: string } };
    return { status: res.status, code: body.error?.code, replayed: res.headers.get("idempotent-replayed") === "true" };
  } catch {
    return { status: 0, replayed: false };
  }
}

function lostAnswers(acked: Acked): string {
  const { replayed, applied, answerLost } = acked.apiLostAnswers;
  return `${replayed + applied + answerLost} (replayed ${replayed}, applied ${applied}, answer lost ${answerLost})`;
}

/** Waits until every acknowledged item is stored and no job is due, created or running. */
async function settle(check: pg.Client, fixture: Fixture, acked: Acked): Promise<boolean> {
  const deadline = Date.now() + 10 * 60_000;
  while (Date.now() < deadline) {
    const counts = await count(check, fixture, acked);
    const { rows } = await check.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM pgboss.job WHERE state IN ('created', 'retry', 'active') AND start_after <= now() AND name NOT LIKE '\\_\\_%'",
    );
    if (counts.lost === 0 && (rows[0]?.n ?? 0) === 0) return true;
    await sleep(250);
  }
  return false;
}

async function count(check: pg.Client, fixture: Fixture, acked: Acked) {
  const email = await check.query<{ key: string; n: number; issues: number }>(
    "SELECT trim(both '<>' from external_id) AS key, count(*)::int AS n, count(DISTINCT issue_id)::int AS issues FROM message WHERE workspace_id = $1 AND channel = 'email' GROUP BY 1",
    [fixture.workspaceId],
  );
  const slackRows = await check.query<{ key: string; n: number }>(
    "SELECT external_id AS key, count(*)::int AS n FROM message WHERE workspace_id = $1 AND channel = 'slack' AND external_id IS NOT NULL GROUP BY 1",
    [fixture.workspaceId],
  );
  const issues = await check.query<{ id: string; title: string; channel: string }>(
    "SELECT id, title, channel FROM issue WHERE workspace_id = $1",
    [fixture.workspaceId],
  );
  const mails = new Map(email.rows.map((r) => [r.key, r.n]));
  const slackMessages = new Map(slackRows.rows.map((r) => [r.key, r.n]));
  const titles = new Map<string, number>();
  for (const issue of issues.rows) titles.set(issue.title, (titles.get(issue.title) ?? 0) + 1);
  let lost = 0;
  let doubled = 0;
  for (const id of acked.mails) {
    const n = mails.get(id) ?? 0;
    if (n === 0) lost++;
    if (n > 1) doubled++;
  }
  for (const key of acked.slack) {
    const n = slackMessages.get(key) ?? 0;
    if (n === 0) lost++;
    if (n > 1) doubled++;
  }
  for (const title of acked.api) {
    const n = titles.get(title) ?? 0;
    if (n === 0) lost++;
    if (n > 1) doubled++;
  }
  // One issue per mail (none is a reply) and one per Slack root: more would be a double.
  const mailIssues = issues.rows.filter((i) => i.channel === "email").length;
  const slackIssues = issues.rows.filter((i) => i.channel === "slack").length;
  doubled += Math.max(0, mailIssues - acked.mails.size) + Math.max(0, slackIssues - acked.slackRoots.size);
  return { lost, doubled, issueIds: issues.rows.map((i) => i.id) };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
