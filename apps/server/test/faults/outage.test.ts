// A database outage is survived: the product runs as a process behind a TCP proxy to PostgreSQL;
// the proxy cuts every connection while mail arrives over SMTP. The process stays up, answers
// "try later" (SMTP 451, HTTP 503 in the error shape with Retry-After; /healthz alive, /readyz
// not ready), and is back once the database is: every accepted mail is an issue, none twice, and an
// open agent app's websocket is told to refetch and is live again.
// Start-up itself waits for an unreachable database instead of exiting.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import nodemailer from "nodemailer";
import { afterAll, describe, expect, it } from "vitest";
import { DEMO_ADMIN } from "../../src/seed/demo";
import { freshDatabase } from "./databases";
import { eventually, freePort, httpSession, type Proc, startProcess, watchRealtime } from "./processes";
import { startProxy } from "./proxy";

const serverUrl = process.env.TEST_DATABASE_URL;
const onPostgres = process.env.SB_TEST_DB === "postgres" && Boolean(serverUrl);

const MAILS = 40;
const SENDERS = 4;

describe.skipIf(!onPostgres)(
  "a database outage (server process behind a TCP proxy, PostgreSQL)",
  { timeout: 360_000 },
  () => {
    const cleanups: (() => Promise<void>)[] = [];
    afterAll(async () => {
      for (const cleanup of cleanups.reverse()) await cleanup();
    }, 360_000);

    it("stays up, answers 451/503 while the database is away, and loses and doubles no mail", async () => {
      const database = await freshDatabase(serverUrl ?? "", "sb_outage", { demo: true });
      cleanups.push(() => database.drop());
      const proxy = await startProxy(database.url);
      cleanups.push(() => proxy.close());
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "sb-outage-"));
      cleanups.push(async () => fs.rmSync(dataDir, { recursive: true, force: true }));
      const [port, smtpPort] = [await freePort(), await freePort()];
      // Start-up while the database is unreachable: the server waits, says so, and starts once it is back.
      proxy.cut();
      const server: Proc = startProcess("server", ["start"], {
        DATABASE_URL: proxy.url,
        DATA_DIR: dataDir,
        HOST: "127.0.0.1",
        PORT: String(port),
        SMTP_PORT: String(smtpPort),
        LOG_LEVEL: "warn",
      });
      cleanups.push(() => server.kill("SIGTERM"));
      await server.waitFor(/the database is unreachable .*; trying again/);
      proxy.restore();
      await server.waitFor(/Switchboard is running/);
      const baseUrl = `http://127.0.0.1:${port}`;
      const as = await httpSession(baseUrl, DEMO_ADMIN.email, DEMO_ADMIN.password);
      const inboxes = (await as.get("/inboxes")).json() as { items: { address: string }[] };
      const inbox = inboxes.items[0]?.address;
      if (!inbox) throw new Error("the demo workspace has no inbox");
      // An agent app is open throughout: its websocket must catch up once the database is back.
      const realtime = await watchRealtime(baseUrl, as.cookie);
      cleanups.push(async () => realtime.close());

      // Mail load: each mail is sent until the server accepts it (250), as a mail server would.
      let accepted = 0;
      let refusedTemporarily = 0;
      const smtpAnswers: string[] = [];
      const sendOne = async (i: number) => {
        for (;;) {
          const transport = nodemailer.createTransport({
            host: "127.0.0.1",
            port: smtpPort,
            secure: false,
            ignoreTLS: true,
          });
          try {
            await transport.sendMail({
              from: `customer${i}@outage.example`,
              to: inbox,
              subject: `outage mail ${i}`,
              text: `Body of outage mail ${i}`,
              messageId: `<outage-${i}@outage.example>`,
            });
            accepted++;
            return;
          } catch (error) {
            const code = (error as { responseCode?: number; code?: string }).responseCode;
            smtpAnswers.push(String(code ?? (error as { code?: string }).code));
            if (code === 451) refusedTemporarily++;
            // A sending mail server's retry, paced: not a synchronisation.
            await new Promise((resolve) => setTimeout(resolve, 100));
          } finally {
            transport.close();
          }
        }
      };
      let next = 0;
      const load = Promise.all(
        Array.from({ length: SENDERS }, async () => {
          while (next < MAILS) await sendOne(next++);
        }),
      );

      await eventually(async () => accepted >= 8);
      proxy.cut();
      // While the database is away: alive, not ready, 503 with the error shape, SMTP 451.
      let seen = "";
      const during = await eventually(async () => {
        const issues = await fetch(`${baseUrl}/api/v1/issues`, { headers: { cookie: as.cookie } });
        const health = await fetch(`${baseUrl}/healthz`);
        const ready = await fetch(`${baseUrl}/readyz`);
        seen = `issues ${issues.status}, readyz ${ready.status}, SMTP answers ${smtpAnswers.join(",")}, accepted ${accepted}`;
        if (issues.status !== 503 || ready.status !== 503 || refusedTemporarily === 0) return false;
        return {
          issues: { status: issues.status, retryAfter: issues.headers.get("retry-after"), body: await issues.json() },
          health: health.status,
          ready: { status: ready.status, body: await ready.json() },
        };
      }).catch((error: unknown) => {
        throw new Error(`${String(error)} (last seen: ${seen}; server said: ${server.output().slice(-2_000)})`);
      });
      expect(during.health).toBe(200);
      expect(during.issues.retryAfter).toMatch(/^\d+$/);
      expect(during.issues.body).toEqual({ error: { code: "service_unavailable", message: expect.any(String) } });
      expect(during.ready.body).toEqual({
        error: { code: "service_unavailable", message: expect.any(String), details: { database: "down" } },
      });
      expect(refusedTemporarily).toBeGreaterThan(0);

      proxy.restore();
      const restored = Date.now();
      await eventually(async () => {
        const ready = await fetch(`${baseUrl}/readyz`);
        return ready.status === 200 && (await as.get("/issues?limit=1")).status === 200;
      });
      const backSeconds = (Date.now() - restored) / 1000;
      await load;
      expect(accepted).toBe(MAILS);

      const titles = await eventually(async () => {
        const res = await as.get("/issues?channel=email&limit=200");
        const mine = (res.json() as { items: { title: string }[] }).items
          .map((i) => i.title)
          .filter((t) => t.startsWith("outage mail"));
        return mine.length >= MAILS && mine;
      });
      const duplicates = titles.length - new Set(titles).size;
      console.log(
        `[outage] service back ${backSeconds.toFixed(1)} s after the database; ${refusedTemporarily} SMTP 451s while away; ${MAILS} mails accepted, ${MAILS - new Set(titles).size} lost, ${duplicates} duplicated`,
      );
      expect(new Set(titles)).toEqual(new Set(Array.from({ length: MAILS }, (_, i) => `outage mail ${i}`)));
      expect(duplicates).toBe(0);
      // The open agent app was told to refetch (its LISTEN connection came back) and is live again:
      // a change made now reaches it.
      const resync = await realtime.next((f) => f.kind === "hello" && f.resync === true);
      const created = (await as.post("/issues", { title: "after the outage" })).json() as { id: string };
      await realtime.next((f) => JSON.stringify(f).includes(created.id), realtime.frames.indexOf(resync));
      expect(realtime.isOpen()).toBe(true);
      // The process lived through it.
      expect(server.child.exitCode).toBeNull();
      expect(server.child.signalCode).toBeNull();
      expect(server.output()).not.toMatch(/Unhandled|uncaught/i);
    });
  },
);
