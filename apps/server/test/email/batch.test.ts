// Mails that arrive together are ingested as one batch (group commit): the outcome must be
// exactly that of ingesting them one by one, in order. The same mails go through both paths in
// two workspaces, and the issues, messages, contacts and event log they leave are compared.
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { runCommand } from "../../src/commands/context";
import {
  type EmailIngestOutcome,
  type EmailIntake,
  emailWaves,
  ingestEmail,
  ingestEmails,
  isStale,
} from "../../src/commands/email";
import { isRefusal } from "../../src/commands/inbound";
import { issues } from "../../src/db/schema";
import { api } from "../harness";
import { buildMailWorkspace, type MailWorkspace, useEmailApp } from "./support";

const app = useEmailApp({ EMAIL_REOPEN_DAYS: "30" });
const EMAIL = { type: "system", name: "email" } as const;

interface Mail {
  id: string;
  from: string;
  subject?: string;
  refs?: string[];
  /** The customer a colleague wrote to (the cc case). */
  to?: string;
}

const DAY = 86_400;
/** Every time in this file is on one fixed clock: `at` seconds after the burst's day began. */
const sentAt = (at: number) => new Date(Date.UTC(2026, 10, 20, 9, 0, at));

function intake(ws: MailWorkspace, mail: Mail, at: number): EmailIntake {
  return {
    inbound: {
      workspaceId: ws.workspaceId,
      channel: "email",
      externalId: mail.id,
      author: { email: mail.from, name: mail.from.split("@")[0] },
      ...(mail.to ? { requester: { email: mail.to } } : {}),
      text: `Body of ${mail.id}`,
      subject: mail.subject ?? `Re: ${mail.refs?.at(-1)}`,
      sentAt: sentAt(at),
      source: { inbox: ws.support },
      defaultTeamId: ws.teams.support,
    },
    references: [...(mail.refs ?? [])].reverse(),
    tokens: [],
    reopenWindowDays: 30,
  };
}

/** What a workspace's mail left behind, comparable across workspaces (Message-IDs are per workspace). */
async function snapshot(ws: MailWorkspace) {
  const { database } = app().app;
  const issues = await database.query(
    `SELECT i.thread_key, i.title, i.state, i.source->>'followUpOf' IS NOT NULL AS follow_up, c.email AS requester,
            i.last_message_at, i.last_customer_message_at, i.first_response_at,
            (SELECT min(m.created_at) FROM message m WHERE m.issue_id = i.id) AS first_message_at,
            (SELECT string_agg(coalesce(m.external_id, '?') || ':' || m.author_type, ' ' ORDER BY m.created_at)
               FROM message m WHERE m.issue_id = i.id) AS messages
       FROM issue i LEFT JOIN contact c ON c.id = i.requester_contact_id
      WHERE i.workspace_id = $1 ORDER BY i.thread_key`,
    [ws.workspaceId],
  );
  const contacts = await database.query("SELECT email FROM contact WHERE workspace_id = $1 ORDER BY email", [
    ws.workspaceId,
  ]);
  // Intake's own events; routing jobs (AI decisions, priority) run in the background at their own pace.
  const events = await database.query(
    `SELECT type, count(*)::int AS n FROM issue_event
      WHERE workspace_id = $1 AND type IN ('created', 'message', 'state', 'reopened', 'linked')
      GROUP BY type ORDER BY type`,
    [ws.workspaceId],
  );
  return { issues: issues.rows, contacts: contacts.rows, events: events.rows };
}

/**
 * Two earlier threads, then closed: one just before the burst, one beyond the reopen window.
 * The reopen rule measures a reply's sent time against the close, so the closes are set on the
 * mails' fixed clock: closed at the database's now(), this scenario held only until ten days
 * after the mails' date, and a reply to the long-closed thread then reopened it instead.
 */
async function arrange(ws: MailWorkspace) {
  const { app: t } = app();
  const earlier = [
    { id: "<z1@acme.test>", at: 0, closedAt: 5 },
    { id: "<z2@acme.test>", at: -50 * DAY, closedAt: -40 * DAY },
  ];
  for (const [i, { id, at, closedAt }] of earlier.entries()) {
    const result = await runCommand(t.services, { workspaceId: ws.workspaceId, actor: EMAIL }, (ctx) =>
      ingestEmail(ctx, intake(ws, { id, from: "zoe@acme.test", subject: `Earlier ${i}` }, at)),
    );
    // A second message in the thread, so later replies can name the thread without sharing an id.
    await runCommand(t.services, { workspaceId: ws.workspaceId, actor: EMAIL }, (ctx) =>
      ingestEmail(ctx, intake(ws, { id: id.replace("@", "b@"), from: "zoe@acme.test", refs: [id] }, at + 2)),
    );
    const closed = await api(t, ws.admin).patch(`/issues/${ingested(result).issue.number}`, { state: "closed" });
    expect(closed.statusCode).toBe(200);
    await t.database.query("UPDATE issue SET resolved_at = $3 WHERE workspace_id = $1 AND thread_key = $2", [
      ws.workspaceId,
      id,
      sentAt(closedAt),
    ]);
  }
}

