// `switchboard workspace create|list` as an operator runs them: the real CLI in a child process
// on an embedded database, then the printed one-time link sets the admin's password over HTTP.
import { execFile, spawn } from "node:child_process";
import fs from "node:fs";
import net, { type AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { createWorkspace } from "../../src/commands/workspaces";
import { loadConfig } from "../../src/config";
import { openDatabase } from "../../src/db/connect";
import { teams } from "../../src/db/schema";
import { DEMO_ADMIN, DEMO_DOMAIN } from "../../src/seed/demo";
import { buildHttpServer, startServices } from "../../src/server";
import { switchboardArgs } from "../faults/processes";

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, "../../../..");
// The CLI on its own embedded data directory: the same on both database projects, so run once.
const embedded = process.env.SB_TEST_DB !== "postgres";
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "sb-cli-"));
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

async function cli(...args: string[]) {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: dataDir,
    PUBLIC_URL: "https://support.acme.test",
    LOG_LEVEL: "silent",
  };
  delete env.DATABASE_URL;
  try {
    const { stdout, stderr } = await run(process.execPath, switchboardArgs(args), { cwd: ROOT, env });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe.runIf(embedded)("switchboard workspace", () => {
  it("creates a workspace whose admin sets their password through the printed link, and lists it", async () => {
    const created = await cli(
      "workspace",
      "create",
      "--name",
      "Acme Support",
      "--domain",
      "acme.test",
      "--domain",
      "acme.io",
      "--admin-email",
      "Ops@Acme.test",
      "--time-zone",
      "America/New_York",
    );
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).toMatch(/workspace created: Acme Support \(acme\.test, acme\.io\)/);
    const link = created.stdout.match(/https:\/\/support\.acme\.test\/reset-password\?token=(\S+)/);
    expect(link?.[1]).toBeTruthy();
    const token = decodeURIComponent(link?.[1] ?? "");

    // The same domain cannot be claimed twice; a missing flag is named.
    const again = await cli("workspace", "create", "--name", "X", "--domain", "acme.io", "--admin-email", "x@x.test");
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/acme\.io already belongs to another workspace/);
    const missing = await cli("workspace", "create", "--name", "X", "--admin-email", "x@x.test");
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/--domain is required/);

    const listed = await cli("workspace", "list");
    expect(listed.stdout).toMatch(/Acme Support {2}acme\.test,acme\.io {2}pro {2}America\/New_York/);

    // The printed link works once, on the server over the same data.
    const database = await openDatabase({ dataDir });
    const services = await startServices(loadConfig({ ...process.env, LOG_LEVEL: "silent", DATA_DIR: dataDir }), {
      worker: false,
      database,
    });
    const http = await buildHttpServer(services);
    try {
      const post = (url: string, payload: object) => http.inject({ method: "POST", url: `/api/v1${url}`, payload });
      const lookup = await post("/auth/password-reset/lookup", { token });
      expect(lookup.json()).toMatchObject({
        email: "ops@acme.test",
        kind: "set_password",
        workspaceName: "Acme Support",
      });
      expect(
        (await post("/auth/password-reset/confirm", { token, password: "granite window sunrise" })).statusCode,
      ).toBe(200);
      const login = await post("/auth/login", { email: "ops@acme.test", password: "granite window sunrise" });
      expect(login.json().user).toMatchObject({ role: "admin", mustChangePassword: false });
      expect((await post("/auth/password-reset/confirm", { token, password: "another long phrase" })).statusCode).toBe(
        404,
      );
    } finally {
      await http.close();
      await services.close();
      await database.close();
    }
  });
});

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });

describe.runIf(embedded)("the demo on a reachable server", () => {
  it("warns loudly at start when the demo's published password works beyond loopback, and forces a new one", async () => {
    // A demo workspace that already has its content (a team), so the start does not replay the whole demo.
    const demoDir = fs.mkdtempSync(path.join(os.tmpdir(), "sb-demo-"));
    const database = await openDatabase({ dataDir: demoDir });
    const services = await startServices(loadConfig({ ...process.env, LOG_LEVEL: "silent", DATA_DIR: demoDir }), {
      worker: false,
      database,
    });
    await database.db.transaction(async (tx) => {
      const { workspace } = await createWorkspace(tx, {
        name: "Switchboard Demo",
        domain: DEMO_DOMAIN,
        admin: DEMO_ADMIN,
      });
      await tx.insert(teams).values({ workspaceId: workspace.id, name: "Support" });
    });
    await services.close();
    await database.close();

    const port = await freePort();
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DATA_DIR: demoDir,
      HOST: "0.0.0.0",
      PORT: String(port),
      SMTP_PORT: String(await freePort()),
      SWITCHBOARD_DEMO: "1",
      LOG_LEVEL: "silent",
    };
    delete env.DATABASE_URL;
    const server = spawn(process.execPath, switchboardArgs(["start"]), { cwd: ROOT, env, detached: true });
    let out = "";
    server.stdout.on("data", (chunk) => {
      out += chunk;
    });
    server.stderr.on("data", (chunk) => {
      out += chunk;
    });
    try {
      await new Promise<void>((resolve, reject) => {
        // The warning is on stderr, "API docs:" on stdout: two pipes, read in either order.
        const check = () => (out.includes("API docs:") && out.includes("WARNING:") ? resolve() : undefined);
        setTimeout(() => reject(new Error(`no start-up banner with a WARNING in 120 s: ${out}`)), 120_000).unref();
        server.stdout.on("data", check);
        server.stderr.on("data", check);
        server.on("exit", (code) => reject(new Error(`start exited ${code}: ${out}`)));
      });
      expect(out).toContain(
        `WARNING: the demo login ${DEMO_ADMIN.email} / ${DEMO_ADMIN.password} works on a server listening on 0.0.0.0`,
      );
      const base = `http://127.0.0.1:${port}/api/v1`;
      const login = await fetch(`${base}/auth/login`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email: DEMO_ADMIN.email, password: DEMO_ADMIN.password }),
      });
      expect(((await login.json()) as { user: { mustChangePassword: boolean } }).user.mustChangePassword).toBe(true);
      const cookie =
        login.headers
          .getSetCookie()
          .find((c) => c.startsWith("sb_session="))
          ?.split(";")[0] ?? "";
      const issues = await fetch(`${base}/issues`, { headers: { cookie } });
      expect(issues.status).toBe(403);
    } finally {
      // Our own child (its process group), nothing else.
      if (server.pid && server.exitCode === null) process.kill(-server.pid, "SIGTERM");
      await new Promise((resolve) => (server.exitCode === null ? server.on("exit", resolve) : resolve(null)));
      fs.rmSync(demoDir, { recursive: true, force: true });
    }
  });
});
