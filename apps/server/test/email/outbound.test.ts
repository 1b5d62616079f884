// Agent replies on email issues leave through SMTP (a local sink stands in for the world's
// mail servers), correctly threaded; failures are retried and surfaced on the message.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, unique } from "../harness";
import {
  buildMailWorkspace,
  eventually,
  issueTitled,
  type ListedMessage,
  type MailWorkspace,
  messagesOf,
  type Sink,
  send,
  startSink,
  useEmailApp,
} from "./support";

let sink: Sink;
beforeAll(async () => {
  sink = await startSink();
});
afterAll(async () => {
  await sink.close();
});
const app = useEmailApp(() => ({ SMTP_URL: sink.url }));
let ws: MailWorkspace;
beforeAll(async () => {
  ws = await buildMailWorkspace(app().app);
});

async function customerIssue() {
  const subject = unique("Invoice question");
  const messageId = `<${unique("cust")}@customer.test>`;
  await send(app().smtp, {
    from: "Jo Customer <jo@customer.test>",
    to: ws.billing,
    subject,
    text: "Why two invoices?",
    messageId,
  });
  const [issue] = await issueTitled(app().app, ws, subject);
  if (!issue) throw new Error("no issue");
  return { issue, subject, messageId };
}

async function reply(number: number, body: string): Promise<string> {
  const res = await api(app().app, ws.admin).post(`/issues/${number}/messages`, { body });
  expect(res.statusCode).toBe(201);
  return (res.json() as { id: string }).id;
}

async function messageById(number: number, id: string): Promise<ListedMessage | undefined> {
  return (await messagesOf(app().app, ws, number)).find((m) => m.id === id);
}

