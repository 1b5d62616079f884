#!/usr/bin/env node
import { runHealth } from "./ai/sentiment/module";
import { configureSlackFromEnv, slackEnvironmentSummary } from "./channels/slack/connect";
// switchboard start [--no-worker] | migrate | seed | worker | workspace create|list
import { ensureDemoWidget } from "./channels/widget/demo";
import { guardKnownPassword } from "./commands/passwords";
import { openSetup } from "./commands/workspaces";
import { type Config, loadConfig, publicUrlOf } from "./config";
import { openDatabase } from "./db/connect";
import { isDatabaseUnavailable } from "./db/errors";
import { IMPORT_USAGE, importCommand } from "./importCli";
import { backup, PG_DUMP_HINT, restore } from "./ops/backup";
import { startControlSocket } from "./ops/control";
import { assertNoServerOn } from "./ops/controlClient";
import { formatChecks, runDoctor } from "./ops/doctor";
import { DEMO_ADMIN, DEMO_DOMAIN, ensureDemoWorkspace } from "./seed/demo";
import { buildHttpServer, startModules, startServices, stopModules } from "./server";
import type { Services } from "./services";
import { workspaceCommand } from "./workspaceCli";

const USAGE = `usage: switchboard <command>
  start [--no-worker]  run the server (and, by default, the job worker) on http://HOST:PORT
  worker               run only the job worker (scale-out)
  migrate              apply database migrations and exit
  seed                 create the demo workspace if it does not exist, then exit
  workspace create --name NAME --domain DOMAIN [--domain …] --admin-email EMAIL [--admin-name NAME]
                   [--time-zone ZONE] [--plan free|pro|enterprise]
                       create a workspace; prints a one-time link for the admin to set their password
  workspace list       list the workspaces of this database
  workspace allow-password --domain DOMAIN
                       break-glass: allow password login again when SSO is broken (audited)
${IMPORT_USAGE}
  sentiment backfill   score customer messages stored before sentiment existed, then recompute account health

  doctor               check database, migrations, PUBLIC_URL, cookies, SMTP in/out, Slack, disk space
  backup FILE          back up the embedded database (also while the server runs)
  restore FILE         restore a backup into an empty DATA_DIR (server stopped)`;

async function main(argv: string[]): Promise<void> {
  const [command, ...flags] = argv;
  const config = loadConfig();
  switch (command) {
    case "start":
      return start(config, !flags.includes("--no-worker"));
    case "worker":
      return worker(config);
    case "migrate": {
      const database = await openDatabase({ url: config.DATABASE_URL, dataDir: config.dataDir });
      await database.migrate();
      await database.close();
      console.log("migrations applied");
      return;
    }
    case "seed": {
      const services = await startServices(config, { worker: false });
      console.log((await ensureDemoWorkspace(services)) ? "demo workspace created" : "demo workspace already exists");
      await services.close();
      return;
    }
    case "workspace":
      process.exitCode = await workspaceCommand(config, () => startServices(config, { worker: false }), flags, USAGE);
      return;
    case "import":
      process.exitCode = await importCommand(() => startServices(config, { worker: false }), flags, USAGE);
      return;
    case "sentiment": {
      if (flags[0] !== "backfill") {
        console.error(USAGE);
        process.exitCode = 1;
        return;
      }
      const services = await startServices(config, { worker: false });
      await runHealth(services, "all");
      console.log("customer messages scored; account health recomputed");
      await services.close();
      return;
    }
    case "doctor": {
      const checks = await runDoctor(config);
      console.log(formatChecks(checks));
      process.exitCode = checks.some((c) => c.status === "fail") ? 1 : 0;
      return;
    }
    case "backup":
    case "restore": {
      const file = flags[0];
      if (!file) throw new Error(`usage: switchboard ${command} FILE`);
      if (config.DATABASE_URL) {
        console.error(PG_DUMP_HINT);
        process.exitCode = 1;
        return;
      }
      if (command === "backup") {
        const done = await backup(config, file);
        console.log(
          `backed up ${config.dataDir} to ${file} (${done.bytes} bytes, ${done.via === "server" ? "taken by the running server" : "server not running"})`,
        );
      } else {
        const header = await restore(config, file);
        console.log(
          `restored ${file} (taken ${header.createdAt}, ${header.migrations} migrations) into ${config.dataDir}`,
        );
      }
      return;
    }
    default:
      console.error(USAGE);
      process.exitCode = command ? 1 : 0;
  }
}