function ingested(outcome: EmailIngestOutcome | undefined) {
  if (!outcome || isRefusal(outcome)) throw new Error(`not ingested: ${JSON.stringify(outcome)}`);
  return outcome;
}

function burst(ws: MailWorkspace): Mail[] {
  return [
    { id: "<a1@acme.test>", from: "ann@acme.test", subject: "Export fails" },
    { id: "<a2@acme.test>", from: "ann@acme.test", refs: ["<a1@acme.test>"] },
    { id: "<b1@other.test>", from: "bob@other.test", subject: "Invoice question" },
    // A redelivery of the first mail.
    { id: "<a1@acme.test>", from: "ann@acme.test", subject: "Export fails" },
    // Two replies whose root never reached us: the first opens the thread, the second joins it.
    { id: "<c1@acme.test>", from: "cat@acme.test", refs: ["<c0@acme.test>"] },
    { id: "<c2@acme.test>", from: "cat@acme.test", refs: ["<c0@acme.test>", "<c1@acme.test>"] },
    { id: "<a3@acme.test>", from: "ann@acme.test", subject: "Another topic" },
    // A colleague writes to a customer with the team address in cc.
    { id: "<d1@ours.test>", from: `admin@${ws.domain}`, to: "dan@acme.test", subject: "Following up" },
    // Two replies to an issue closed just now: it reopens once, both join it.
    { id: "<z1r1@acme.test>", from: "zoe@acme.test", refs: ["<z1@acme.test>"] },
    { id: "<z1r2@acme.test>", from: "zoe@acme.test", refs: ["<z1@acme.test>"] },
    // Two replies to one closed beyond the window, to different mails of it (no Message-ID in
    // common): one follow-up issue takes both.
    { id: "<z2r1@acme.test>", from: "zoe@acme.test", refs: ["<z2@acme.test>"] },
    { id: "<z2r2@acme.test>", from: "zoe@acme.test", refs: ["<z2b@acme.test>"] },
    // Replies to mails of the same batch: to one that reopened an issue, and to the one that
    // opened the follow-up (it must stay after the reply above that waits for that follow-up).
    { id: "<z1r3@acme.test>", from: "zoe@acme.test", refs: ["<z1@acme.test>", "<z1r1@acme.test>"] },
    { id: "<z2r3@acme.test>", from: "zoe@acme.test", refs: ["<z2@acme.test>", "<z2r1@acme.test>"] },
    // A reply that arrives before the mail it answers, which then joins the reply's thread.
    { id: "<e2@acme.test>", from: "eve@acme.test", refs: ["<e1@acme.test>"] },
    { id: "<e1@acme.test>", from: "eve@acme.test", subject: "Late root" },
    // A reply to the redelivered mail, after the redelivery.
    { id: "<a4@acme.test>", from: "ann@acme.test", refs: ["<a1@acme.test>"] },
    // A colleague without a Switchboard account writes to the team alone: internal, refused.
    { id: "<f1@ours.test>", from: `finance@${ws.domain}`, subject: "Lunch order" },
  ];
}