describe("outbound email", () => {
  it("keeps the customer's Cc on the reply, without our own addresses", async () => {
    const subject = unique("Renewal with finance in cc");
    await send(app().smtp, {
      from: "Jo Customer <jo@customer.test>",
      to: ws.billing,
      cc: [`Fin Lead <fin@customer.test>`, ws.support, "ops@partner.test"],
      subject,
      text: "Looping in our finance lead.",
    });
    const [issue] = await issueTitled(app().app, ws, subject);
    const [first] = await messagesOf(app().app, ws, issue?.number ?? 0);
    expect((first as ListedMessage & { emailCc: string[] }).emailCc).toEqual(["fin@customer.test", "ops@partner.test"]);

    await reply(issue?.number ?? 0, "Happy to help with the renewal.");
    const sent = await eventually(async () => sink.received.find((m) => m.parsed.subject?.includes(subject)));
    expect(sent.envelope.to.sort()).toEqual(["fin@customer.test", "jo@customer.test", "ops@partner.test"]);
    expect([sent.parsed.cc].flat().flatMap((c) => c?.value.map((v) => v.address))).toEqual([
      "fin@customer.test",
      "ops@partner.test",
    ]);
    // The outbox row is written once the relay accepted the mail, just after the sink saw it.
    const outboxed = await eventually(async () => {
      const outbox = (await api(app().app, ws.admin).get("/outbox")).json() as {
        items: { subject: string; status: string; cc: string[] }[];
      };
      return outbox.items.find((o) => o.subject.includes(subject) && o.status === "sent");
    });
    expect(outboxed.cc).toEqual(["fin@customer.test", "ops@partner.test"]);
  });

  it("copies in whom the agent adds as Cc, beside the thread's own Cc, and keeps them on later replies", async () => {
    const { issue, subject } = await customerIssue();
    const as = api(app().app, ws.admin);
    const res = await as.post(`/issues/${issue.number}/messages`, {
      body: "Adding your account manager.",
      cc: ["AM@Customer.test", "jo@customer.test"],
    });
    expect(res.statusCode, res.body).toBe(201);
    const sent = await eventually(async () => sink.received.find((m) => m.parsed.subject?.includes(subject)));
    expect(sent.envelope.to.sort()).toEqual(["am@customer.test", "jo@customer.test"]);
    expect([sent.parsed.cc].flat().flatMap((c) => c?.value.map((v) => v.address))).toEqual(["am@customer.test"]);
    await eventually(async () => (await messageById(issue.number, res.json().id))?.deliveryStatus === "sent");
    await reply(issue.number, "And a follow-up.");
    const second = await eventually(async () =>
      sink.received.find((m) => m.parsed.subject?.includes(subject) && m.parsed.text?.includes("follow-up")),
    );
    expect(second.envelope.to.sort()).toEqual(["am@customer.test", "jo@customer.test"]);
    // Cc belongs to a public email reply: a note has nobody to copy.
    const note = await as.post(`/issues/${issue.number}/messages`, {
      visibility: "internal",
      body: "FYI",
      cc: ["am@customer.test"],
    });
    expect(note.statusCode).toBe(400);
    expect(note.json().error.code).toBe("validation_failed");
  });

  it("sends an agent's reply from the team address with threading headers and a reply token", async () => {
    const { issue, subject, messageId } = await customerIssue();
    const id = await reply(issue.number, "Hi Jo, the second one is a duplicate; we voided it.");
    const sent = await eventually(async () => sink.received.find((m) => m.parsed.subject?.includes(subject)));

    const mail = sent.parsed;
    expect(mail.from?.value[0]).toMatchObject({ name: "Admin", address: ws.billing });
    expect(sent.envelope.to).toEqual(["jo@customer.test"]);
    expect(mail.subject).toMatch(new RegExp(`^Re: ${subject} \\[#${issue.number}-[0-9a-f]{8}\\]$`));
    expect(mail.messageId).toBe(`<sb-${id}@${ws.domain}>`);
    expect(mail.inReplyTo).toBe(messageId);
    expect([mail.references].flat()).toContain(messageId);
    expect(mail.replyTo?.value[0]?.address).toMatch(new RegExp(`^billing\\+${issue.number}-[0-9a-f]{8}@${ws.domain}$`));
    expect(mail.text).toContain("we voided it");
    await eventually(async () => (await messageById(issue.number, id))?.deliveryStatus === "sent");

    // The customer's answer to our mail comes back into the same issue.
    await send(app().smtp, {
      from: "jo@customer.test",
      to: mail.replyTo?.value[0]?.address ?? "",
      subject: `Re: ${mail.subject}`,
      text: "Great, thanks!",
      inReplyTo: mail.messageId,
      references: [messageId, mail.messageId ?? ""],
    });
    const thread = await messagesOf(app().app, ws, issue.number);
    expect(thread.map((m) => m.authorType)).toEqual(["contact", "user", "contact"]);
  });

  it("sends a trigger's macro reply to the customer from the team, marked as an automatic reply", async () => {
    const as = api(app().app, ws.admin);
    const keyword = unique("acknowledge");
    const macro = await as.post("/macros", {
      name: unique("Acknowledge"),
      body: "Hi {{contact.first_name}}, we got your message about {{issue.title}} and will answer within a day.",
    });
    expect(macro.statusCode).toBe(201);
    const trigger = await as.post("/triggers", {
      name: unique("Acknowledge new mail"),
      event: "issue_created",
      conditions: { field: "message.text", op: "contains", value: keyword },
      actions: [{ type: "macro_reply", macroId: macro.json().id }],
    });
    expect(trigger.statusCode, trigger.body).toBe(201);

    const subject = unique("Card declined");
    await send(app().smtp, {
      from: "Jo Customer <jo@customer.test>",
      to: ws.billing,
      subject,
      text: `Our card was declined (${keyword}).`,
    });
    const sent = await eventually(async () => sink.received.find((m) => m.parsed.subject?.includes(subject)));
    expect(sent.envelope.to).toEqual(["jo@customer.test"]);
    expect(sent.parsed.from?.value[0]?.address).toBe(ws.billing);
    expect(sent.parsed.text).toContain(`Hi Jo, we got your message about ${subject}`);
    expect(sent.parsed.headers.get("auto-submitted")).toBe("auto-replied");
    const [issue] = await issueTitled(app().app, ws, subject);
    const thread = await eventually(async () => {
      const messages = await messagesOf(app().app, ws, issue?.number ?? 0);
      return messages.at(-1)?.deliveryStatus === "sent" ? messages : undefined;
    });
    expect(thread.map((m) => m.authorType)).toEqual(["contact", "system"]);
    // An automatic acknowledgement is not an answer: the issue still waits on the team.
    const after = (await as.get(`/issues/${issue?.number}`)).json();
    expect(after).toMatchObject({ state: "new", firstResponseAt: null });
  });

  it("retries a transient SMTP failure and then delivers", async () => {
    const { issue, subject } = await customerIssue();
    sink.failNext(1);
    const id = await reply(issue.number, "Retry me.");
    await eventually(async () => (await messageById(issue.number, id))?.deliveryStatus === "sent", 25_000);
    expect(sink.received.filter((m) => m.parsed.subject?.includes(subject))).toHaveLength(1);
    const outbox = (await api(app().app, ws.admin).get("/outbox?status=sent")).json() as {
      items: { messageId: string; attempts: number }[];
    };
    expect(outbox.items.find((o) => o.messageId === id)?.attempts).toBe(2);
  }, 40_000);

  it("surfaces a delivery failure on the message", async () => {
    const { issue } = await customerIssue();
    sink.failAlways(true);
    try {
      const id = await reply(issue.number, "This one bounces.");
      const failed = await eventually(async () => {
        const m = await messageById(issue.number, id);
        return m?.deliveryStatus === "failed" ? m : undefined;
      });
      expect(failed.deliveryError).toMatch(/Relay denied/);
      const outbox = (await api(app().app, ws.admin).get("/outbox?status=failed")).json() as {
        items: { id: string; messageId: string; error: string }[];
      };
      const entry = outbox.items.find((o) => o.messageId === id);
      expect(entry?.error).toMatch(/Relay denied/);
      // pg-boss still retries it: sending it again by hand now would race that retry.
      const resend = await api(app().app, ws.admin).post(`/outbox/${entry?.id}/resend`, {});
      expect(resend.statusCode).toBe(409);
    } finally {
      sink.failAlways(false);
    }
  });

  it("never emails internal notes", async () => {
    const { issue, subject } = await customerIssue();
    const res = await api(app().app, ws.admin).post(`/issues/${issue.number}/messages`, {
      body: "note",
      visibility: "internal",
    });
    expect(res.statusCode).toBe(201);
    await app().app.services.jobs.idle(["message.deliver"]);
    expect(sink.received.filter((m) => m.parsed.subject?.includes(subject))).toHaveLength(0);
  });
});
