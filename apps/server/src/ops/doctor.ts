// `switchboard doctor`: is this installation ready for a team? One line per check, OK / WARN /
// FAIL with what to fix; the exit code is non-zero when anything fails. Checks that need the
// database run inside the running embedded server when there is one (control socket), else here.
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { eq } from "drizzle-orm";
import nodemailer from "nodemailer";
import { outboundTransport } from "../channels/email/transport";
import type { SlackConnection } from "../channels/slack/client";
import { testSlackConnection } from "../channels/slack/connect";
import { openSlackConnection } from "../channels/slack/secrets";
import type { Config } from "../config";
import { type Database, MIGRATIONS_FOLDER, openDatabase } from "../db/connect";
import { emailSettings, slackConnections, workspaces } from "../db/schema";
import type { SecretBox } from "../domain/secrets";
import { openSecretBox } from "../secretKey";
import { controlRequest, controlSocketOf, isNotListening } from "./controlClient";

export interface Check {
  name: string;
  status: "ok" | "warn" | "fail";
  message: string;
}

export interface DoctorHandle {
  config: Config;
  database: Database;
  secrets: SecretBox;
}

const ok = (name: string, message: string): Check => ({ name, status: "ok", message });
const warn = (name: string, message: string): Check => ({ name, status: "warn", message });
const fail = (name: string, message: string): Check => ({ name, status: "fail", message });

export async function runDoctor(config: Config, env: NodeJS.ProcessEnv = process.env): Promise<Check[]> {
  return [
    ...configChecks(config, env),
    await smtpInboundCheck(config),
    ...(await databaseChecksOf(config)),
    diskCheck(config),
  ];
}

export function formatChecks(checks: Check[]): string {
  const label = { ok: "OK  ", warn: "WARN", fail: "FAIL" } as const;
  return checks.map((c) => `${label[c.status]}  ${c.name}: ${c.message}`).join("\n");
}

// ---- configuration ------------------------------------------------------------------------

export function configChecks(config: Config, env: NodeJS.ProcessEnv): Check[] {
  const checks: Check[] = [];
  const url = config.PUBLIC_URL ? new URL(config.PUBLIC_URL) : undefined;
  const local = url && ["localhost", "127.0.0.1", "[::1]"].includes(url.hostname);
  if (!url)
    checks.push(
      fail(
        "PUBLIC_URL",
        "not set: set it to the address people and Slack reach Switchboard at (https://support.example.com).",
      ),
    );
  else if (url.protocol !== "https:" && !local)
    checks.push(
      fail(
        "PUBLIC_URL",
        `${url.origin} is not https: put Switchboard behind a TLS proxy and use its https:// address.`,
      ),
    );
  else checks.push(ok("PUBLIC_URL", url.origin));

  const https = url?.protocol === "https:";
  if (https && config.COOKIE_SECURE !== "1")
    checks.push(fail("cookies", "served over https without the Secure flag: set COOKIE_SECURE=1."));
  else if (!https && config.COOKIE_SECURE === "1")
    checks.push(
      fail("cookies", "COOKIE_SECURE=1 but PUBLIC_URL is not https: browsers will not send the session cookie."),
    );
  else checks.push(ok("cookies", https ? "Secure, HttpOnly" : "HttpOnly (plain http: fine on localhost only)"));

  const loopback = ["127.0.0.1", "::1", "localhost"].includes(config.HOST);
  if (https && loopback && !env.TRUST_PROXY) {
    checks.push(
      warn(
        "proxy",
        "behind a proxy on loopback but TRUST_PROXY is unset: rate limits see the proxy's address. Set TRUST_PROXY=1 (one hop) or the proxy's address.",
      ),
    );
  }
  if (config.DATABASE_URL && !config.SECRET_KEY) {
    checks.push(
      fail(
        "SECRET_KEY",
        "not set with DATABASE_URL: stored SMTP passwords and DKIM keys cannot be sealed. Set the same SECRET_KEY on every server (openssl rand -hex 32).",
      ),
    );
  } else {
    checks.push(
      ok(
        "SECRET_KEY",
        config.SECRET_KEY
          ? "set"
          : `generated key in ${path.join(config.dataDir, "secret.key")} (back it up with the data)`,
      ),
    );
  }
  if (Boolean(config.SLACK_BOT_TOKEN) !== Boolean(config.SLACK_SIGNING_SECRET)) {
    checks.push(
      fail(
        "Slack (environment)",
        "set both SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET, or neither (and connect Slack in Settings).",
      ),
    );
  }
  return checks;
}

