// Scale-out as an operator runs it: two `switchboard start --no-worker` servers and two
// `switchboard worker` processes on one PostgreSQL database. An agent's live view is fed by
// whichever server it is connected to, whatever server or worker made the change (LISTEN/NOTIFY
// across processes), and mail arriving at either server becomes exactly one issue.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import nodemailer from "nodemailer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_ADMIN } from "../../src/seed/demo";
import { freshDatabase } from "../faults/databases";
import { eventually, freePort, httpSession, type Proc, startReady, watchRealtime } from "../faults/processes";

const serverUrl = process.env.TEST_DATABASE_URL;
const onPostgres = process.env.SB_TEST_DB === "postgres" && Boolean(serverUrl);
// Four processes start on a busy two-core machine; the waits are for conditions.

type Session = Awaited<ReturnType<typeof httpSession>>;
type Realtime = Awaited<ReturnType<typeof watchRealtime>>;
interface Server {
  url: string;
  smtpPort: number;
  as: Session;
  realtime: Realtime;
}

describe.skipIf(!onPostgres)("two servers and two workers on one PostgreSQL", { timeout: 240_000 }, () => {
  const processes: Proc[] = [];
  const cleanups: (() => Promise<void>)[] = [];
  const servers: Server[] = [];
  let inbox: string;

  beforeAll(async () => {
    const database = await freshDatabase(serverUrl ?? "", "sb_scaleout", { demo: true });
    cleanups.push(() => database.drop());
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "sb-scaleout-"));
    cleanups.push(async () => fs.rmSync(dataDir, { recursive: true, force: true }));
    const env = {
      DATABASE_URL: database.url,
      DATA_DIR: dataDir,
      HOST: "127.0.0.1",
      SECRET_KEY: randomBytes(32).toString("hex"),
      LOG_LEVEL: "warn",
    };
    // The first server migrates and seeds the demo workspace; the others start on the result.
    for (const name of ["server A", "server B"]) {
      const [port, smtpPort] = [await freePort(), await freePort()];
      await startReady(processes, "server", name, { ...env, PORT: String(port), SMTP_PORT: String(smtpPort) });
      const url = `http://127.0.0.1:${port}`;
      const as = await httpSession(url, DEMO_ADMIN.email, DEMO_ADMIN.password);
      servers.push({ url, smtpPort, as, realtime: await watchRealtime(url, as.cookie) });
    }
    for (const name of ["worker 1", "worker 2"]) {
      await startReady(processes, "worker", name, env);
    }
    const inboxes = (await servers[0]?.as.get("/inboxes"))?.json() as { items: { address: string }[] };
    inbox = inboxes.items[0]?.address ?? "";
    if (!inbox) throw new Error("the demo workspace has no inbox");
  }, 420_000);

  afterAll(async () => {
    for (const { realtime } of servers) realtime.close();
    for (const proc of processes) await proc.kill("SIGTERM");
    for (const cleanup of cleanups.reverse()) await cleanup();
  }, 420_000);

  const at = (i: number): Server => {
    const server = servers[i];
    if (!server) throw new Error(`no server ${i}`);
    return server;
  };

  it("sends a change made through one server to agents connected to the other", async () => {
    const [a, b] = [at(0), at(1)];
    const fromB = b.realtime.frames.length;
    const created = (await a.as.post("/issues", { title: "made on server A" })).json() as {
      id: string;
      number: number;
    };
    const seenOnB = await b.realtime.next((f) => f.kind === "issue" && f.id === created.id, fromB);
    expect(seenOnB).toMatchObject({ action: "created", issueNumber: created.number });

    const fromA = a.realtime.frames.length;
    expect((await b.as.patch(`/issues/${created.number}`, { priority: "urgent" })).status).toBe(200);
    const seenOnA = await a.realtime.next(
      (f) => f.kind === "issue" && f.id === created.id && f.action === "priority",
      fromA,
    );
    expect(seenOnA).toMatchObject({ issueNumber: created.number });
    // Ids only: the title never travels over NOTIFY or the socket.
    expect(JSON.stringify([...a.realtime.frames, ...b.realtime.frames])).not.toContain("made on server A");
  });

  it("turns mail arriving at either server into one issue each, seen live on the other server", async () => {
    const mails = 12;
    const tag = randomBytes(3).toString("hex");
    const sent = await Promise.all(
      Array.from({ length: mails }, async (_, i) => {
        const transport = nodemailer.createTransport({ host: "127.0.0.1", port: at(i % 2).smtpPort, ignoreTLS: true });
        try {
          await transport.sendMail({
            from: `customer${i}@scale.example`,
            to: inbox,
            subject: `scale-out mail ${tag} ${i}`,
            text: `Body of scale-out mail ${i}`,
            messageId: `<scale-${tag}-${i}@scale.example>`,
          });
        } finally {
          transport.close();
        }
        return `scale-out mail ${tag} ${i}`;
      }),
    );
    const issues = await eventually(async () => {
      const listed = (await at(0).as.get("/issues?channel=email&limit=200")).json() as {
        items: { id: string; title: string }[];
      };
      const mine = listed.items.filter((item) => item.title.startsWith(`scale-out mail ${tag}`));
      return mine.length >= mails && mine;
    });
    expect(issues.map((issue) => issue.title).sort()).toEqual([...sent].sort());
    // A mail SMTP-accepted by server A (even i) is announced to the agent on server B, and vice versa.
    for (const [i, title] of sent.entries()) {
      const issue = issues.find((item) => item.title === title);
      const other = at((i + 1) % 2);
      await other.realtime.next((f) => f.kind === "issue" && f.id === issue?.id && f.action === "created");
    }
    // Both servers were busy and both stayed up; the workers too.
    for (const proc of processes) expect(proc.child.exitCode).toBeNull();
  });
});
