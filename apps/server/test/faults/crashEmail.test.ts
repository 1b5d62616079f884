// Email across kill -9, both ways.
// - Out: a crash between the SMTP server's 250 and recording it: the worker is killed with SIGKILL
//   while the receiving server holds its answer. The attempt was recorded before sending, so a new
//   worker knows the outcome is unknown and sends again under the same Message-ID (receivers
//   collapse it); every reply reaches the receiver under exactly one Message-ID, and the issue's
//   log says why.
// - In: our server is killed right after answering 250 to a burst of mail, with mail still in its
//   spool; the next server takes the spooled mail over once its lease ran out, and every mail is
//   one issue.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import nodemailer from "nodemailer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_ADMIN } from "../../src/seed/demo";
import { type Sink, startSink } from "../email/support";
import { onServer } from "../harness";
import { freshDatabase } from "./databases";
import { eventually, freePort, httpSession, type Proc, startReady } from "./processes";

const serverUrl = process.env.TEST_DATABASE_URL;
const onPostgres = process.env.SB_TEST_DB === "postgres" && Boolean(serverUrl);

describe.skipIf(!onPostgres)("email across kill -9 (PostgreSQL)", { timeout: 360_000 }, () => {
  const processes: Proc[] = [];
  const cleanups: (() => Promise<void>)[] = [];
  let env: Record<string, string>;
  let databaseUrl: string;
  let sink: Sink;

  const worker = () => startReady(processes, "worker", `worker ${processes.length}`, env);

  beforeAll(async () => {
    sink = await startSink();
    cleanups.push(() => sink.close());
    const database = await freshDatabase(serverUrl ?? "", "sb_crash_mail", { demo: true });
    cleanups.push(() => database.drop());
    databaseUrl = database.url;
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "sb-crash-mail-"));
    cleanups.push(async () => fs.rmSync(dataDir, { recursive: true, force: true }));
    env = {
      DATABASE_URL: database.url,
      DATA_DIR: dataDir,
      HOST: "127.0.0.1",
      PORT: String(await freePort()),
      SMTP_PORT: String(await freePort()),
      SMTP_URL: sink.url,
      WORKER_LEASE_SECONDS: "2",
      LOG_LEVEL: "warn",
    };
    await startReady(processes, "server", "server", env);
    await worker();
  }, 360_000);

  afterAll(async () => {
    for (const proc of processes) await proc.kill("SIGTERM");
    for (const cleanup of cleanups.reverse()) await cleanup();
  }, 360_000);

  it("re-sends a reply whose worker was killed mid-send under the same Message-ID and delivers every reply under exactly one", async () => {
    const as = await httpSession(`http://127.0.0.1:${env.PORT}`, DEMO_ADMIN.email, DEMO_ADMIN.password);
    const inbox = ((await as.get("/inboxes")).json() as { items: { address: string }[] }).items[0]?.address;
    if (!inbox) throw new Error("the demo workspace has no inbox");
    const transport = nodemailer.createTransport({
      host: "127.0.0.1",
      port: Number(env.SMTP_PORT),
      secure: false,
      ignoreTLS: true,
    });
    await transport.sendMail({
      from: "Robin <robin@mail-crash.example>",
      to: inbox,
      subject: "mail crash: invoices missing",
      text: "The March invoices are missing.",
    });
    transport.close();
    const issue = await eventually(async () => {
      const items = (
        (await as.get("/issues?channel=email&limit=200")).json() as {
          items: { number: number; title: string }[];
        }
      ).items;
      return items.find((i) => i.title === "mail crash: invoices missing");
    });

    const held = sink.holdNext();
    const ids: string[] = [];
    for (const n of [1, 2, 3]) {
      const res = await as.post(`/issues/${issue.number}/messages`, { body: `mail answer ${n}`, visibility: "public" });
      expect(res.status, res.body).toBe(201);
      ids.push((res.json() as { id: string }).id);
    }
    await held.arrived;
    await processes.at(-1)?.kill("SIGKILL");
    await worker();
    held.release();

    await eventually(async () => {
      const messages = (
        (await as.get(`/issues/${issue.number}/messages`)).json() as {
          items: { id: string; deliveryStatus: string | null }[];
        }
      ).items.filter((m) => ids.includes(m.id));
      return messages.length === ids.length && messages.every((m) => m.deliveryStatus === "sent");
    });
    const received = sink.received
      .map((m) => m.parsed.messageId ?? "")
      .filter((id) => ids.some((mine) => id.includes(`sb-${mine}@`)));
    const distinct = new Set(received);
    console.log(
      `[crash] email replies after a mid-send kill: ${received.length} copies received for ${ids.length}, ${distinct.size} distinct Message-IDs (${received.length - distinct.size} second copies under the same id)`,
    );
    expect(distinct.size).toBe(ids.length);
    for (const id of ids) expect(received.some((m) => m.includes(`sb-${id}@`))).toBe(true);
    const events = (await as.get(`/issues/${issue.number}/events`)).json() as {
      items: { type: string; data: { messageId?: string; outcome?: string } }[];
    };
    expect(events.items.filter((e) => e.type === "delivery_recovered").map((e) => e.data)).toEqual([
      expect.objectContaining({ messageId: ids[0], outcome: "resent" }),
    ]);
  });

  it("ingests every mail a killed server had answered 250 for, exactly once, through the next server", async () => {
    const baseUrl = `http://127.0.0.1:${env.PORT}`;
    const as = await httpSession(baseUrl, DEMO_ADMIN.email, DEMO_ADMIN.password);
    const inbox = ((await as.get("/inboxes")).json() as { items: { address: string }[] }).items[0]?.address;
    if (!inbox) throw new Error("the demo workspace has no inbox");
    const MAILS = 60;
    const CONNECTIONS = 6;
    let next = 0;
    await Promise.all(
      Array.from({ length: CONNECTIONS }, async () => {
        const transport = nodemailer.createTransport({
          host: "127.0.0.1",
          port: Number(env.SMTP_PORT),
          secure: false,
          ignoreTLS: true,
        });
        try {
          for (let i = next++; i < MAILS; i = next++) {
            await transport.sendMail({
              from: `customer${i}@spool-kill.example`,
              to: inbox,
              subject: `spool kill ${i}`,
              text: `Mail ${i}, answered 250 before the server died.`,
              messageId: `<spool-kill-${i}@spool-kill.example>`,
            });
          }
        } finally {
          transport.close();
        }
      }),
    );
    const server = processes.find((p) => p.name === "server");
    await server?.kill("SIGKILL");
    const spooled = await onServer(databaseUrl, async (client) =>
      Number((await client.query("SELECT count(*)::int AS n FROM email_spool")).rows[0]?.n),
    );
    await startReady(processes, "server", "server 2", env);

    const titles = await eventually(async () => {
      const items = ((await as.get("/issues?channel=email&limit=200")).json() as { items: { title: string }[] }).items;
      const mine = items.map((i) => i.title).filter((t) => t.startsWith("spool kill "));
      return mine.length >= MAILS && mine;
    });
    console.log(
      `[crash] ${MAILS} mails answered 250, server killed with ${spooled} still spooled; ${new Set(titles).size} issues, ${titles.length - new Set(titles).size} duplicated`,
    );
    expect(new Set(titles)).toEqual(new Set(Array.from({ length: MAILS }, (_, i) => `spool kill ${i}`)));
    expect(titles).toHaveLength(MAILS);
    await eventually(async () =>
      onServer(databaseUrl, async (client) => (await client.query("SELECT 1 FROM email_spool")).rowCount === 0),
    );
  });
});