async function start(config: Config, runWorker: boolean) {
  // Before the embedded database is opened: a second process on it would corrupt it.
  if (!config.DATABASE_URL) await assertNoServerOn(config.dataDir);
  const services = await startServices(config, { worker: runWorker });
  const demo = config.SWITCHBOARD_DEMO === "1" ? await startDemo(services) : undefined;
  const setupToken = demo ? undefined : await openSetup(services.database.db);
  const app = await buildHttpServer(services, { logger: config.LOG_LEVEL !== "silent" });
  await app.listen({ port: config.PORT, host: config.HOST });
  const running = await startModules(services);
  // The embedded database's control socket: backups while running, and one server per DATA_DIR.
  const control = services.database.kind === "pglite" ? await startControlSocket(services) : undefined;
  const url = `http://${config.HOST === "0.0.0.0" ? "localhost" : config.HOST}:${config.PORT}`;
  console.log(`\nSwitchboard is running at ${url}`);
  console.log(
    `  database: ${services.database.kind === "pglite" ? `embedded PGlite in ${config.dataDir}` : "PostgreSQL server"}`,
  );
  if (demo) {
    console.log(
      `  demo login: ${DEMO_ADMIN.email} / ${DEMO_ADMIN.password}${demo.created ? " (demo workspace just created)" : ""}`,
    );
  }
  if (demo?.exposed) console.warn(exposedDemoWarning(config));
  if (setupToken) console.log(setupBanner(publicUrlOf(config), setupToken));
  for (const { description } of running) if (description) console.log(`  ${description}`);
  const slack = slackEnvironmentSummary(config);
  (slack.complete ? console.log : console.warn)(`  ${slack.line}`);
  console.log(`  API docs: ${url}/api/docs\n`);
  onShutdown(async () => {
    await control?.stop();
    await stopModules(running);
    await app.close();
    await services.close();
  });
}

/** The demo workspace (SWITCHBOARD_DEMO unset or 1), and whether its known password is exposed. */
async function startDemo(services: Services) {
  const created = await ensureDemoWorkspace(services);
  // The demo workspace's Slack app, when the environment names one (part of the demo set-up).
  await configureSlackFromEnv(services, DEMO_DOMAIN);
  // The demo host page (/widget/demo) embeds this workspace's chat widget.
  await ensureDemoWidget(services, DEMO_DOMAIN);
  const exposed =
    !isLoopback(services.config.HOST) && (await guardKnownPassword(services, DEMO_ADMIN.email, DEMO_ADMIN.password));
  return { created, exposed };
}

const isLoopback = (host: string) => host === "localhost" || host === "::1" || /^127\./.test(host);

function exposedDemoWarning(config: Config): string {
  const line = "!".repeat(100);
  return [
    "",
    line,
    `!! WARNING: the demo login ${DEMO_ADMIN.email} / ${DEMO_ADMIN.password} works on a server listening on ${config.HOST},`,
    "!! reachable beyond this machine. Its password is public (README): the demo admin must choose a new one at",
    "!! the next sign-in, and nothing else works until then. For your team's own workspace, start with",
    "!! SWITCHBOARD_DEMO=0 on an empty database (setup page) or use `switchboard workspace create`.",
    line,
    "",
  ].join("\n");
}

function setupBanner(url: string, token: string): string {
  return [
    "",
    "  This Switchboard has no workspace yet. Open the setup page and paste this one-time setup token:",
    `    ${url}/setup`,
    `    setup token: ${token}`,
    "  (It guards the page so nobody else on the network claims this instance; a restart prints a new one.)",
    "",
  ].join("\n");
}

async function worker(config: Config) {
  const services = await startServices(config, { worker: true });
  console.log("Switchboard worker is consuming jobs");
  onShutdown(() => services.close());
}

/**
 * A stop that hangs (a connection that never answers) must not keep the process alive: a service
 * manager would kill it later anyway, without saying why. Work it leaves is recovered by the
 * liveness sweep of the next process, as after a crash.
 */
const SHUTDOWN_GRACE_MS = 30_000;

function onShutdown(close: () => Promise<void>) {
  let closing = false;
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      if (closing) return;
      closing = true;
      setTimeout(() => {
        console.error(`[shutdown] still closing after ${SHUTDOWN_GRACE_MS / 1000} s; exiting now`);
        process.exit(1);
      }, SHUTDOWN_GRACE_MS).unref();
      close().then(
        () => process.exit(0),
        (error) => {
          console.error(error);
          process.exit(1);
        },
      );
    });
  }
}

// pg-boss completes and fails a fetched batch without awaiting it: while the database is away
// that rejection has no handler, and Node would end the process. The job stays active and the
// liveness sweep runs it again; any other unhandled rejection still ends the process.
process.on("unhandledRejection", (reason) => {
  if (!isDatabaseUnavailable(reason)) throw reason;
  console.warn(
    `[db] a statement failed while the database is away: ${reason instanceof Error ? reason.message : reason}`,
  );
});

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
