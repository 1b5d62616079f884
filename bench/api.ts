// API benchmark: issue creation over HTTP (throughput, latency with concurrent clients) and the
// filtered, cursor-paged issue list at ~100k issues, on embedded PGlite and on PostgreSQL.
//   npm run bench                          PGlite only (fresh temp data dir)
//   npm run bench -- --pg postgres://…     also PostgreSQL (a fresh database on that server, dropped after)
//   options: --issues 100000 --http 500 --commands 1500 --clients 8 --samples 100 --only pg|pglite
//   npm run bench -- --writes --clients 1,32 --http 2000 [--profile]   only POST /issues, once per client count;
//     --profile adds statements and transactions per request (PostgreSQL: counted at the pg driver)
// Loading: --http issues through POST /issues, then --commands more through the command layer
// (batches of 1000 per transaction); the rest up to --issues is copied from those rows in SQL
// (bench fixture only, stated in the output): on PGlite every command costs ~10–15 queries, so
// 100k issues through commands take tens of minutes. `--commands all` loads everything by command.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { type CommandContext, runCommand } from "../apps/server/src/commands/context";
import { assignIssue, changeState, openIssue } from "../apps/server/src/commands/issues";
import { loadConfig } from "../apps/server/src/config";
import type { Database } from "../apps/server/src/db/connect";
import type { IssueState } from "../apps/server/src/domain/lifecycle";
import { buildHttpServer, startServices } from "../apps/server/src/server";
import type { Services } from "../apps/server/src/services";
import { OBJECTS, PRIORITIES, WORDS } from "./issueWords";
import { countStatements } from "./statements";
import { type BenchWorkspace, benchWorkspace, openTarget } from "./targets";

const { values: args } = parseArgs({
  options: {
    pg: { type: "string" },
    issues: { type: "string", default: "100000" },
    http: { type: "string", default: "500" },
    commands: { type: "string", default: "1500" },
    clients: { type: "string", default: "8" },
    samples: { type: "string", default: "100" },
    only: { type: "string" },
    writes: { type: "boolean", default: false },
    profile: { type: "boolean", default: false },
  },
});
const TOTAL = Number(args.issues);
const HTTP_CREATES = Number(args.http);
const BY_COMMAND =
  args.commands === "all" ? TOTAL - HTTP_CREATES : Math.min(Number(args.commands), TOTAL - HTTP_CREATES);
/** `--clients 1,32`: the create phase runs once per count, in order. */
const CLIENT_COUNTS = args.clients.split(",").map(Number);
const SAMPLES = Number(args.samples);
const PG_URL = args.pg ?? process.env.DATABASE_URL;
/** Statements sent to PostgreSQL by kind (`--profile`; empty otherwise). */
const statements = args.profile ? countStatements(60) : new Map<string, number>();

const STATES: [IssueState | "new", number][] = [
  ["new", 20],
  ["on_you", 20],
  ["on_customer", 20],
  ["on_hold", 5],
  ["closed", 35],
];

interface Row {
  target: string;
  measure: string;
  n: number;
  perSecond?: number;
  p50?: number;
  p99?: number;
  /** --profile on PostgreSQL: statements and BEGINs per request. */
  statements?: number;
  transactions?: number;
}

async function main() {
  const rows: Row[] = [];
  if (args.only !== "pg") rows.push(...(await benchTarget("pglite")));
  if (PG_URL && args.only !== "pglite") rows.push(...(await benchTarget("postgres")));
  else if (!PG_URL) console.log("(no --pg URL or DATABASE_URL: PostgreSQL skipped)");
  printTable(rows);
}

async function benchTarget(kind: "pglite" | "postgres"): Promise<Row[]> {
  const target = await openTarget(kind, PG_URL);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "sb-bench-"));
  const config = loadConfig({ ...process.env, LOG_LEVEL: "silent", DATA_DIR: dataDir, DATABASE_URL: undefined });
  // No worker: the benchmark measures the API and the database, not whichever job handlers are registered.
  const services = await startServices(config, { worker: false, database: target.database });
  const http = await buildHttpServer(services);
  const base = await http.listen({ port: 0, host: "127.0.0.1" });
  const rows: Row[] = [];
  try {
    const fx = await benchWorkspace(services);
    const call = client(`${base}/api/v1`, fx.token);
    for (const clients of CLIENT_COUNTS) {
      console.log(`[${kind}] creating ${HTTP_CREATES} issues over HTTP with ${clients} clients…`);
      rows.push({ target: kind, ...(await createOverHttp(call, fx, clients)) });
    }
    if (args.writes) return rows;
    console.log(`[${kind}] loading ${BY_COMMAND} more issues through the command layer (not HTTP) in batches…`);
    rows.push({ target: kind, ...(await bulkLoad(services, fx, BY_COMMAND)) });
    const copies = TOTAL - HTTP_CREATES - BY_COMMAND;
    if (copies > 0) {
      console.log(`[${kind}] copying ${copies} more issues from those rows in SQL (fixture amplification)…`);
      rows.push({ target: kind, ...(await amplify(target.database, fx, copies)) });
    }
    await target.database.query("ANALYZE");
    for (const row of await listBenchmarks(call, fx)) rows.push({ target: kind, ...row });
  } finally {
    await http.close();
    await services.close();
    await target.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  return rows;
}