function diskCheck(config: Config): Check {
  let dir = config.dataDir;
  while (!fs.existsSync(dir) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  const stats = fs.statfsSync(dir);
  const freeMb = Math.floor((stats.bavail * stats.bsize) / 1024 / 1024);
  const where = `${freeMb.toLocaleString("en")} MB free on ${dir}`;
  if (freeMb < 500) return fail("disk", `${where}: free space (the embedded database and backups need room).`);
  if (freeMb < 2048) return warn("disk", `${where}: less than 2 GB left.`);
  return ok("disk", where);
}

// ---- inbound SMTP -------------------------------------------------------------------------

async function smtpInboundCheck(config: Config): Promise<Check> {
  const name = "SMTP in";
  const where = `${config.SMTP_HOST}:${config.SMTP_PORT}`;
  const greeting = await smtpGreeting(config.SMTP_HOST, config.SMTP_PORT);
  const exposed = !["127.0.0.1", "::1", "localhost"].includes(config.SMTP_HOST);
  const reach = exposed
    ? ""
    : " Only this machine can deliver to it: for mail from the internet set SMTP_HOST=0.0.0.0 and let port 25 reach it.";
  if (greeting?.startsWith("220")) return (exposed ? ok : warn)(name, `listening on ${where}.${reach}`);
  if (greeting !== undefined)
    return fail(
      name,
      `${where} answers "${greeting}", not an SMTP greeting: another program has the port; change SMTP_PORT.`,
    );
  const bind = await canListen(config.SMTP_HOST, config.SMTP_PORT);
  if (bind === true)
    return (exposed ? ok : warn)(name, `${where} is free; the server listens there when it starts.${reach}`);
  return fail(
    name,
    `cannot listen on ${where}: ${bind}${config.SMTP_PORT < 1024 ? " (ports below 1024 need CAP_NET_BIND_SERVICE, see README)" : ""}.`,
  );
}

function smtpGreeting(host: string, port: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port, timeout: 3000 });
    const done = (value: string | undefined) => {
      socket.destroy();
      resolve(value);
    };
    socket.once("data", (data) => done(data.toString("utf8").split("\r\n")[0] ?? ""));
    socket.once("timeout", () => done(""));
    socket.once("error", () => done(undefined));
  });
}

function canListen(host: string, port: number): Promise<true | string> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}

// ---- what needs the database --------------------------------------------------------------

async function databaseChecksOf(config: Config): Promise<Check[]> {
  if (!config.DATABASE_URL) {
    const viaServer = await controlRequest(controlSocketOf(config.dataDir), "/doctor").then(
      (body) => JSON.parse(body.toString("utf8")) as Check[],
      (error: Error) =>
        isNotListening(error) ? undefined : [fail("database", `the running server did not answer: ${error.message}`)],
    );
    if (viaServer) return viaServer;
    if (!fs.existsSync(path.join(config.dataDir, "pglite"))) {
      return [warn("database", `no embedded database in ${config.dataDir} yet: \`switchboard start\` creates it.`)];
    }
  }
  let database: Database | undefined;
  try {
    database = await openDatabase({ url: config.DATABASE_URL, dataDir: config.dataDir });
    return await databaseChecks({ config, database, secrets: openSecretBox(config) });
  } catch (error) {
    return [fail("database", `cannot open it: ${error instanceof Error ? error.message : String(error)}`)];
  } finally {
    await database?.close().catch(() => {});
  }
}

