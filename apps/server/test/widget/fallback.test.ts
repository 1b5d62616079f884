// The widget's email fallback over real SMTP: an agent reply the verified customer has not seen
// in the widget within the widget's fallbackMinutes goes to them by email (a local sink receives
// it), threaded so that their email answer joins the same widget issue; a seen reply is not mailed.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  buildMailWorkspace,
  eventually,
  type MailWorkspace,
  messagesOf,
  type Sink,
  send,
  startSink,
  useEmailApp,
} from "../email/support";
import { api, unique } from "../harness";
import { boot, createTestWidget, signed, type TestWidget } from "./support";

let sink: Sink;
beforeAll(async () => {
  sink = await startSink();
});
afterAll(async () => {
  await sink.close();
});
const app = useEmailApp(() => ({ SMTP_URL: sink.url }));
let ws: MailWorkspace;
let widget: TestWidget;
beforeAll(async () => {
  ws = await buildMailWorkspace(app().app);
  widget = await createTestWidget(app().app, ws, { fallbackMinutes: 10 });
});

const minutesLater = (minutes: number) => {
  const at = new Date(Date.now() + minutes * 60_000);
  app().app.services.now = () => at;
};

async function sweep() {
  const { services } = app().app;
  await services.jobs.enqueue("widget.fallback", { workspaceId: ws.workspaceId });
  await services.jobs.idle(["widget.fallback"], 30_000);
}

async function conversationWithReply(email: string, question: string, answer: string) {
  const customer = await boot(app().app, widget.appId, signed(widget, email, "Jo Customer"));
  const { conversation } = await customer.start(question);
  const reply = await api(app().app, ws.admin).post(`/issues/${conversation.number}/messages`, { body: answer });
  expect(reply.statusCode, reply.body).toBe(201);
  await app().app.services.jobs.idle(["message.deliver"], 30_000);
  return { customer, number: conversation.number };
}

describe("email fallback", () => {
  it("emails an unseen reply after the widget's minutes, and the email answer joins the widget issue", async () => {
    const email = `${unique("jo")}@customer.test`;
    const { number } = await conversationWithReply(email, "Is the API rate-limited?", "Yes: 100 requests a second.");
    app().app.services.now = undefined;
    await sweep();
    expect(sink.received.filter((m) => m.envelope.to.includes(email))).toHaveLength(0);

    minutesLater(11);
    try {
      await sweep();
      const mail = await eventually(async () => sink.received.find((m) => m.envelope.to.includes(email)));
      expect(mail.parsed.text).toContain("Yes: 100 requests a second.");
      expect(mail.parsed.subject).toContain("Is the API rate-limited?");
      const replyTo = mail.parsed.replyTo?.value[0]?.address ?? "";
      expect(replyTo).toMatch(/^support\+\d+-[0-9a-f]{8}@/);
      // A second sweep sends nothing more.
      await sweep();
      expect(sink.received.filter((m) => m.envelope.to.includes(email))).toHaveLength(1);

      await send(app().smtp, {
        from: `Jo Customer <${email}>`,
        to: replyTo,
        subject: `Re: ${mail.parsed.subject}`,
        text: "Thanks, and per key?",
        inReplyTo: mail.parsed.messageId,
      });
      const joined = await eventually(async () =>
        (await messagesOf(app().app, ws, number)).find((m) => m.bodyText.includes("Thanks, and per key?")),
      );
      expect(joined).toBeDefined();
      const widgetIssues = (await api(app().app, ws.admin).get("/issues?channel=email")).json() as { items: unknown[] };
      expect(widgetIssues.items).toHaveLength(0);
    } finally {
      app().app.services.now = undefined;
    }
  });

  it("does not email a reply the customer saw in the widget", async () => {
    const email = `${unique("seen")}@customer.test`;
    const { customer, number } = await conversationWithReply(
      email,
      "Do you have SOC 2?",
      "Yes, the report is in the trust center.",
    );
    expect((await customer.post(`/conversations/${number}/seen`)).statusCode).toBe(200);
    minutesLater(30);
    try {
      await sweep();
      expect(sink.received.filter((m) => m.envelope.to.includes(email))).toHaveLength(0);
    } finally {
      app().app.services.now = undefined;
    }
  });
});
