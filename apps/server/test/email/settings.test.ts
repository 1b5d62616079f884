// Outgoing email set up in the app: SMTP settings with a password sealed at rest, a test mail that
// shows the server's own answer, DKIM signing, replies through the same transport, and the inbox
// check that mails an inbox through the SMTP listener and shows when it arrived.
import type { AddressInfo } from "node:net";
import type { EmailSettings, EmailTestResult, InboxCheckResult, InboxSetup } from "@switchboard/api";
import { type ParsedMail, simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, logIn, unique } from "../harness";
import { buildMailWorkspace, emailIssues, eventually, type MailWorkspace, send, useEmailApp } from "./support";

/** A relay that wants a login, as a real submission server does (plain, on loopback). */
interface AuthSink {
  port: number;
  logins: { user: string; pass: string }[];
  received: { raw: string; parsed: ParsedMail }[];
  close(): Promise<void>;
}

async function startAuthSink(user: string, pass: string): Promise<AuthSink> {
  const logins: AuthSink["logins"] = [];
  const received: AuthSink["received"] = [];
  const server = new SMTPServer({
    authOptional: false,
    allowInsecureAuth: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onAuth(auth, _session, callback) {
      logins.push({ user: auth.username ?? "", pass: auth.password ?? "" });
      if (auth.username === user && auth.password === pass) return callback(null, { user });
      callback(Object.assign(new Error("5.7.8 Authentication credentials invalid"), { responseCode: 535 }));
    },
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        const raw = Buffer.concat(chunks);
        simpleParser(raw).then((parsed) => {
          received.push({ raw: raw.toString("utf8"), parsed });
          callback(null);
        }, callback);
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.server.address() as AddressInfo).port,
    logins,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

let relay: AuthSink;
beforeAll(async () => {
  relay = await startAuthSink("switchboard@relay.test", "s3cret-pass word");
});
afterAll(async () => {
  await relay.close();
});
const app = useEmailApp();
let ws: MailWorkspace;
beforeAll(async () => {
  ws = await buildMailWorkspace(app().app);
});

const admin = () => api(app().app, ws.admin);
const useRelay = (password?: string | null) =>
  admin().put("/email/settings", {
    host: "127.0.0.1",
    port: relay.port,
    security: "none",
    user: "switchboard@relay.test",
    ...(password !== undefined && { password }),
  });

describe("outgoing email settings", () => {
  it("has nothing to send with before it is set, and says where to set it", async () => {
    const settings = (await admin().get("/email/settings")).json() as EmailSettings;
    expect(settings).toMatchObject({ active: "none", host: null, passwordSet: false, dkim: null });
    const test = await admin().post("/email/settings/test", { to: "me@elsewhere.test" });
    expect(test.statusCode).toBe(409);
    expect(test.json().error.message).toMatch(/Outgoing email/);
  });

  it("stores the password sealed, never answers it, and keeps it when the form leaves it out", async () => {
    const saved = await useRelay("s3cret-pass word");
    expect(saved.statusCode).toBe(200);
    expect(saved.body).not.toContain("s3cret");
    expect(saved.json()).toMatchObject({ active: "settings", port: relay.port, security: "none", passwordSet: true });
    const stored = await app().app.database.query(
      "SELECT smtp_password_sealed FROM email_settings WHERE workspace_id = $1",
      [ws.workspaceId],
    );
    expect(String(stored.rows[0]?.smtp_password_sealed)).toMatch(/^v1:[0-9a-f]{8}:/);
    expect(String(stored.rows[0]?.smtp_password_sealed)).not.toContain("s3cret");
    expect((await useRelay()).json()).toMatchObject({ passwordSet: true });
  });

  it("sends a test mail with the stored login and shows the server's answer", async () => {
    await useRelay("s3cret-pass word");
    const res = await admin().post("/email/settings/test", { to: "me@elsewhere.test" });
    const result = res.json() as EmailTestResult;
    expect(result).toMatchObject({ ok: true, via: "settings", accepted: ["me@elsewhere.test"], error: null });
    expect(result.response).toMatch(/^250 /);
    expect(relay.logins.at(-1)).toEqual({ user: "switchboard@relay.test", pass: "s3cret-pass word" });
    expect(relay.received.at(-1)?.parsed.subject).toBe("Switchboard test mail");
  });

  it("shows the server's refusal when the password is wrong", async () => {
    await useRelay("not the password");
    const result = (await admin().post("/email/settings/test", { to: "me@elsewhere.test" })).json() as EmailTestResult;
    expect(result.ok).toBe(false);
    expect(result.error).toMatch(/535|[Aa]uthentication/);
    await useRelay("s3cret-pass word");
  });

  it("generates a DKIM key, shows the record to publish, and signs mail from that domain", async () => {
    const res = await admin().put("/email/settings/dkim", { domain: ws.domain, selector: "sb1" });
    expect(res.statusCode).toBe(200);
    const { dkim } = res.json() as EmailSettings;
    expect(dkim?.record.name).toBe(`sb1._domainkey.${ws.domain}`);
    expect(dkim?.record.value).toMatch(/^v=DKIM1; k=rsa; p=[A-Za-z0-9+/=]{300,}$/);
    const result = (await admin().post("/email/settings/test", { to: "me@elsewhere.test" })).json() as EmailTestResult;
    expect(result).toMatchObject({ ok: true, dkimSigned: true });
    const signature = /^DKIM-Signature: (.*(?:\r\n[ \t].*)*)/m.exec(relay.received.at(-1)?.raw ?? "")?.[1] ?? "";
    expect(signature).toContain(`d=${ws.domain};`);
    expect(signature).toContain("s=sb1;");
    const removed = (await admin().delete("/email/settings/dkim")).json() as EmailSettings;
    expect(removed.dkim).toBeNull();
  });

  it("sends agents' replies through the same settings", async () => {
    const subject = unique("Where is my invoice");
    await send(app().smtp, { from: "jo@customer.test", to: ws.billing, subject, text: "Hello?" });
    const issue = await eventually(async () => (await emailIssues(app().app, ws)).find((i) => i.title === subject));
    const before = relay.received.length;
    const reply = await admin().post(`/issues/${issue.number}/messages`, { body: "Here it is." });
    expect(reply.statusCode).toBe(201);
    const sent = await eventually(async () =>
      relay.received.slice(before).find((m) => m.parsed.subject?.includes(subject)),
    );
    expect(sent.parsed.to && !Array.isArray(sent.parsed.to) && sent.parsed.to.value[0]?.address).toBe(
      "jo@customer.test",
    );
  });

  it("is for admins only", async () => {
    const email = `${unique("member")}@${ws.domain}`;
    const created = await admin().post("/users", { email, name: "Member", role: "member", password: "password123" });
    expect(created.statusCode).toBe(201);
    const member = api(app().app, await logIn(app().app, email, "password123"));
    expect((await member.get("/email/settings")).statusCode).toBe(403);
    expect((await member.put("/email/settings", { host: "evil.test" })).statusCode).toBe(403);
  });
});

describe("inbox set-up check", () => {
  it("mails the inbox through the SMTP listener and shows when it arrived, without opening an issue", async () => {
    await admin().put("/email/settings", { host: "127.0.0.1", port: app().smtp.port, security: "none" });
    const inboxes = (await admin().get("/inboxes")).json() as { items: { id: string; address: string }[] };
    const support = inboxes.items.find((i) => i.address === ws.support);
    if (!support) throw new Error("no support inbox");
    const issuesBefore = (await emailIssues(app().app, ws)).length;

    const res = await admin().post(`/inboxes/${support.id}/check`);
    expect(res.statusCode).toBe(200);
    const started = res.json() as InboxCheckResult;
    expect(started).toMatchObject({ sent: true, sendError: null, address: ws.support });
    expect(started.check?.subjectToken).toMatch(/^\[sb-check-[0-9a-f]{10}\]$/);

    const arrived = await eventually(async () => {
      const setup = (await admin().get(`/inboxes/${support.id}/setup`)).json() as InboxSetup;
      return setup.check?.arrivedAt ? setup : undefined;
    });
    expect(new Date(arrived.check?.arrivedAt ?? 0).getTime()).toBeGreaterThanOrEqual(
      new Date(started.check?.sentAt ?? 0).getTime(),
    );
    expect((await emailIssues(app().app, ws)).length).toBe(issuesBefore);
  });

  it("recognises a test mail the admin sends by hand with the token in the subject", async () => {
    const inboxes = (await admin().get("/inboxes")).json() as { items: { id: string; address: string }[] };
    const billing = inboxes.items.find((i) => i.address === ws.billing);
    if (!billing) throw new Error("no billing inbox");
    await admin().put("/email/settings", { host: "127.0.0.1", port: 1, security: "none" });
    const started = (await admin().post(`/inboxes/${billing.id}/check`)).json() as InboxCheckResult;
    expect(started.sent).toBe(false);
    expect(started.sendError).toBeTruthy();
    await send(app().smtp, {
      from: "admin@gmail.test",
      to: ws.billing,
      subject: `Fwd: testing ${started.check?.subjectToken}`,
      text: "forwarded by Google",
    });
    const setup = (await admin().get(`/inboxes/${billing.id}/setup`)).json() as InboxSetup;
    expect(setup.check?.arrivedAt).not.toBeNull();
    expect(setup.listener.port).toBeGreaterThan(0);
  });
});
