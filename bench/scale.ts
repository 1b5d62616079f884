// Views and search at scale on PostgreSQL: saved-view pages, the sidebar's view counts, a kanban
// board's load and `?q=` search, at --issues issues (default 1,000,000) with --messages (default 5
// per issue) messages each.
//   npm run bench:scale -- --pg postgres://postgres@127.0.0.1:5432/postgres [--issues 1000000]
//     [--templates 1000] [--samples 100] [--keep] [--reuse sb_bench_xxxx]
// Loading: --templates issues, their accounts, contacts, tags, custom field and messages go through
// the command layer (openIssue, assignIssue, changeState, setTags, setIssueFields, addMessage…);
// the rest is bulk SQL copying those rows (new numbers, older timestamps, one vocabulary word
// per copied message so search terms have every selectivity). `--keep` leaves the database for
// EXPLAIN ANALYZE; `--reuse <name>` measures a kept one again (migrations run first), which is
// how two builds are compared back to back on the same data.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { createApiToken } from "../apps/server/src/commands/auth";
import { type Actor, type CommandContext, runCommand } from "../apps/server/src/commands/context";
import { createAccount, createContact } from "../apps/server/src/commands/customers";
import { createCustomField } from "../apps/server/src/commands/customFields";
import { assignIssue, changeState, openIssue, setIssueFields, setTags } from "../apps/server/src/commands/issues";
import { addMessageToIssueId, replyToIssue } from "../apps/server/src/commands/messages";
import { loadConfig } from "../apps/server/src/config";
import type { Database } from "../apps/server/src/db/connect";
import type { IssueState } from "../apps/server/src/domain/lifecycle";
import { buildHttpServer, startServices } from "../apps/server/src/server";
import type { Services } from "../apps/server/src/services";
import { OBJECTS, PRIORITIES, WORDS } from "./issueWords";
import { type BenchWorkspace, benchWorkspace, openKept, openTarget, type Target } from "./targets";

const { values: args } = parseArgs({
  options: {
    pg: { type: "string" },
    issues: { type: "string", default: "1000000" },
    messages: { type: "string", default: "5" },
    templates: { type: "string", default: "1000" },
    samples: { type: "string", default: "100" },
    keep: { type: "boolean", default: false },
    reuse: { type: "string" },
    only: { type: "string", default: "views,counts,kanban,search" },
  },
});
const TOTAL = Number(args.issues);
const PER_ISSUE = Number(args.messages);
const TEMPLATES = Math.min(Number(args.templates), TOTAL);
const SAMPLES = Number(args.samples);
const PG_URL = args.pg ?? process.env.DATABASE_URL;
/** Which measures to take (comma-separated): views, counts, kanban, search. */
const ONLY = new Set(args.only.split(","));
/** Copies are inserted this many issues per statement (progress, bounded transactions). */
const CHUNK = 100_000;

const TAGS = ["bug", "question", "feature", "outage", "billing", "api", "onboarding", "security"];
const TIERS = ["enterprise", "growth", "starter"];
const AREAS = ["reporting", "integrations", "billing", "permissions", "mobile"];
const STATES: [IssueState | "new", number][] = [
  ["new", 10],
  ["on_you", 10],
  ["on_customer", 10],
  ["on_hold", 5],
  ["closed", 65],
];
/** Phrases of the command-made messages (customer first, then replies). */
const PHRASES = [
  "Hi team, the %s has been %s since this morning for our whole org. Can you take a look?",
  "Thanks for the quick reply. We tried again after clearing the cache and the %s is still %s.",
  "I looked into it: the %s job logs show it %s after the last deploy. I have asked engineering.",
  "Could you send the request id and the time it happened? That helps us trace the %s being %s.",
  "Update: a fix for the %s (%s) is rolling out today; I will confirm once it is live for you.",
];

