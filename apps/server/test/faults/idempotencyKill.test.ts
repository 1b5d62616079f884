// Exactly once under kill -9: API clients create issues with an Idempotency-Key on one server,
// which is killed with SIGKILL while creates are in flight; every create whose answer was lost is
// sent again, with its key, to a second server. Each key ends as exactly one issue: the key row
// commits in the same transaction as the issue, so a retry finds it exactly when the issue exists.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { DEMO_ADMIN } from "../../src/seed/demo";
import { freshDatabase } from "./databases";
import { freePort, httpSession, type Proc, startReady } from "./processes";

const serverUrl = process.env.TEST_DATABASE_URL;
const onPostgres = process.env.SB_TEST_DB === "postgres" && Boolean(serverUrl);

const CREATES = 80;
const CLIENTS = 8;

describe.skipIf(!onPostgres)("Idempotency-Key under kill -9 (two servers, PostgreSQL)", { timeout: 360_000 }, () => {
  const processes: Proc[] = [];
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const proc of processes) await proc.kill("SIGTERM");
    for (const cleanup of cleanups.reverse()) await cleanup();
  }, 360_000);

  async function server(name: string, env: Record<string, string>) {
    const port = await freePort();
    const proc = await startReady(processes, "server", name, { ...env, PORT: String(port) });
    return { proc, url: `http://127.0.0.1:${port}` };
  }

  it("turns every create into exactly one issue when its server dies mid-request", async () => {
    const database = await freshDatabase(serverUrl ?? "", "sb_idem_kill", { demo: true });
    cleanups.push(() => database.drop());
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "sb-idem-"));
    cleanups.push(async () => fs.rmSync(dataDir, { recursive: true, force: true }));
    const env = { DATABASE_URL: database.url, DATA_DIR: dataDir, HOST: "127.0.0.1", LOG_LEVEL: "warn" };
    const first = await server("server A", { ...env, SMTP_PORT: String(await freePort()) });
    const second = await server("server B", { ...env, SMTP_PORT: String(await freePort()) });
    const as = await httpSession(first.url, DEMO_ADMIN.email, DEMO_ADMIN.password);
    const token = ((await as.post("/api-tokens", { name: "kill test" })).json() as { token: string }).token;

    const create = (url: string, i: number) =>
      fetch(`${url}/api/v1/issues`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json", "idempotency-key": `k-${i}` },
        body: JSON.stringify({ title: `Kill test ${i}`, body: "Created while a server dies." }),
      }).then(
        async (res) => ({
          status: res.status,
          code: ((await res.json()) as { error?: { code?: string } }).error?.code,
        }),
        () => undefined,
      );

    // Eight clients on server A; it is killed once a quarter of the creates were answered.
    const lost: number[] = [];
    let answered = 0;
    let cursor = 0;
    const killed = (async () => {
      while (answered < CREATES / 4) await new Promise((r) => setTimeout(r, 5));
      await first.proc.kill("SIGKILL");
    })();
    await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        while (cursor < CREATES) {
          const i = cursor++;
          const answer = await create(first.url, i);
          if (answer?.status === 201) answered++;
          else lost.push(i);
        }
      }),
    );
    await killed;
    expect(lost.length, "creates in flight or sent after the kill").toBeGreaterThan(0);

    // Every lost create again, same key, on server B, until it has an answer.
    const outcomes: Record<string, number> = {};
    for (const i of lost) {
      for (;;) {
        const answer = await create(second.url, i);
        // Committed on A without an answer: "in progress" for 10 s, then "applied, answer lost".
        if (answer?.status === 409 && answer.code === "idempotency_request_in_progress") {
          await new Promise((r) => setTimeout(r, 500));
          continue;
        }
        const outcome = `${answer?.status} ${answer?.code ?? ""}`.trim();
        outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
        break;
      }
    }
    console.info(
      `[idempotency kill] ${answered} answered before the kill; lost answers retried: ${JSON.stringify(outcomes)}`,
    );
    for (const outcome of Object.keys(outcomes)) expect(["201", "409 idempotency_response_lost"]).toContain(outcome);

    const check = new pg.Client({ connectionString: database.url });
    await check.connect();
    cleanups.push(() => check.end());
    const { rows } = await check.query<{ title: string; n: number }>(
      "SELECT title, count(*)::int AS n FROM issue WHERE title LIKE 'Kill test %' GROUP BY title",
    );
    const perTitle = new Map(rows.map((r) => [r.title, r.n]));
    const wrong = Array.from({ length: CREATES }, (_, i) => `Kill test ${i}`).filter((t) => perTitle.get(t) !== 1);
    expect(wrong, "titles not stored exactly once").toEqual([]);
  });
});