type Call = (method: string, url: string, body?: unknown) => Promise<{ status: number; json: unknown; ms: number }>;

function client(base: string, token: string): Call {
  const send = (method: string, url: string, body?: unknown) =>
    fetch(`${base}${url}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { "content-type": "application/json" } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
  return async (method, url, body) => {
    const started = performance.now();
    // A keep-alive socket the server closed while the bulk load ran fails once; the retry is timed too.
    const res = await send(method, url, body).catch(() => send(method, url, body));
    const json = await res.json();
    return { status: res.status, json, ms: performance.now() - started };
  };
}

let seq = 0;
const pick = <T>(items: readonly T[]): T => items[seq++ % items.length] as T;
const title = (i: number) => `${WORDS[i % WORDS.length]} ${OBJECTS[(i * 7) % OBJECTS.length]} #${i}`;

async function createOverHttp(call: Call, fx: BenchWorkspace, clients: number): Promise<Omit<Row, "target">> {
  const latencies: number[] = [];
  let next = 0;
  const before = new Map(statements);
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (next < HTTP_CREATES) {
        const i = next++;
        const body = {
          title: title(i),
          body: `Customer reports: ${title(i)}. Steps to reproduce attached.`,
          teamId: pick(fx.teamIds),
          priority: pick(PRIORITIES),
        };
        const res = await call("POST", "/issues", body);
        if (res.status !== 201) throw new Error(`POST /issues → ${res.status} ${JSON.stringify(res.json)}`);
        latencies.push(res.ms);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return {
    measure: `POST /issues (HTTP, ${clients} clients)`,
    n: HTTP_CREATES,
    perSecond: HTTP_CREATES / seconds,
    ...percentiles(latencies),
    ...perRequest(before, HTTP_CREATES),
  };
}

/** --profile: statements and transactions per request since `before`, and the kinds sent most. */
function perRequest(before: Map<string, number>, requests: number): Pick<Row, "statements" | "transactions"> {
  const delta = [...statements]
    .map(([kind, n]) => [kind, n - (before.get(kind) ?? 0)] as const)
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1]);
  if (delta.length === 0) return {};
  for (const [kind, n] of delta) console.log(`${(n / requests).toFixed(2).padStart(8)}  ${kind}`);
  const total = delta.reduce((sum, [, n]) => sum + n, 0);
  const begins = delta.reduce((sum, [kind, n]) => sum + (/^begin/i.test(kind) ? n : 0), 0);
  return { statements: total / requests, transactions: begins / requests };
}

/** The same commands the API runs, many per transaction; realtime and jobs are left out of the load. */
async function bulkLoad(services: Services, fx: BenchWorkspace, count: number): Promise<Omit<Row, "target">> {
  const batch = 1000;
  const started = performance.now();
  for (let done = 0; done < count; done += batch) {
    await runCommand(services, { workspaceId: fx.workspaceId, actor: fx.admin }, async (raw) => {
      const ctx: CommandContext = { ...raw, enqueue: async () => {}, notify: async () => {} };
      for (let i = done; i < Math.min(done + batch, count); i++) await loadOne(ctx, fx, HTTP_CREATES + i);
    });
    if ((done / batch) % 10 === 9)
      console.log(`  … ${done + batch} (${Math.round((done + batch) / ((performance.now() - started) / 1000))}/s)`);
  }
  const seconds = (performance.now() - started) / 1000;
  return { measure: "bulk load via commands (batches of 1000)", n: count, perSecond: count / seconds };
}

/**
 * Clones the command-made issues (same state/team/assignee/priority mix) with new numbers and
 * older timestamps until the workspace holds TOTAL issues; the workspace counter follows so
 * later commands keep numbering correctly. Events and messages are not copied.
 */
async function amplify(database: Database, fx: BenchWorkspace, copies: number): Promise<Omit<Row, "target">> {
  const started = performance.now();
  const { rows } = await database.query(
    "SELECT count(*)::int AS n, max(number)::int AS top FROM issue WHERE workspace_id = $1",
    [fx.workspaceId],
  );
  const have = Number(rows[0]?.n);
  const top = Number(rows[0]?.top);
  const rounds = Math.ceil(copies / have);
  await database.query(
    `INSERT INTO issue (workspace_id, number, title, channel, state, team_id, assignee_user_id, priority, priority_set_by,
       tags, first_response_at, resolved_at, created_at, updated_at)
     SELECT workspace_id, $2 + row_number() OVER (ORDER BY g, number), title, channel, state, team_id, assignee_user_id,
       priority, priority_set_by, tags, first_response_at, resolved_at,
       created_at - g * interval '1 hour', updated_at - g * interval '1 hour'
     FROM issue CROSS JOIN generate_series(1, $3::int) AS g
     WHERE workspace_id = $1
     ORDER BY g, number
     LIMIT $4`,
    [fx.workspaceId, top, rounds, copies],
  );
  await database.query(
    "UPDATE workspace SET issue_seq = (SELECT max(number) FROM issue WHERE workspace_id = $1) WHERE id = $1",
    [fx.workspaceId],
  );
  const seconds = (performance.now() - started) / 1000;
  return { measure: "SQL copy of command-made issues (fixture)", n: copies, perSecond: copies / seconds };
}

async function loadOne(ctx: CommandContext, fx: BenchWorkspace, i: number) {
  const issue = await openIssue(ctx, {
    title: title(i),
    teamId: fx.teamIds[i % 5],
    priority: PRIORITIES[(i * 3) % 5],
    channel: "api",
  });
  const state = weightedState(i);
  if (state === "new") return;
  if (i % 10 !== 0) await assignIssue(ctx, issue.number, { assigneeUserId: fx.userIds[i % fx.userIds.length] });
  await changeState(ctx, issue.number, state);
}

function weightedState(i: number): IssueState {
  let roll = (i * 37) % 100;
  for (const [state, weight] of STATES) {
    roll -= weight;
    if (roll < 0) return state;
  }
  return "closed";
}

async function listBenchmarks(call: Call, fx: BenchWorkspace): Promise<Omit<Row, "target">[]> {
  const filters: [string, (i: number) => string][] = [
    ["GET /issues (no filter, first page)", () => "/issues?limit=50"],
    ["GET /issues?state=new,on_you", () => "/issues?state=new,on_you&limit=50"],
    ["GET /issues?team=…&state=on_you", (i) => `/issues?team=${fx.teamIds[i % 5]}&state=on_you&limit=50`],
    ["GET /issues?assignee=…", (i) => `/issues?assignee=${fx.userIds[i % fx.userIds.length]}&limit=50`],
    ["GET /issues?q=…", (i) => `/issues?q=${WORDS[i % WORDS.length]}&limit=50`],
  ];
  const rows: Omit<Row, "target">[] = [];
  for (const [measure, url] of filters) {
    const latencies: number[] = [];
    for (let i = 0; i < SAMPLES; i++) latencies.push((await expectOk(call("GET", url(i)))).ms);
    rows.push({ measure, n: SAMPLES, ...percentiles(latencies) });
  }
  rows.push(await paging(call, fx));
  return rows;
}

/** Follows nextCursor 20 pages deep, repeatedly, with a team + state filter. */
async function paging(call: Call, fx: BenchWorkspace): Promise<Omit<Row, "target">> {
  const latencies: number[] = [];
  for (let run = 0; latencies.length < SAMPLES; run++) {
    let cursor: string | null = null;
    for (let page = 0; page < 20 && latencies.length < SAMPLES; page++) {
      const url = `/issues?team=${fx.teamIds[run % 5]}&state=closed,on_customer&limit=50${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`;
      const res = await expectOk(call("GET", url));
      latencies.push(res.ms);
      cursor = (res.json as { nextCursor: string | null }).nextCursor;
      if (!cursor) break;
    }
  }
  return {
    measure: "GET /issues cursor paging (20 pages, team+state)",
    n: latencies.length,
    ...percentiles(latencies),
  };
}

async function expectOk(pending: ReturnType<Call>) {
  const res = await pending;
  if (res.status !== 200) throw new Error(`GET → ${res.status} ${JSON.stringify(res.json)}`);
  return res;
}

function percentiles(ms: number[]) {
  const sorted = [...ms].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return { p50: at(0.5), p99: at(0.99) };
}

function printTable(rows: Row[]) {
  const fmt = (v: number | undefined, digits = 1) => (v === undefined ? "" : v.toFixed(digits));
  const table = rows.map(
    (r): Record<string, string> => ({
      target: r.target,
      measure: r.measure,
      n: String(r.n),
      "req/s": fmt(r.perSecond, 0),
      "p50 ms": fmt(r.p50),
      "p99 ms": fmt(r.p99),
      ...(args.profile && { "stmts/req": fmt(r.statements), "tx/req": fmt(r.transactions) }),
    }),
  );
  const cols = Object.keys(table[0] ?? {});
  const width = (c: string) => Math.max(c.length, ...table.map((r) => (r[c] ?? "").length));
  const line = (cells: Record<string, string>) => cols.map((c) => (cells[c] ?? "").padEnd(width(c))).join("  ");
  console.log(`\n${line(Object.fromEntries(cols.map((c) => [c, c])))}`);
  for (const r of table) console.log(line(r));
  console.log(
    `\n${os.cpus().length} CPUs (load average ${os.loadavg()[0]?.toFixed(1)}), node ${process.version}; lists at ${TOTAL} issues in one workspace.`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
