// The SMTP spool: a 250 means the mail is stored; it is ingested right after, and what a process
// that died left in the spool (its lease ran out) is ingested by the next listener, exactly once.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EmailListener, startEmailListener } from "../../src/channels/email/listener";
import { type TestApp, unique, useTestApp } from "../harness";
import { buildMailWorkspace, emailIssues, issueTitled, type MailWorkspace, mailer, messagesOf, send } from "./support";

const app = useTestApp();
let ws: MailWorkspace;
let listener: EmailListener | undefined;

beforeAll(async () => {
  ws = await buildMailWorkspace(app());
});
afterAll(async () => {
  await listener?.close();
});

/** The raw source of a plain mail to `to`, as a sending server would transmit it. */
function rawMail(to: string, subject: string, messageId: string) {
  return Buffer.from(
    [
      `From: Kim Park <kim@${unique("globex")}.test>`,
      `To: ${to}`,
      `Subject: ${subject}`,
      `Message-ID: <${messageId}>`,
      `Date: ${new Date().toUTCString()}`,
      "Content-Type: text/plain; charset=utf-8",
      "",
      "Our nightly sync stopped on Tuesday.",
      "",
    ].join("\r\n"),
  );
}

/** What a process killed between its 250 and ingesting leaves behind: a spooled row it claimed. */
async function leftByDeadProcess(t: TestApp, raw: Buffer, to: string, leaseEnded: boolean) {
  await t.database.query(
    `INSERT INTO email_spool (raw, mail_from, recipients, claimed_by, claimed_until)
     VALUES ($1, 'kim@globex.test', $2, 'a-process-that-died', now() + make_interval(secs => $3))`,
    [raw, [to], leaseEnded ? -1 : 3_600],
  );
}

const spooled = async (t: TestApp) =>
  Number((await t.database.query("SELECT count(*)::int AS n FROM email_spool")).rows[0]?.n);

describe("the SMTP spool", () => {
  it("answers 250 once the mail is stored and ingests it right after; nothing stays spooled", async () => {
    const t = app();
    listener = await startEmailListener(t.services, { host: "127.0.0.1", port: 0 });
    const subject = unique("Nightly sync stopped");
    const info = await send(listener, { from: "kim@globex.test", to: ws.support, subject, text: "It stopped." });
    expect(info.response).toMatch(/^250/);
    expect(await issueTitled(t, ws, subject)).toHaveLength(1);
    expect(await spooled(t)).toBe(0);
    await listener.close();
    listener = undefined;
  });

  it("stores what arrives beyond what it may hold unclaimed, and takes it over as room frees up", async () => {
    const t = app();
    listener = await startEmailListener(t.services, { host: "127.0.0.1", port: 0, heldMax: 2 });
    const smtp = listener;
    const subject = unique("Burst");
    const MAILS = 12;
    const transports = Array.from({ length: 4 }, () => mailer(smtp));
    await Promise.all(
      Array.from({ length: MAILS }, (_, i) =>
        transports[i % transports.length]?.sendMail({
          from: `kim${i}@globex.test`,
          to: ws.support,
          subject: `${subject} ${i}`,
          text: `Mail ${i} of a burst.`,
        }),
      ),
    );
    for (const transport of transports) transport.close();
    await smtp.idle();
    const titles = (await emailIssues(t, ws)).map((i) => i.title).filter((title) => title.startsWith(subject));
    expect(titles.sort()).toEqual(Array.from({ length: MAILS }, (_, i) => `${subject} ${i}`).sort());
    expect(await spooled(t)).toBe(0);
    await smtp.close();
    listener = undefined;
  });

  it("ingests what a dead process left once its lease ran out, and a mail it had already ingested not twice", async () => {
    const t = app();
    const subject = unique("Left in the spool");
    const messageId = `${unique("left")}@globex.test`;
    const raw = rawMail(ws.support, subject, messageId);
    // The process had ingested the mail and died before removing it: the row is spooled twice over.
    await leftByDeadProcess(t, raw, ws.support, true);
    await leftByDeadProcess(t, raw, ws.support, true);
    listener = await startEmailListener(t.services, { host: "127.0.0.1", port: 0 });
    await listener.idle();
    const issues = await issueTitled(t, ws, subject);
    expect(issues).toHaveLength(1);
    expect(await messagesOf(t, ws, issues[0]?.number ?? 0)).toHaveLength(1);
    expect(await spooled(t)).toBe(0);
    await listener.close();
    listener = undefined;
  });

  it("leaves a row whose lease still runs to its process, unless the database is embedded (one process only)", async () => {
    const t = app();
    const subject = unique("Still claimed");
    await leftByDeadProcess(t, rawMail(ws.support, subject, `${unique("claimed")}@globex.test`), ws.support, false);
    listener = await startEmailListener(t.services, { host: "127.0.0.1", port: 0 });
    await listener.idle();
    if (t.database.kind === "pglite") {
      // No other process can have the embedded database open: what an earlier one held is ours at once.
      expect(await issueTitled(t, ws, subject)).toHaveLength(1);
      expect(await spooled(t)).toBe(0);
    } else {
      expect(await issueTitled(t, ws, subject)).toHaveLength(0);
      expect(await spooled(t)).toBe(1);
      await t.database.query("DELETE FROM email_spool");
    }
    await listener.close();
    listener = undefined;
  });
});
