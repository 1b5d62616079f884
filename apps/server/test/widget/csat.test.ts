// CSAT round trips in the channel the customer used: the widget's inline rating and the email
// survey's signed one-click links (over real SMTP to a sink). One answer per issue and
// resolution: repeated clicks do not add answers, a changed click updates it, a reopened and
// again closed issue is rated anew; every answer is an event of the issue.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  buildMailWorkspace,
  eventually,
  issueTitled,
  type MailWorkspace,
  type Sink,
  send,
  startSink,
  useEmailApp,
} from "../email/support";
import { expectError } from "../foundation/support";
import { api, unique } from "../harness";
import { boot, createTestWidget, signed, type TestWidget } from "./support";

let sink: Sink;
beforeAll(async () => {
  sink = await startSink();
});
afterAll(async () => {
  await sink.close();
});
const app = useEmailApp(() => ({ SMTP_URL: sink.url, PUBLIC_URL: "https://support.example.test" }));
let ws: MailWorkspace;
let widget: TestWidget;
beforeAll(async () => {
  ws = await buildMailWorkspace(app().app);
  widget = await createTestWidget(app().app, ws);
});

const admin = () => api(app().app, ws.admin);

async function setState(number: number, state: string) {
  const res = await admin().patch(`/issues/${number}`, { state });
  expect(res.statusCode, res.body).toBe(200);
}

async function requests(number: number) {
  const res = await admin().get(`/issues/${number}/events`);
  return (res.json() as { items: { type: string; data: Record<string, unknown> }[] }).items.filter(
    (e) => e.type === "csat_requested",
  );
}

async function csatEvents(number: number) {
  const res = await admin().get(`/issues/${number}/events`);
  return (res.json() as { items: { type: string; data: Record<string, unknown> }[] }).items.filter(
    (e) => e.type === "csat",
  );
}

describe("CSAT in the widget", () => {
  it("rates a resolved conversation once, updates on a changed click, and asks again after a reopen", async () => {
    const customer = await boot(app().app, widget.appId, signed(widget, `${unique("rate")}@customer.test`));
    const { conversation } = await customer.start("Please reset my 2FA");
    const n = conversation.number;
    expectError(await customer.post(`/conversations/${n}/csat`, { score: 5 }), 409, "conflict");

    await setState(n, "closed");
    const listed = (await customer.get("/conversations")).json() as { items: { state: string; csat: unknown }[] };
    expect(listed.items[0]).toMatchObject({ state: "resolved", csat: null, survey: "1-5" });
    // The inline survey counts as sent, for the response rate.
    await eventually(async () => (await requests(n)).find((e) => e.data.channel === "widget"));
    for (let i = 0; i < 2; i++) {
      const rated = await customer.post(`/conversations/${n}/csat`, { score: 4, comment: "Quick!" });
      expect(rated.statusCode, rated.body).toBe(200);
    }
    expect(await csatEvents(n)).toHaveLength(1);
    expect((await customer.post(`/conversations/${n}/csat`, { score: 5 })).statusCode).toBe(200);
    expect((await admin().get(`/issues/${n}/csat`)).json()).toMatchObject({
      score: 5,
      comment: "Quick!",
      channel: "widget",
      resolution: 1,
    });
    expect((await csatEvents(n)).map((e) => e.data.updated)).toEqual([false, true]);

    // The customer writes again: the issue reopens; its next closing is rated on its own.
    await customer.post(`/conversations/${n}/messages`, { text: "It broke again", clientId: crypto.randomUUID() });
    await setState(n, "closed");
    expect((await customer.post(`/conversations/${n}/csat`, { score: 2 })).statusCode).toBe(200);
    expect((await admin().get(`/issues/${n}/csat`)).json()).toMatchObject({ score: 2, resolution: 2 });
  });
});

describe("CSAT by email", () => {
  it("mails a survey with signed one-click links when an email issue closes; clicks record one answer", async () => {
    const subject = unique("Cannot download invoice");
    const from = `${unique("mia")}@customer.test`;
    await send(app().smtp, { from, to: ws.support, subject, text: "The PDF link 404s." });
    const [issue] = await issueTitled(app().app, ws, subject);
    if (!issue) throw new Error("no issue");
    await setState(issue.number, "closed");

    const survey = await eventually(async () =>
      sink.received.find((m) => m.envelope.to.includes(from) && m.parsed.subject?.startsWith("How did we do?")),
    );
    const links = [...(survey.parsed.text ?? "").matchAll(/https:\/\/support\.example\.test(\/csat\?\S+)/g)].map(
      (m) => m[1] ?? "",
    );
    expect(links).toHaveLength(5);
    await eventually(async () => (await requests(issue.number)).find((e) => e.data.channel === "email"));
    const five = links[4] ?? "";
    for (let i = 0; i < 2; i++) {
      const clicked = await app().app.http.inject({ method: "GET", url: five });
      expect(clicked.statusCode, clicked.body).toBe(200);
      expect(clicked.body).toContain("You rated us 5 of 5.");
    }
    const commented = await app().app.http.inject({
      method: "GET",
      url: `${five}&comment=${encodeURIComponent("Fast fix")}`,
    });
    expect(commented.statusCode).toBe(200);
    expect((await admin().get(`/issues/${issue.number}/csat`)).json()).toMatchObject({
      score: 5,
      comment: "Fast fix",
      channel: "email",
      resolution: 1,
    });
    expect(await csatEvents(issue.number)).toHaveLength(2);

    const token = new URL(`https://x${five}`).searchParams.get("t") ?? "";
    const tampered = await app().app.http.inject({
      method: "GET",
      url: `/csat?t=${token.slice(0, -4)}AAAA&score=1`,
    });
    expect(tampered.statusCode).toBe(401);
    expect((await admin().get(`/issues/${issue.number}/csat`)).json()).toMatchObject({ score: 5 });
  });

  it("feeds the csat metric of analytics: the latest answer of each resolution", async () => {
    // This file's answers: the widget issue (5, then 2 after its reopen) and the email issue (5).
    await app().app.services.jobs.idle(["analytics.refresh"], 30_000);
    const res = await admin().get("/analytics/metrics?metric=csat");
    expect(res.statusCode, res.body).toBe(200);
    expect((res.json() as { total: { count: number; value: number } }).total).toMatchObject({ count: 3, value: 4 });
    // Every survey of this file (the widget's two resolutions, the email) was answered.
    const rate = await admin().get("/analytics/metrics?metric=csat_response_rate");
    expect((rate.json() as { total: { count: number; value: number } }).total).toMatchObject({ count: 3, value: 1 });
  });
});
