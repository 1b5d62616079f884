// Noise never opens issues; what cannot be ingested is quarantined and can be retried;
// attachments are kept and served to the workspace only; without SMTP_URL replies wait in the outbox.
import type { Items, QuarantineEntry } from "@switchboard/api";
import { beforeAll, describe, expect, it } from "vitest";
import { api, buildWorkspace, logIn, unique } from "../harness";
import {
  buildMailWorkspace,
  emailIssues,
  issueTitled,
  type MailWorkspace,
  messagesOf,
  send,
  useEmailApp,
} from "./support";

const app = useEmailApp();
let ws: MailWorkspace;
beforeAll(async () => {
  ws = await buildMailWorkspace(app().app);
});

type QuarantineItem = QuarantineEntry;

async function quarantineList(): Promise<QuarantineItem[]> {
  return ((await api(app().app, ws.admin).get("/quarantine")).json() as Items<QuarantineItem>).items;
}

describe("noise and loop protection", () => {
  const cases: [string, Record<string, unknown>][] = [
    ["an Auto-Submitted auto-reply", { headers: { "Auto-Submitted": "auto-replied" } }],
    ["a Precedence: bulk mail", { headers: { Precedence: "bulk" } }],
    ["an X-Autoreply mail", { headers: { "X-Autoreply": "yes" } }],
    ["an out-of-office subject", { subjectPrefix: "Out of Office: " }],
    ["a bounce from MAILER-DAEMON", { from: "MAILER-DAEMON@mx.customer.test" }],
    ["a null-sender bounce", { envelope: { from: "", to: [] } }],
  ];
  for (const [what, variant] of cases) {
    it(`records ${what} without opening an issue`, async () => {
      const subject = `${(variant.subjectPrefix as string) ?? ""}${unique("Noise")}`;
      const from = (variant.from as string) ?? "kim@customer.test";
      await send(app().smtp, {
        from,
        to: ws.support,
        subject,
        text: "I am away until Monday.",
        headers: (variant.headers as Record<string, string>) ?? {},
        ...(variant.envelope ? { envelope: { from: "", to: [ws.support] } } : {}),
      });
      expect(await issueTitled(app().app, ws, subject)).toHaveLength(0);
      const entry = (await quarantineList()).find((q) => q.meta.subject === subject);
      expect(entry).toMatchObject({ status: "discarded", meta: { kind: "noise" } });
      expect(entry?.reason).toMatch(/^Ignored/);
    });
  }

  it("ignores a delivery status report (multipart/report)", async () => {
    const subject = unique("Delivery Status Notification");
    const raw = [
      "From: postmaster-robot@mx.customer.test",
      `To: ${ws.support}`,
      `Subject: ${subject}`,
      "MIME-Version: 1.0",
      'Content-Type: multipart/report; report-type=delivery-status; boundary="b1"',
      "",
      "--b1",
      "Content-Type: text/plain",
      "",
      "Your message could not be delivered.",
      "--b1",
      "Content-Type: message/delivery-status",
      "",
      "Reporting-MTA: dns; mx.customer.test",
      "",
      "Final-Recipient: rfc822; gone@customer.test",
      "Action: failed",
      "Status: 5.1.1",
      "--b1--",
      "",
    ].join("\r\n");
    await send(app().smtp, { envelope: { from: "postmaster-robot@mx.customer.test", to: [ws.support] }, raw });
    expect(await issueTitled(app().app, ws, subject)).toHaveLength(0);
    expect((await quarantineList()).find((q) => q.meta.subject === subject)?.meta.noise).toBe("bounce");
  });

  it("ignores mail from our own inbox address (a loop)", async () => {
    const subject = unique("Looped");
    await send(app().smtp, { from: ws.billing, to: ws.support, subject, text: "echo" });
    expect(await issueTitled(app().app, ws, subject)).toHaveLength(0);
    expect((await quarantineList()).find((q) => q.meta.subject === subject)?.meta.noise).toBe("own_address");
  });
});

function postMime(session: { cookie: string; csrfToken: string }, payload: string, query = "") {
  return app().app.http.inject({
    method: "POST",
    url: `/api/v1/inboxes/inbound-mime${query}`,
    headers: { cookie: session.cookie, "x-csrf-token": session.csrfToken, "content-type": "message/rfc822" },
    payload,
  });
}