describe("email batches", () => {
  let one: MailWorkspace;
  let many: MailWorkspace;
  beforeAll(async () => {
    one = await buildMailWorkspace(app().app);
    many = await buildMailWorkspace(app().app);
    await arrange(one);
    await arrange(many);
  });

  it("answers one closed thread within the reopen window and one beyond it, whatever the day it runs", async () => {
    const rows = await app().app.database.db.select().from(issues).where(eq(issues.workspaceId, many.workspaceId));
    const staleAtBurst = (key: string) => {
      const closed = rows.find((r) => r.threadKey === key);
      return closed && isStale(closed, 30, sentAt(10));
    };
    expect(staleAtBurst("<z1@acme.test>")).toBe(false);
    expect(staleAtBurst("<z2@acme.test>")).toBe(true);
  });

  it("leaves exactly what ingesting the same mails one by one leaves", async () => {
    const { app: t } = app();
    const sequential = [];
    for (const [i, mail] of burst(one).entries()) {
      sequential.push(
        await runCommand(t.services, { workspaceId: one.workspaceId, actor: EMAIL }, (ctx) =>
          ingestEmail(ctx, intake(one, mail, 10 + i)),
        ),
      );
    }
    const batched = await runCommand(t.services, { workspaceId: many.workspaceId, actor: EMAIL }, (ctx) =>
      ingestEmails(
        ctx,
        burst(many).map((mail, i) => intake(many, mail, 10 + i)),
      ),
    );

    const outcome = (r: (typeof batched)[number]) =>
      isRefusal(r)
        ? { refused: r.refused.replaceAll(many.domain, "…").replaceAll(one.domain, "…") }
        : {
            created: r.createdIssue,
            duplicate: r.duplicate,
            followUp: r.followUpOf !== undefined,
            state: r.issue.state,
          };
    expect(batched.map(outcome)).toEqual(sequential.map(outcome));
    expect(await snapshot(many)).toEqual(await snapshot(one));

    const after = await snapshot(many);
    const issue = (key: string) => after.issues.find((i) => i.thread_key === key);
    expect(ingested(batched[3]).duplicate).toBe(true);
    expect(batched.filter(isRefusal).map((r) => r.refused)).toEqual([
      expect.stringMatching(/^Internal mail: finance@/),
    ]);
    expect(issue("<a1@acme.test>")?.messages).toBe(
      "<a1@acme.test>:contact <a2@acme.test>:contact <a4@acme.test>:contact",
    );
    expect(issue("<e1@acme.test>")?.messages).toBe("<e2@acme.test>:contact <e1@acme.test>:contact");
    expect(issue("<c0@acme.test>")?.messages).toBe("<c1@acme.test>:contact <c2@acme.test>:contact");
    expect(issue("<d1@ours.test>")).toMatchObject({ requester: "dan@acme.test", messages: "<d1@ours.test>:user" });
    // Activity times: a new issue's come from its first message, and a reply moves them on.
    const sent = (i: number) => sentAt(10 + i).getTime();
    const time = (value: unknown) => (value ? new Date(value as string).getTime() : null);
    const a1 = issue("<a1@acme.test>");
    expect([a1?.first_message_at, a1?.last_message_at, a1?.last_customer_message_at].map(time)).toEqual([
      sent(0),
      sent(16),
      sent(16),
    ]);
    expect(time(a1?.first_response_at)).toBeNull();
    const b1 = issue("<b1@other.test>");
    expect([b1?.first_message_at, b1?.last_message_at, b1?.last_customer_message_at].map(time)).toEqual([
      sent(2),
      sent(2),
      sent(2),
    ]);
    const d1 = issue("<d1@ours.test>");
    expect([d1?.first_response_at, d1?.last_message_at, d1?.last_customer_message_at].map(time)).toEqual([
      sent(7),
      sent(7),
      null,
    ]);
    expect(issue("<z1@acme.test>")).toMatchObject({
      state: "on_you",
      messages:
        "<z1@acme.test>:contact <z1b@acme.test>:contact <z1r1@acme.test>:contact <z1r2@acme.test>:contact <z1r3@acme.test>:contact",
    });
    expect(issue("<z2r1@acme.test>")).toMatchObject({
      follow_up: true,
      messages: "<z2r1@acme.test>:contact <z2r2@acme.test>:contact <z2r3@acme.test>:contact",
    });
    // One contact per person, however many of their mails came in the batch.
    expect(after.contacts.map((c) => c.email)).toEqual([
      "ann@acme.test",
      "bob@other.test",
      "cat@acme.test",
      "dan@acme.test",
      "eve@acme.test",
      "zoe@acme.test",
    ]);
  });

  it("puts a mail after every earlier mail of the batch with its Message-ID or reply token, and a reply with what it answers", () => {
    const ws = { workspaceId: "w", support: "s@x.test", teams: { support: "t" } } as MailWorkspace;
    const mails = [
      intake(ws, { id: "<1>", from: "a@x.test", subject: "one" }, 0),
      intake(ws, { id: "<2>", from: "a@x.test", refs: ["<1>"] }, 1),
      intake(ws, { id: "<3>", from: "a@x.test", subject: "three" }, 2),
      intake(ws, { id: "<4>", from: "a@x.test", refs: ["<1>", "<2>"] }, 3),
      { ...intake(ws, { id: "<5>", from: "a@x.test", subject: "token" }, 4), tokens: [{ number: 9, token: "x" }] },
      { ...intake(ws, { id: "<6>", from: "a@x.test", subject: "token" }, 5), tokens: [{ number: 9, token: "x" }] },
      // A redelivery of <2>, and replies to it and to the mail after the reply token.
      intake(ws, { id: "<2>", from: "a@x.test", refs: ["<1>"] }, 6),
      intake(ws, { id: "<7>", from: "a@x.test", refs: ["<1>", "<2>"] }, 7),
      intake(ws, { id: "<8>", from: "a@x.test", refs: ["<6>"] }, 8),
      intake(ws, { id: "<9>", from: "a@x.test", refs: ["<3>"] }, 9),
    ];
    expect(emailWaves(mails)).toEqual([
      [0, 1, 2, 3, 4, 9],
      [5, 6, 7, 8],
    ]);
  });
});
