// An import survives its process being killed: `switchboard import zendesk` runs as its own
// process on PostgreSQL and is killed with SIGKILL while it waits for a page of tickets; the same
// command with `--resume` continues from the last committed page, and every ticket and comment is
// there exactly once (counted by external id).
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWorkspace } from "../../src/commands/workspaces";
import { loadConfig } from "../../src/config";
import { openDatabase } from "../../src/db/connect";
import { startServices } from "../../src/server";
import { ZendeskStandin } from "../import/standin";
import { freshDatabase } from "./databases";
import { startProcess } from "./processes";

const serverUrl = process.env.TEST_DATABASE_URL;
const onPostgres = process.env.SB_TEST_DB === "postgres" && Boolean(serverUrl);

const TICKETS = 450;
const COMMENTS = 3;

describe.skipIf(!onPostgres)("a killed import process (PostgreSQL)", { timeout: 360_000 }, () => {
  const zd = new ZendeskStandin();
  const cleanups: (() => Promise<void>)[] = [];
  let env: Record<string, string>;
  let domain: string;

  beforeAll(async () => {
    await zd.start();
    cleanups.push(() => zd.close());
    zd.pageSize = 100;
    zd.users.push(
      { id: 1, name: "Casey Customer", email: "casey@globex.example", role: "end-user", organization_id: null },
      { id: 2, name: "Ana Agent", email: "ana@kill-import.test", role: "agent", organization_id: null },
    );
    zd.generate = { count: TICKETS, commentsPerTicket: COMMENTS, requesterId: 1, agentId: 2 };
    const database = await freshDatabase(serverUrl ?? "", "sb_import_kill");
    cleanups.push(() => database.drop());
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "sb-import-kill-"));
    cleanups.push(async () => fs.rmSync(dataDir, { recursive: true, force: true }));
    env = {
      DATABASE_URL: database.url,
      DATA_DIR: dataDir,
      SECRET_KEY: randomBytes(32).toString("hex"),
      LOG_LEVEL: "warn",
    };
    // The workspace the import goes into, made as `switchboard setup` would.
    domain = `kill-${randomBytes(3).toString("hex")}.test`;
    const db = await openDatabase({ url: database.url });
    const services = await startServices(loadConfig({ ...process.env, ...env }), { worker: false, database: db });
    await db.db.transaction((tx) =>
      createWorkspace(tx, {
        name: "Kill test",
        domain,
        admin: { email: `admin@${domain}`, name: "Admin", password: "password123" },
      }),
    );
    await services.close();
    await db.close();
  }, 360_000);
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  }, 360_000);

  it("continues with --resume from the last committed page: nothing lost, nothing twice", async () => {
    const args = ["import", "zendesk", "--base-url", zd.url, "--email", zd.email, "--token", zd.token];
    // Two pages of tickets, then the export hangs: the process is killed while it waits.
    zd.holdTicketPagesAfter = 2;
    const first = startProcess("import", [...args, "--workspace", domain], env);
    await first.waitFor(/tickets: \d+ records/);
    await first.waitFor(/tickets: 2\d\d records/);
    await first.kill("SIGKILL");
    expect((await first.exited).signal).toBe("SIGKILL");

    zd.holdTicketPagesAfter = null;
    zd.requests.length = 0;
    const second = startProcess("import --resume", [...args, "--workspace", domain, "--resume"], env);
    const { code } = await second.exited;
    expect(code, second.output()).toBe(0);
    expect(second.output()).toMatch(/continuing at tickets/);
    expect(second.output()).toMatch(/import zendesk finished/);
    // Only from the cursor on: the first two pages were not asked for again.
    const ticketCalls = zd.requests.filter((r) => r.path.startsWith("/api/v2/incremental/tickets/"));
    expect(ticketCalls[0]?.path).toMatch(/\?cursor=/);
    expect(ticketCalls).toHaveLength(Math.ceil(TICKETS / 100) - 2);

    const db = await openDatabase({ url: env.DATABASE_URL ?? "" });
    try {
      const result = await db.db.execute(sql`
        SELECT
          (SELECT count(DISTINCT external_id) FROM import_external_id WHERE object = 'issue') AS tickets,
          (SELECT count(*) FROM issue) AS issues,
          (SELECT count(DISTINCT external_id) FROM message WHERE external_id LIKE 'zendesk:comment:%') AS comments,
          (SELECT count(*) FROM message) AS messages`);
      const row = (result as unknown as { rows: Record<string, string | number>[] }).rows[0] ?? {};
      expect(Object.fromEntries(Object.entries(row).map(([k, v]) => [k, Number(v)]))).toEqual({
        tickets: TICKETS,
        issues: TICKETS,
        comments: TICKETS * COMMENTS,
        messages: TICKETS * COMMENTS,
      });
    } finally {
      await db.close();
    }
  });
});