describe("HTTP intake and quarantine", () => {
  it("accepts raw MIME posted by an admin and ingests it like SMTP mail", async () => {
    const subject = unique("Posted by a provider");
    const res = await postMime(
      ws.admin,
      `From: lee@customer.test\r\nTo: ${ws.support}\r\nSubject: ${subject}\r\n\r\nHello\r\n`,
    );
    expect(res.statusCode).toBe(202);
    expect(res.json()).toMatchObject({ outcomes: [{ kind: "ingested", createdIssue: true }] });
    expect(await issueTitled(app().app, ws, subject)).toHaveLength(1);
  });

  it("refuses raw MIME from a member", async () => {
    const admin = api(app().app, ws.admin);
    const email = `${unique("member")}@${ws.domain}`;
    await admin.post("/users", { email, name: "Member", role: "member", password: "password123" });
    const member = await logIn(app().app, email, "password123");
    const res = await postMime(member, `From: a@b.test\r\nTo: ${ws.support}\r\nSubject: x\r\n\r\nx\r\n`);
    expect(res.statusCode).toBe(403);
  });

  it("quarantines mail for an address that is not an inbox yet, and retry ingests it once it is", async () => {
    const late = `${unique("late")}@${ws.domain}`;
    const subject = unique("Before the inbox existed");
    const posted = await postMime(
      ws.admin,
      `From: lee@customer.test\r\nTo: ${late}\r\nSubject: ${subject}\r\n\r\nHello\r\n`,
    );
    expect(posted.json()).toMatchObject({ outcomes: [{ kind: "quarantined" }] });
    const entry = (await quarantineList()).find((q) => q.status === "pending" && q.reason.includes("No recipient"));
    expect(entry).toBeDefined();

    const admin = api(app().app, ws.admin);
    expect((await admin.post(`/quarantine/${entry?.id}/retry`)).statusCode).toBe(409);
    expect((await admin.post("/inboxes", { address: late, teamId: ws.teams.billing })).statusCode).toBe(201);
    const retried = await admin.post(`/quarantine/${entry?.id}/retry`);
    expect(retried.statusCode).toBe(200);
    expect(retried.json()).toMatchObject({ outcomes: [{ kind: "ingested" }], entry: { status: "retried" } });
    const [issue] = await issueTitled(app().app, ws, subject);
    expect(issue?.team?.id).toBe(ws.teams.billing);
    expect((await admin.post(`/quarantine/${entry?.id}/retry`)).statusCode).toBe(409);
  });

  it("keeps a quarantined mail's reason when a retry still cannot ingest it", async () => {
    const subject = unique("Anonymous");
    const raw = `To: ${ws.support}\r\nSubject: ${subject}\r\n\r\nWho am I?\r\n`;
    await send(app().smtp, { envelope: { from: "", to: [ws.support] }, raw });
    const entry = (await quarantineList()).find((q) => q.meta.subject === subject);
    const retried = await api(app().app, ws.admin).post(`/quarantine/${entry?.id}/retry`);
    expect(retried.statusCode).toBe(409);
    expect(retried.json()).toMatchObject({ error: { code: "conflict", message: expect.stringMatching(/no sender/) } });
  });
});

/** A 1×1 PNG: real image bytes, so the stored type is sniffed, not taken from the mail. */
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
  "base64",
);