async function main() {
  if (!PG_URL) throw new Error("PostgreSQL only: pass --pg postgres://… or set DATABASE_URL");
  const target: Target = args.reuse ? await openKept(PG_URL, args.reuse) : await openTarget("postgres", PG_URL);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "sb-scale-"));
  const config = loadConfig({ ...process.env, LOG_LEVEL: "silent", DATA_DIR: dataDir, DATABASE_URL: undefined });
  const services = await startServices(config, { worker: false, database: target.database });
  const http = await buildHttpServer(services);
  // Server time of each request (from its arrival to its reply being sent), for the issue's targets.
  http.addHook("onSend", async (_request, reply, payload) => {
    reply.header("server-timing", `app;dur=${reply.elapsedTime.toFixed(2)}`);
    return payload;
  });
  const base = await http.listen({ port: 0, host: "127.0.0.1" });
  try {
    const fx = args.reuse ? await reuseWorkspace(services) : await load(services);
    const call = client(`${base}/api/v1`, fx.token);
    if (SAMPLES > 0) await measure(call, fx, target.database);
    else await ensureViews(call, fx.teamIds);
  } finally {
    await http.close();
    await services.close();
    await target.close({ keep: args.keep || Boolean(args.reuse) });
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

async function load(services: Services): Promise<BenchWorkspace> {
  const fx = await benchWorkspace(services);
  const database = services.database;
  let started = performance.now();
  console.log(`loading ${TEMPLATES} template issues with ${PER_ISSUE} messages each through commands…`);
  await runCommand(services, { workspaceId: fx.workspaceId, actor: fx.admin }, async (raw) => {
    const ctx: CommandContext = { ...raw, enqueue: async () => {}, notify: async () => {} };
    await createCustomField(ctx, { object: "issue", key: "area", label: "Area", type: "select", options: AREAS });
    const accountIds: string[] = [];
    const contactIds: string[] = [];
    for (let a = 0; a < 60; a++) {
      const account = await createAccount(ctx, {
        name: `Customer ${a}`,
        domains: [`customer${a}.test`],
        ownerUserId: fx.userIds[a % fx.userIds.length],
        tier: TIERS[a % TIERS.length],
      });
      accountIds.push(account.id);
      const contact = await createContact(ctx, {
        name: `Person ${a}`,
        email: `person@customer${a}.test`,
        accountId: account.id,
      });
      contactIds.push(contact.id);
    }
    for (let i = 0; i < TEMPLATES; i++) {
      const words = [WORDS[i % WORDS.length] ?? "", OBJECTS[(i * 7) % OBJECTS.length] ?? ""] as const;
      const a = (i * 13) % accountIds.length;
      const issue = await openIssue(ctx, {
        title: `${words[0]} ${words[1]} #${i + 1}`,
        teamId: fx.teamIds[i % fx.teamIds.length],
        priority: PRIORITIES[(i * 3) % PRIORITIES.length],
        accountId: accountIds[a],
        requesterContactId: contactIds[a],
        channel: "email",
      });
      for (let k = 0; k < PER_ISSUE; k++) {
        const body = (PHRASES[k % PHRASES.length] ?? "%s %s")
          .replace("%s", WORDS[(i + k * 3) % WORDS.length] ?? "")
          .replace("%s", words[1]);
        if (k % 2 === 0)
          await addMessageToIssueId(ctx, issue.id, {
            visibility: "public",
            bodyText: body,
            author: { type: "contact", contactId: contactIds[a] ?? "" },
            inbound: true,
          });
        else await replyToIssue(ctx, issue.number, { visibility: k === 3 ? "internal" : "public", bodyText: body });
      }
      await setTags(ctx, issue.number, [TAGS[i % TAGS.length] ?? "bug", TAGS[(i * 5 + 1) % TAGS.length] ?? "api"]);
      await setIssueFields(ctx, issue.number, { area: AREAS[(i * 7) % AREAS.length] });
      const state = weightedState(i);
      if (i % 10 !== 0) await assignIssue(ctx, issue.number, { assigneeUserId: fx.userIds[i % fx.userIds.length] });
      if (state !== "new") await changeState(ctx, issue.number, state);
    }
  });
  console.log(`  ${seconds(started)} s`);

  started = performance.now();
  const copies = TOTAL - TEMPLATES;
  console.log(`copying ${copies} issues and ${copies * PER_ISSUE} messages from them in SQL (fixture)…`);
  for (let done = 0; done < copies; done += CHUNK) {
    const n = Math.min(CHUNK, copies - done);
    await copyIssues(database, fx.workspaceId, TEMPLATES + done, n);
    await copyMessages(database, fx.workspaceId, TEMPLATES + done, n);
    console.log(`  … ${done + n} issues (${seconds(started)} s)`);
  }
  await database.query(
    "UPDATE workspace SET issue_seq = (SELECT max(number) FROM issue WHERE workspace_id = $1) WHERE id = $1",
    [fx.workspaceId],
  );
  started = performance.now();
  await database.query("VACUUM ANALYZE issue");
  await database.query("VACUUM ANALYZE issue_field_value");
  await database.query("VACUUM ANALYZE message");
  console.log(`  VACUUM ANALYZE ${seconds(started)} s`);
  return fx;
}

/** Minutes between one round of copies and the next: the rounds span a year. */
const ROUND_STEP_MINUTES = Math.max(1, Math.floor((365 * 24 * 60) / Math.ceil(TOTAL / TEMPLATES)));

/**
 * Issues number `after + 1 … after + n`, each a copy of template ((number − 1) mod T) + 1, one
 * round's step older per round so newer numbers stay newer, and assignee / account rotated by round
 * so every agent and account owns a share. The rounds span a year, as a real workspace's history
 * does (made within one day, "closed today" held a third of the closed issues and the kanban's
 * closed column read like no real board's).
 */
async function copyIssues(database: Database, workspaceId: string, after: number, n: number) {
  await database.query(
    `INSERT INTO issue (workspace_id, number, title, channel, state, team_id, assignee_user_id, account_id,
       requester_contact_id, priority, priority_set_by, tags, custom_fields, first_response_at, last_message_at,
       last_customer_message_at, resolved_at, created_at, updated_at)
     SELECT t.workspace_id, c.number, regexp_replace(t.title, '#\\d+$', '#' || c.number), t.channel, t.state, t.team_id,
       t.assignee_user_id, t.account_id, t.requester_contact_id, t.priority, t.priority_set_by, t.tags, t.custom_fields,
       t.first_response_at - c.age, t.last_message_at - c.age, t.last_customer_message_at - c.age,
       t.resolved_at - c.age, t.created_at - c.age, t.updated_at - c.age
     FROM (SELECT g AS number, ((g - 1) % $4) + 1 AS template,
             ((${TOTAL} - g) / $4 + 1) * ${ROUND_STEP_MINUTES} * interval '1 minute' AS age
           FROM generate_series($2::int + 1, $2::int + $3::int) AS g) c
     JOIN issue t ON t.workspace_id = $1 AND t.number = c.template`,
    [workspaceId, after, n, TEMPLATES],
  );
}

/** The template's messages for each copied issue, shifted with it, each with one of 5,000 words added. */
async function copyMessages(database: Database, workspaceId: string, after: number, n: number) {
  await database.query(
    `INSERT INTO message (workspace_id, issue_id, author_type, author_contact_id, author_user_id, visibility,
       body_text, channel, delivery_status, created_at)
     SELECT c.workspace_id, c.id, m.author_type, m.author_contact_id, m.author_user_id, m.visibility,
       m.body_text || ' ref' || ((c.number * 7 + row_number() OVER (PARTITION BY c.id ORDER BY m.created_at)) % 5000),
       m.channel, CASE WHEN m.delivery_status IS NULL THEN NULL ELSE 'sent' END, c.created_at + (m.created_at - t.created_at)
     FROM issue c
     JOIN issue t ON t.workspace_id = c.workspace_id AND t.number = ((c.number - 1) % $4) + 1
     JOIN message m ON m.issue_id = t.id
     WHERE c.workspace_id = $1 AND c.number > $2 AND c.number <= $2 + $3`,
    [workspaceId, after, n, TEMPLATES],
  );
}

function weightedState(i: number): IssueState | "new" {
  let roll = (i * 37) % 100;
  for (const [state, weight] of STATES) {
    roll -= weight;
    if (roll < 0) return state;
  }
  return "closed";
}

/** The sidebar's saved views: one per condition kind the issue names, each in priority order. */
const viewFilters = (teamIds: readonly string[]): Record<string, unknown> => ({
  "team + state": all(
    { field: "issue.team", op: "in", value: [teamIds[0] ?? ""] },
    { field: "issue.state", op: "in", value: ["new", "on_you"] },
  ),
  "assignee = me": all({ field: "issue.assignee", op: "eq", value: "me" }),
  "account owner = me": all({ field: "account.owner", op: "eq", value: "me" }),
  "tier = enterprise": all({ field: "account.tier", op: "eq", value: "enterprise" }),
  "tag = outage": all({ field: "issue.tags", op: "eq", value: "outage" }),
  "field area = billing": all({ field: "issue.field.area", op: "eq", value: "billing" }),
  "all of them, open": all(
    { field: "issue.team", op: "in", value: [teamIds[1] ?? ""] },
    { field: "issue.state", op: "in", value: ["new", "on_you", "on_customer"] },
    { field: "issue.assignee", op: "eq", value: "me" },
    { field: "account.owner", op: "eq", value: "me" },
    { field: "account.tier", op: "eq", value: "enterprise" },
  ),
  board: all({ field: "issue.team", op: "in", value: [teamIds[2] ?? ""] }),
});
const all = (...conditions: unknown[]) => ({ all: conditions });

/** The views (created once, found by name when a kept database is measured again). */
async function ensureViews(call: Call, teamIds: readonly string[]): Promise<Record<string, string>> {
  const existing = await call("GET", "/views");
  const byName = new Map((existing.json as { items: { id: string; name: string }[] }).items.map((v) => [v.name, v.id]));
  const ids: Record<string, string> = {};
  for (const [name, filter] of Object.entries(viewFilters(teamIds))) {
    const known = byName.get(name);
    if (known) {
      ids[name] = known;
      continue;
    }
    const layout = name === "board" ? "kanban" : "list";
    const res = await call("POST", "/views", { name, ownerType: "user", layout, filter, sort: "priority" });
    if (res.status !== 201) throw new Error(`POST /views ${name} → ${res.status} ${JSON.stringify(res.json)}`);
    ids[name] = (res.json as { id: string }).id;
  }
  return ids;
}

/** The kept database's bench workspace, with a new API token for its admin. */
async function reuseWorkspace(services: Services): Promise<BenchWorkspace> {
  const database = services.database;
  const { rows } = await database.query(
    `SELECT w.id AS workspace_id, u.id AS admin_id, u.name AS admin_name FROM workspace w
     JOIN "user" u ON u.workspace_id = w.id AND u.email = 'admin@bench.test' WHERE w.name = 'Bench'`,
  );
  const row = rows[0];
  if (!row) throw new Error("no bench workspace in that database");
  const workspaceId = String(row.workspace_id);
  const admin: Actor = { type: "user", userId: String(row.admin_id), role: "admin", name: String(row.admin_name) };
  const teams = await database.query("SELECT id FROM team WHERE workspace_id = $1 ORDER BY created_at, id", [
    workspaceId,
  ]);
  const users = await database.query('SELECT id FROM "user" WHERE workspace_id = $1 ORDER BY created_at, id', [
    workspaceId,
  ]);
  const { token } = await runCommand(services, { workspaceId, actor: admin }, (ctx) =>
    createApiToken(ctx, `bench ${Date.now()}`),
  );
  return {
    workspaceId,
    admin,
    token,
    teamIds: teams.rows.map((r) => String(r.id)),
    userIds: users.rows.map((r) => String(r.id)),
  };
}

type Call = (
  method: string,
  url: string,
  body?: unknown,
) => Promise<{ status: number; json: unknown; ms: number; serverMs: number }>;

function client(base: string, token: string): Call {
  return async (method, url, body) => {
    const started = performance.now();
    const res = await fetch(`${base}${url}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { "content-type": "application/json" } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const json = await res.json();
    const serverMs = Number(/dur=([\d.]+)/.exec(res.headers.get("server-timing") ?? "")?.[1] ?? Number.NaN);
    return { status: res.status, json, ms: performance.now() - started, serverMs };
  };
}

async function expectOk(pending: ReturnType<Call>) {
  const res = await pending;
  if (res.status !== 200) throw new Error(`GET → ${res.status} ${JSON.stringify(res.json)}`);
  return res;
}

/**
 * Each measure: WARM_UP untimed requests, then SAMPLES timed ones, one at a time; client time over
 * loopback and the server's own time (its `server-timing`; for the board, the slowest column).
 * With one warm-up, the first view measured carried V8's compiling of the whole request path (its
 * p95 16-22 ms where the next views' were 10-12, for the same 0.1 ms id statement): a running
 * server has compiled it long ago.
 */
const WARM_UP = 5;

async function sample(name: string, once: (i: number) => Promise<{ ms: number; serverMs: number }>, extra = "") {
  for (let i = 0; i < WARM_UP; i++) await once(-1);
  const client: number[] = [];
  const server: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const { ms, serverMs } = await once(i);
    client.push(ms);
    server.push(serverMs);
  }
  const at = (values: number[], q: number) => {
    const sorted = [...values].sort((a, b) => a - b);
    return (sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0).toFixed(1).padStart(7);
  };
  console.log(
    `${name.padEnd(46)} client p50 ${at(client, 0.5)} p95 ${at(client, 0.95)} ms | server p50 ${at(server, 0.5)} p95 ${at(server, 0.95)} ms  ${extra}`,
  );
}

async function measure(call: Call, fx: BenchWorkspace, database: Database) {
  const viewIds = await ensureViews(call, fx.teamIds);
  const { rows } = await database.query(
    `SELECT (SELECT count(*) FROM issue WHERE workspace_id = $1)::int AS issues,
            (SELECT count(*) FROM message WHERE workspace_id = $1)::int AS messages`,
    [fx.workspaceId],
  );
  console.log(
    `\n${rows[0]?.issues} issues, ${rows[0]?.messages} messages; ${SAMPLES} samples each, client-timed over loopback`,
  );
  for (const [name, id] of Object.entries(viewIds)) {
    if (name === "board" || !ONLY.has("views")) continue;
    let shown = 0;
    await sample(`view page of 50: ${name}`, async () => {
      const res = await expectOk(call("GET", `/views/${id}/issues?limit=50`));
      shown = (res.json as { items: unknown[] }).items.length;
      return res;
    }).then(() => console.log(`${"".padEnd(46)} (${shown} rows on the page)`));
  }
  if (ONLY.has("views"))
    await sample("view page 5 (offset 200): team + state", async () => {
      return expectOk(call("GET", `/views/${viewIds["team + state"]}/issues?limit=50&cursor=200`));
    });
  if (ONLY.has("counts"))
    await sample("sidebar view counts (all views)", async () => expectOk(call("GET", "/views/counts")));
  const midnight = new Date();
  midnight.setHours(0, 0, 0, 0);
  if (ONLY.has("kanban"))
    await sample("kanban load (5 columns in parallel)", async () => {
      const started = performance.now();
      const columns = ["state=new", "state=on_you", "state=on_customer", "state=on_hold"].map((q) => `${q}&limit=50`);
      columns.push(`state=closed&limit=20&closedSince=${encodeURIComponent(midnight.toISOString())}`);
      const replies = await Promise.all(
        columns.map((q) => expectOk(call("GET", `/views/${viewIds.board}/issues?${q}`))),
      );
      return { ms: performance.now() - started, serverMs: Math.max(...replies.map((r) => r.serverMs)) };
    });
  const queries = ONLY.has("search")
    ? ["invoice", "ref1234", "salesforce timeout", "webhook ref42", "nomatchword"]
    : [];
  for (const q of queries) {
    let shown = 0;
    await sample(`GET /issues?q=${q}`, async () => {
      const res = await expectOk(call("GET", `/issues?q=${encodeURIComponent(q)}&limit=50`));
      shown = (res.json as { items: unknown[] }).items.length;
      return res;
    }).then(() => console.log(`${"".padEnd(46)} (${shown} rows on the page)`));
  }
  console.log(
    `\n${os.cpus().length} CPUs, load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(" ")}`,
  );
}

const seconds = (since: number) => ((performance.now() - since) / 1000).toFixed(1);

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
