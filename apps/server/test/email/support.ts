// Email test support: the product with its SMTP listener on an ephemeral port, a workspace
// with inboxes, a nodemailer client, and an SMTP sink standing in for the outside mail server.

import type { AddressInfo } from "node:net";
import type { Issue, Items, Message } from "@switchboard/api";
import { type ParsedMail, simpleParser } from "mailparser";
import nodemailer from "nodemailer";
import type Mailer from "nodemailer/lib/mailer";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll } from "vitest";
import { type EmailListener, startEmailListener } from "../../src/channels/email/listener";
import { api, buildWorkspace, startTestApp, type TestApp, type TestWorkspace, unique } from "../harness";

export interface EmailTestApp {
  app: TestApp;
  smtp: EmailListener;
  close(): Promise<void>;
}

export async function startEmailTestApp(env: Record<string, string> = {}): Promise<EmailTestApp> {
  const app = await startTestApp(env);
  const smtp = await startEmailListener(app.services, { host: "127.0.0.1", port: 0 });
  return {
    app,
    smtp,
    async close() {
      await smtp.close();
      await app.close();
    },
  };
}

/** beforeAll/afterAll for a file; `env` may be a function so it can read a sink started earlier. */
export function useEmailApp(env: Record<string, string> | (() => Record<string, string>) = {}) {
  let started: EmailTestApp | undefined;
  // Generous: on a busy machine migrating a fresh database alone can take a minute.
  beforeAll(async () => {
    started = await startEmailTestApp(typeof env === "function" ? env() : env);
  }, 180_000);
  afterAll(async () => {
    await started?.close();
  });
  return () => {
    if (!started) throw new Error("email test app not started");
    return started;
  };
}

export interface MailWorkspace extends TestWorkspace {
  domain: string;
  support: string;
  billing: string;
  teams: { support: string; billing: string };
}

/** A workspace with Support and Billing teams and their inboxes. */
export async function buildMailWorkspace(app: TestApp): Promise<MailWorkspace> {
  const name = unique("mail");
  const ws = await buildWorkspace(app, name);
  const admin = api(app, ws.admin);
  const team = async (teamName: string) => {
    const res = await admin.post("/teams", { name: teamName });
    if (res.statusCode !== 201) throw new Error(`team: ${res.body}`);
    return (res.json() as { id: string }).id;
  };
  const teams = { support: await team("Support"), billing: await team("Billing") };
  const domain = `${name}.test`;
  for (const [local, teamId] of [
    ["support", teams.support],
    ["billing", teams.billing],
  ] as const) {
    const res = await admin.post("/inboxes", { address: `${local}@${domain}`, name: local, teamId });
    if (res.statusCode !== 201) throw new Error(`inbox: ${res.body}`);
  }
  return { ...ws, domain, support: `support@${domain}`, billing: `billing@${domain}`, teams };
}

export function mailer(smtp: EmailListener) {
  return nodemailer.createTransport({ host: "127.0.0.1", port: smtp.port, secure: false, ignoreTLS: true });
}

export type Mail = Mailer.Options;

/** Sends over SMTP and waits until the listener has ingested what it accepted (it answers 250 first). */
export async function send(smtp: EmailListener, mail: Mail) {
  try {
    return await mailer(smtp).sendMail(mail);
  } finally {
    await smtp.idle();
  }
}

export type ListedIssue = Issue;

export type ListedMessage = Message;

export async function emailIssues(app: TestApp, ws: TestWorkspace): Promise<ListedIssue[]> {
  const res = await api(app, ws.admin).get("/issues?channel=email&limit=200");
  if (res.statusCode !== 200) throw new Error(res.body);
  return (res.json() as Items<ListedIssue>).items;
}

/** The email issues titled so, once routing has given new ones their team (the inbox's, as a fallback). */
export async function issueTitled(app: TestApp, ws: TestWorkspace, title: string): Promise<ListedIssue[]> {
  await app.services.jobs.idle(["issue.created"], 30_000);
  return (await emailIssues(app, ws)).filter((i) => i.title === title);
}

export async function messagesOf(app: TestApp, ws: TestWorkspace, number: number): Promise<ListedMessage[]> {
  const res = await api(app, ws.admin).get(`/issues/${number}/messages`);
  if (res.statusCode !== 200) throw new Error(res.body);
  return (res.json() as Items<ListedMessage>).items;
}

/** Polls `probe` until it returns a value (jobs run asynchronously); fails after `timeoutMs`. */
export async function eventually<T>(probe: () => Promise<T | undefined | false>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 50));
  }
}

// ---- the SMTP sink: the outside mail server outbound replies are delivered to ---------------

export interface SinkMessage {
  envelope: { from: string; to: string[] };
  raw: Buffer;
  parsed: ParsedMail;
}

export interface Sink {
  url: string;
  received: SinkMessage[];
  /**
   * Reject the next `n` DATA commands with a 4xx (transient) error; with `after`, the `n` that
   * follow the next `after` mails taken (a busy server midway through a run).
   */
  failNext(n: number, options?: { after?: number }): void;
  /** Refuse mail to this address at RCPT TO with 550 (an unknown mailbox), or stop refusing it. */
  refuseRecipient(address: string, on?: boolean): void;
  /** DATA commands answered with a 4xx so far. */
  readonly busyAnswers: () => number;
  /** Reject every DATA command with a 5xx error until reset. */
  failAlways(on: boolean): void;
  /**
   * The next mail is received (in `received`) but the server's 250 is held until `release()`:
   * the sender cannot know it went through (a crash test kills it meanwhile).
   */
  holdNext(): { arrived: Promise<void>; release(): void };
  close(): Promise<void>;
}

export async function startSink(): Promise<Sink> {
  const received: SinkMessage[] = [];
  let transientFailures = 0;
  let failAfter = 0;
  let busy = 0;
  const refused = new Set<string>();
  let permanent = false;
  const holds: { arrive(): void; released: Promise<void> }[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["AUTH", "STARTTLS"],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (!refused.has(address.address.toLowerCase())) return callback();
      callback(Object.assign(new Error("5.1.1 No such mailbox here"), { responseCode: 550 }));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        if (permanent) return callback(Object.assign(new Error("5.7.1 Relay denied by sink"), { responseCode: 550 }));
        if (failAfter > 0) failAfter--;
        else if (transientFailures > 0) {
          transientFailures--;
          busy++;
          return callback(Object.assign(new Error("4.4.2 Sink busy, try later"), { responseCode: 451 }));
        }
        const raw = Buffer.concat(chunks);
        simpleParser(raw).then((parsed) => {
          const from = session.envelope.mailFrom;
          received.push({
            envelope: { from: from ? from.address : "", to: session.envelope.rcptTo.map((r) => r.address) },
            raw,
            parsed,
          });
          const hold = holds.shift();
          if (!hold) return callback(null);
          hold.arrive();
          void hold.released.then(() => callback(null));
        }, callback);
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    failNext: (n, options) => {
      transientFailures = n;
      failAfter = options?.after ?? 0;
    },
    refuseRecipient: (address, on = true) => {
      if (on) refused.add(address.toLowerCase());
      else refused.delete(address.toLowerCase());
    },
    busyAnswers: () => busy,
    failAlways: (on) => {
      permanent = on;
    },
    holdNext: () => {
      let arrive = () => {};
      let release = () => {};
      const arrived = new Promise<void>((resolve) => {
        arrive = resolve;
      });
      const released = new Promise<void>((resolve) => {
        release = resolve;
      });
      holds.push({ arrive, released });
      return { arrived, release };
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