describe("attachments", () => {
  it("stores attachments with a sniffed type and serves them to the workspace only", async () => {
    const subject = unique("Screenshot attached");
    await send(app().smtp, {
      from: "pat@customer.test",
      to: ws.support,
      subject,
      text: "See attached.",
      attachments: [
        { filename: "screen.png", content: PNG, contentType: "image/png" },
        { filename: "evil.html", content: "<script>alert(1)</script>", contentType: "text/html" },
      ],
    });
    const [issue] = await issueTitled(app().app, ws, subject);
    const [message] = await messagesOf(app().app, ws, issue?.number ?? 0);
    const files = message?.attachments ?? [];
    expect(files.map((f) => [f.filename, f.contentType])).toEqual([
      ["screen.png", "image/png"],
      ["evil.html", "application/octet-stream"],
    ]);

    const admin = api(app().app, ws.admin);
    const image = await admin.get(`/attachments/${files[0]?.id}`);
    expect(image.statusCode).toBe(200);
    expect(image.headers["content-type"]).toBe("image/png");
    expect(image.rawPayload.equals(PNG)).toBe(true);
    const html = await admin.get(`/attachments/${files[1]?.id}`);
    expect(html.headers["content-disposition"]).toMatch(/^attachment;/);
    expect(html.headers["x-content-type-options"]).toBe("nosniff");

    const stranger = await buildWorkspace(app().app);
    expect((await api(app().app, stranger.admin).get(`/attachments/${files[0]?.id}`)).statusCode).toBe(404);
    expect(
      (await app().app.http.inject({ method: "GET", url: `/api/v1/attachments/${files[0]?.id}` })).statusCode,
    ).toBe(401);
  });
});

describe("inline images", () => {
  it("shows an inline cid: image from its stored part and drops remote trackers", async () => {
    const subject = unique("Logo inline");
    await send(app().smtp, {
      from: "pat@customer.test",
      to: ws.support,
      subject,
      html:
        '<p>Our logo: <img src="cid:logo@customer.test" alt="logo"></p>' +
        '<img src="https://tracker.example/open.gif"><img src="//tracker.example/p.gif">',
      attachments: [{ filename: "logo.png", content: PNG, contentType: "image/png", cid: "logo@customer.test" }],
    });
    const [issue] = await issueTitled(app().app, ws, subject);
    const [message] = await messagesOf(app().app, ws, issue?.number ?? 0);
    const logo = message?.attachments.find((f) => f.filename === "logo.png");
    expect(logo).toBeDefined();
    expect(message?.bodyHtml).toContain(`<img src="/api/v1/attachments/${logo?.id}" alt="logo" />`);
    expect(message?.bodyHtml).not.toContain("tracker.example");
    expect(message?.bodyHtml).not.toContain("cid:");
    const image = await api(app().app, ws.admin).get(`/attachments/${logo?.id}`);
    expect(image.headers["content-type"]).toBe("image/png");
  });
});

describe("outbox without SMTP_URL", () => {
  it("keeps an agent's reply in the outbox and marks the message unsent with the reason", async () => {
    const subject = unique("Nobody sends this");
    await send(app().smtp, { from: "quinn@customer.test", to: ws.support, subject, text: "Hello?" });
    const [issue] = await issueTitled(app().app, ws, subject);
    const admin = api(app().app, ws.admin);
    const posted = await admin.post(`/issues/${issue?.number}/messages`, { body: "We are on it." });
    const id = (posted.json() as { id: string }).id;
    await app().app.services.jobs.idle(["message.deliver"]);
    const message = (await messagesOf(app().app, ws, issue?.number ?? 0)).find((m) => m.id === id);
    expect(message).toMatchObject({
      deliveryStatus: "unsent",
      deliveryError: expect.stringMatching(/SMTP_URL/),
      deliveryFix: "outgoing_email",
    });
    type Entry = { id: string; messageId: string; issueNumber: number; attempts: number; status: string };
    const unsent = async () =>
      ((await admin.get("/outbox?status=unsent")).json() as { items: Entry[] }).items.find((o) => o.messageId === id);
    expect(await unsent()).toMatchObject({
      to: ["quinn@customer.test"],
      from: `Admin <${ws.support}>`,
      bodyText: "We are on it.",
      issueNumber: issue?.number,
      attempts: 1,
    });
    expect(await emailIssues(app().app, ws)).not.toHaveLength(0);

    // Sending it again goes through delivery once more (still no SMTP here: unsent, 2 attempts).
    const entry = await unsent();
    expect((await admin.post(`/outbox/${entry?.id}/resend`, {})).statusCode).toBe(202);
    await app().app.services.jobs.idle(["message.deliver"]);
    expect(await unsent()).toMatchObject({ attempts: 2, status: "unsent" });
    // A delivered or internal message cannot be resent; another workspace's entry does not exist.
    const stranger = await buildWorkspace(app().app);
    expect((await api(app().app, stranger.admin).post(`/outbox/${entry?.id}/resend`, {})).statusCode).toBe(404);
  });
});
