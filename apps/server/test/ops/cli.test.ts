// The operator's CLI: `switchboard doctor` on a healthy and on a broken configuration, and
// `switchboard backup` of a running embedded server restored into an empty data directory.
import { execFile } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import type { Issue, Items, Message } from "@switchboard/api";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config";
import { startControlSocket } from "../../src/ops/control";
import { buildHttpServer, startServices } from "../../src/server";
import type { Services } from "../../src/services";
import { startSink } from "../email/support";
import { switchboardArgs } from "../faults/processes";
import { api, buildWorkspace, logIn, type TestApp } from "../harness";

const run = promisify(execFile);
const embedded = process.env.SB_TEST_DB !== "postgres";

/** Runs the CLI as an operator would; resolves with its exit code and output either way. */
async function switchboard(args: string[], env: Record<string, string>) {
  try {
    const { stdout, stderr } = await run(process.execPath, switchboardArgs(args), {
      env: { ...process.env, LOG_LEVEL: "silent", ...env },
      timeout: 240_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? -1, stdout: e.stdout ?? "", stderr: e.stderr ?? "" };
  }
}

const tempDir = (name: string) => fs.mkdtempSync(path.join(os.tmpdir(), `sb-${name}-`));
const freePort = () =>
  new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
  });
const line = (out: string, name: string) => out.split("\n").find((l) => l.slice(6).startsWith(`${name}`)) ?? "";

describe.runIf(embedded)("switchboard doctor", () => {
  it("passes a healthy production configuration, one OK line per check", async () => {
    const sink = await startSink();
    const dataDir = tempDir("doctor-ok");
    const env = {
      DATA_DIR: dataDir,
      PUBLIC_URL: "https://support.example.test",
      COOKIE_SECURE: "1",
      TRUST_PROXY: "1",
      SMTP_HOST: "0.0.0.0",
      SMTP_PORT: String(await freePort()),
      SMTP_URL: sink.url,
    };
    expect((await switchboard(["migrate"], env)).code).toBe(0);
    const { code, stdout } = await switchboard(["doctor"], env);
    await sink.close();
    expect(stdout).not.toMatch(/^(FAIL|WARN)/m);
    for (const name of [
      "PUBLIC_URL",
      "cookies",
      "SECRET_KEY",
      "SMTP in",
      "database",
      "migrations",
      "SMTP out",
      "Slack",
      "disk",
    ]) {
      expect(line(stdout, name), name).toMatch(/^OK {2}/);
    }
    expect(code).toBe(0);
  }, 300_000);

  it("fails a broken one, saying what to fix, with a non-zero exit", async () => {
    // Something that is not an SMTP server holds the inbound port.
    const squatter = http.createServer((_req, res) => res.end()).listen(0, "0.0.0.0");
    await new Promise((resolve) => squatter.once("listening", resolve));
    const env = {
      DATA_DIR: tempDir("doctor-broken"),
      PUBLIC_URL: "https://support.example.test",
      COOKIE_SECURE: "0",
      SMTP_HOST: "0.0.0.0",
      SMTP_PORT: String((squatter.address() as AddressInfo).port),
      DATABASE_URL: `postgres://nobody@127.0.0.1:${await freePort()}/switchboard`,
      SLACK_BOT_TOKEN: "xoxb-only-the-token",
    };
    const { code, stdout } = await switchboard(["doctor"], env);
    squatter.close();
    expect(code).toBe(1);
    expect(line(stdout, "cookies")).toMatch(/^FAIL .*COOKIE_SECURE=1/);
    expect(line(stdout, "SECRET_KEY")).toMatch(/^FAIL .*same SECRET_KEY/);
    expect(line(stdout, "Slack (environment)")).toMatch(/^FAIL .*SLACK_SIGNING_SECRET/);
    expect(line(stdout, "SMTP in")).toMatch(/^FAIL .*change SMTP_PORT/);
    expect(line(stdout, "database")).toMatch(/^FAIL .*(not reachable|cannot open)/);
    expect(line(stdout, "proxy")).toMatch(/^WARN .*TRUST_PROXY/);
  }, 300_000);
});