/** The checks that read the database; run by the CLI or inside the running server. */
export async function databaseChecks(handle: DoctorHandle): Promise<Check[]> {
  const { database, config } = handle;
  const reached = await withTimeout(database.query("SELECT 1"), 10_000).then(
    () => undefined,
    (error: unknown) => (error instanceof Error ? error.message : String(error)),
  );
  if (reached !== undefined)
    return [fail("database", `not reachable: ${reached}. Check DATABASE_URL and that PostgreSQL runs.`)];
  const what = database.kind === "pglite" ? `embedded PGlite in ${config.dataDir}` : "PostgreSQL server";
  return [
    ok("database", `reachable (${what})`),
    await migrationsCheck(database),
    ...(await smtpOutChecks(handle)),
    ...(await slackChecks(handle)),
  ];
}

async function migrationsCheck(database: Database): Promise<Check> {
  const journal = JSON.parse(fs.readFileSync(path.join(MIGRATIONS_FOLDER, "meta/_journal.json"), "utf8")) as {
    entries: { tag: string }[];
  };
  const known = journal.entries.length;
  const applied = await database.query("SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations").then(
    (r) => Number(r.rows[0]?.n ?? 0),
    () => 0,
  );
  if (applied === known)
    return ok("migrations", `${applied} of ${known} applied (latest ${journal.entries.at(-1)?.tag ?? "-"})`);
  if (applied < known)
    return fail("migrations", `${applied} of ${known} applied: run \`switchboard migrate\` (start also migrates).`);
  return fail(
    "migrations",
    `the database has ${applied} migrations, this build knows ${known}: it was written by a newer version. Run that version, or restore the backup taken before the upgrade.`,
  );
}

async function smtpOutChecks(handle: DoctorHandle): Promise<Check[]> {
  const db = handle.database.db;
  const configured = await db
    .select({ id: workspaces.id, name: workspaces.name })
    .from(emailSettings)
    .innerJoin(workspaces, eq(workspaces.id, emailSettings.workspaceId));
  const url = handle.config.SMTP_URL;
  if (url) {
    const transport = nodemailer.createTransport({ url, connectionTimeout: 10_000, greetingTimeout: 10_000 });
    try {
      await withTimeout(transport.verify(), 20_000);
      return [ok("SMTP out", "SMTP_URL: the server accepted the connection (and login)")];
    } catch (error) {
      return [fail("SMTP out", `SMTP_URL: ${error instanceof Error ? error.message : String(error)}`)];
    } finally {
      transport.close();
    }
  }
  if (configured.length === 0) {
    return [
      warn(
        "SMTP out",
        "no outgoing email server: replies wait in the outbox. Set one in Settings → Outgoing email (or SMTP_URL).",
      ),
    ];
  }
  const checks: Check[] = [];
  for (const ws of configured.slice(0, 20)) {
    const name = `SMTP out (${ws.name})`;
    try {
      const outbound = await outboundTransport(handle, ws.id);
      if (!outbound) continue;
      await withTimeout(outbound.transport.verify(), 20_000);
      checks.push(ok(name, "the server accepted the connection and login"));
    } catch (error) {
      checks.push(
        fail(
          name,
          `${error instanceof Error ? error.message : String(error)}: check host, port, TLS and login in Settings → Outgoing email.`,
        ),
      );
    }
  }
  return checks;
}

async function slackChecks(handle: DoctorHandle): Promise<Check[]> {
  const rows = await handle.database.db
    .select({ connection: slackConnections, name: workspaces.name })
    .from(slackConnections)
    .innerJoin(workspaces, eq(workspaces.id, slackConnections.workspaceId));
  if (rows.length === 0) return [ok("Slack", "not connected (optional)")];
  const checks: Check[] = [];
  for (const { connection: row, name } of rows.slice(0, 20)) {
    let connection: SlackConnection;
    try {
      connection = openSlackConnection(handle.secrets, row);
    } catch (error) {
      checks.push(fail(`Slack token (${name})`, (error as Error).message));
      continue;
    }
    const test = await testSlackConnection(connection, handle.config.PUBLIC_URL);
    checks.push((test.token.ok ? ok : fail)(`Slack token (${name})`, test.token.message));
    const s = test.signingSecret;
    checks.push(
      (s.status === "verified" ? ok : s.status === "failing" ? fail : warn)(
        `Slack signing secret (${name})`,
        s.message,
      ),
    );
  }
  return checks;
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms / 1000} s`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