describe.runIf(embedded)("switchboard backup and restore", () => {
  let source: { services: Services; http: FastifyInstance; stop(): Promise<void> };
  const sourceDir = tempDir("backup-source");
  const file = path.join(tempDir("backup-file"), "switchboard.backup");

  async function serve(dataDir: string) {
    const config = loadConfig({ ...process.env, LOG_LEVEL: "silent", DATA_DIR: dataDir });
    const services = await startServices(config, { worker: false });
    const server = await buildHttpServer(services);
    await server.ready();
    const control = await startControlSocket(services);
    return {
      services,
      http: server,
      async stop() {
        await control.stop();
        await server.close();
        await services.close();
      },
    };
  }
  const asTestApp = (s: typeof source) => ({ services: s.services, http: s.http }) as unknown as TestApp;

  beforeAll(async () => {
    source = await serve(sourceDir);
  }, 240_000);
  afterAll(async () => {
    await source?.stop().catch(() => {});
  });

  /** Everything a user of the workspace reads: issues, their messages, attachment bytes. */
  async function snapshot(app: TestApp, session: Parameters<typeof api>[1]) {
    const as = api(app, session);
    const issues = (
      await as.get("/issues?state=new,on_you,on_customer,on_hold,closed&limit=100")
    ).json() as Items<Issue>;
    const threads = [];
    for (const issue of issues.items) {
      const messages = (await as.get(`/issues/${issue.number}/messages`)).json() as Items<Message>;
      const files = [];
      for (const m of messages.items) {
        for (const a of m.attachments) files.push((await as.get(`/attachments/${a.id}`)).rawPayload.toString("base64"));
      }
      threads.push({ issue, messages: messages.items, files });
    }
    return threads;
  }

  it("backs up a running server's workspace and restores it into an empty data directory", async () => {
    const app = asTestApp(source);
    const ws = await buildWorkspace(app, "backupco");
    const as = api(app, ws.admin);
    expect((await as.post("/inboxes", { address: "support@backupco.test" })).statusCode).toBe(201);
    const mime = [
      "From: Jo <jo@customer.test>",
      "To: support@backupco.test",
      "Subject: Invoice attached",
      "Message-ID: <backup-1@customer.test>",
      "MIME-Version: 1.0",
      'Content-Type: multipart/mixed; boundary="b"',
      "",
      "--b",
      "Content-Type: text/plain",
      "",
      "Please see the invoice.",
      "--b",
      'Content-Type: application/pdf; name="invoice.pdf"',
      'Content-Disposition: attachment; filename="invoice.pdf"',
      "Content-Transfer-Encoding: base64",
      "",
      Buffer.from("%PDF-1.4 the invoice").toString("base64"),
      "--b--",
      "",
    ].join("\r\n");
    const received = await app.http.inject({
      method: "POST",
      url: "/api/v1/inboxes/inbound-mime?to=support@backupco.test",
      headers: { cookie: ws.admin.cookie, "x-csrf-token": ws.admin.csrfToken, "content-type": "message/rfc822" },
      payload: mime,
    });
    expect(received.statusCode).toBe(202);
    const issue = (await as.post("/issues", { title: "Created by hand" })).json() as Issue;
    expect(
      (await as.post(`/issues/${issue.number}/messages`, { body: "A reply", visibility: "internal" })).statusCode,
    ).toBe(201);
    const before = await snapshot(app, ws.admin);
    expect(before.flatMap((t) => t.files)).toHaveLength(1);

    // Taken while the server runs (it holds the data directory): through its control socket.
    const backedUp = await switchboard(["backup", file], { DATA_DIR: sourceDir });
    expect(backedUp.stdout, backedUp.stderr).toContain("taken by the running server");
    expect(backedUp.code).toBe(0);
    // The running server refuses a restore over itself.
    const refused = await switchboard(["restore", file], { DATA_DIR: sourceDir });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/running/);

    const targetDir = tempDir("backup-target");
    const restored = await switchboard(["restore", file], { DATA_DIR: targetDir });
    expect(restored.code).toBe(0);
    const copy = await serve(targetDir);
    try {
      const session = await logIn(asTestApp(copy), "admin@backupco.test", "password123");
      expect(await snapshot(asTestApp(copy), session)).toEqual(before);
      // The backup is an export of the workspace's data: its audit log says so, in the backup itself.
      const exports = (await api(asTestApp(copy), session).get("/audit-log?action=export")).json().items;
      expect(exports).toMatchObject([{ targetType: "backup", actorName: "switchboard backup" }]);
    } finally {
      await copy.stop();
    }
    // Restoring over an existing database is refused.
    const again = await switchboard(["restore", file], { DATA_DIR: targetDir });
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already holds a database/);
  }, 600_000);
});
