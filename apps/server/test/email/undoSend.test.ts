// The undo window (issue 26): a person's reply waits before delivery starts, can be taken back
// whole until then, and goes out once the window has passed. Also drafts kept per issue and
// person, and a reply assigning the responder on pooled teams.
import { beforeAll, describe, expect, it } from "vitest";
import { api, logIn, type Session, unique } from "../harness";
import {
  buildMailWorkspace,
  eventually,
  issueTitled,
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
  return () => sink.close();
});
const app = useEmailApp(() => ({ SMTP_URL: sink.url }));
let ws: MailWorkspace;
beforeAll(async () => {
  ws = await buildMailWorkspace(app().app);
  const res = await api(app().app, ws.admin).patch("/settings/sending", { undoSendSeconds: 2 });
  expect(res.json()).toEqual({ undoSendSeconds: 2 });
});

async function customerIssue(to = ws.support) {
  const subject = unique("Export stuck");
  await send(app().smtp, { from: "Jo Customer <jo@customer.test>", to, subject, text: "The CSV export hangs." });
  const [issue] = await issueTitled(app().app, ws, subject);
  if (!issue) throw new Error("no issue");
  return { issue, subject };
}

const admin = () => api(app().app, ws.admin);
const deliveries = () => app().app.services.jobs.idle(["message.deliver"], 30_000);

describe("the undo window", () => {
  it("takes a reply back before delivery starts: nothing reaches the customer and the issue is as before", async () => {
    const { issue, subject } = await customerIssue();
    const sent = await admin().post(`/issues/${issue.number}/messages`, { body: "Fixed, try again." });
    expect(sent.statusCode, sent.body).toBe(201);
    expect(sent.json().deliveryStatus).toBe("pending");
    expect(Date.parse(sent.json().deliverAfter)).toBeGreaterThan(Date.parse(sent.json().createdAt));
    expect((await admin().get(`/issues/${issue.number}`)).json().state).toBe("on_customer");

    const undone = await admin().post(`/messages/${sent.json().id}/undo`);
    expect(undone.statusCode, undone.body).toBe(200);
    expect(undone.json()).toEqual({ issueNumber: issue.number, visibility: "public", body: "Fixed, try again." });

    await deliveries();
    expect(sink.received.filter((m) => m.parsed.subject?.includes(subject))).toHaveLength(0);
    expect((await messagesOf(app().app, ws, issue.number)).map((m) => m.bodyText)).toEqual(["The CSV export hangs."]);
    const after = (await admin().get(`/issues/${issue.number}`)).json();
    expect(after.state).toBe(issue.state);
    expect(after.firstResponseAt).toBeNull();
    const events = (await admin().get(`/issues/${issue.number}/events`)).json().items;
    expect(events.some((e: { type: string }) => e.type === "message_withdrawn")).toBe(true);
  });

  it("delivers a reply nobody took back once the window has passed, and then refuses to take it back", async () => {
    const { issue, subject } = await customerIssue();
    const sent = (await admin().post(`/issues/${issue.number}/messages`, { body: "On it." })).json();
    const mail = await eventually(async () => sink.received.find((m) => m.parsed.subject?.includes(subject)));
    expect(mail.parsed.text).toContain("On it.");
    await eventually(async () =>
      (await messagesOf(app().app, ws, issue.number)).find((m) => m.id === sent.id && m.deliveryStatus === "sent"),
    );
    const late = await admin().post(`/messages/${sent.id}/undo`);
    expect(late.statusCode).toBe(409);
    expect(late.json().error.message).toMatch(/on its way/);
  });

  it("lets only the author take a reply back, and never an internal note", async () => {
    const { issue } = await customerIssue();
    const note = (
      await admin().post(`/issues/${issue.number}/messages`, { visibility: "internal", body: "Looks like #12." })
    ).json();
    expect(note.deliverAfter).toBeNull();
    expect((await admin().post(`/messages/${note.id}/undo`)).statusCode).toBe(409);

    const reply = (await admin().post(`/issues/${issue.number}/messages`, { body: "Looking." })).json();
    const colleague = await member("colleague");
    const refused = await api(app().app, colleague).post(`/messages/${reply.id}/undo`);
    expect(refused.statusCode).toBe(403);
    await deliveries();
  });

  it("keeps the window between 0 and 30 seconds, and only admins change it", async () => {
    expect((await admin().patch("/settings/sending", { undoSendSeconds: 31 })).statusCode).toBe(400);
    const colleague = await member("setter");
    expect((await api(app().app, colleague).patch("/settings/sending", { undoSendSeconds: 0 })).statusCode).toBe(403);
    expect((await api(app().app, colleague).get("/settings/sending")).json()).toEqual({ undoSendSeconds: 2 });
  });
});

describe("drafts", () => {
  it("keeps a person's draft per issue on the server, for their other device, until they send", async () => {
    const { issue } = await customerIssue();
    const saved = await admin().put(`/issues/${issue.number}/draft`, { visibility: "public", body: "Half a tho" });
    expect(saved.statusCode, saved.body).toBe(200);

    const laptop = await logIn(app().app, `admin@${ws.domain}`, "password123");
    const other = api(app().app, laptop);
    expect((await other.get(`/issues/${issue.number}/draft`)).json().draft).toMatchObject({
      issueNumber: issue.number,
      body: "Half a tho",
    });
    expect((await other.get("/drafts")).json().items.map((d: { issueNumber: number }) => d.issueNumber)).toContain(
      issue.number,
    );
    const colleague = await member("drafter");
    expect((await api(app().app, colleague).get(`/issues/${issue.number}/draft`)).json().draft).toBeNull();

    await other.post(`/issues/${issue.number}/messages`, { visibility: "internal", body: "Half a thought, done." });
    expect((await admin().get(`/issues/${issue.number}/draft`)).json().draft).toBeNull();
  });

  it("deletes a draft emptied to blank", async () => {
    const { issue } = await customerIssue();
    await admin().put(`/issues/${issue.number}/draft`, { body: "x" });
    expect((await admin().put(`/issues/${issue.number}/draft`, { body: "  " })).json()).toEqual({ draft: null });
    expect((await admin().get(`/issues/${issue.number}/draft`)).json().draft).toBeNull();
  });
});

describe("replying assigns the responder", () => {
  it("on a pooled team by default, not on a scoped one, and not when the team turned it off", async () => {
    const colleague = await member("responder");
    const as = api(app().app, colleague);
    const pooled = (await customerIssue()).issue;
    expect(pooled.assignee).toBeNull();
    await as.post(`/issues/${pooled.number}/messages`, { body: "I'll take this." });
    expect((await admin().get(`/issues/${pooled.number}`)).json().assignee?.id).toBe(colleague.userId);

    const teams = (await admin().get("/teams")).json().items as { id: string; assignOnReply: boolean }[];
    expect(teams.find((t) => t.id === ws.teams.support)?.assignOnReply).toBe(true);
    await admin().patch(`/teams/${ws.teams.billing}`, { mode: "scoped" });
    const scoped = (await customerIssue(ws.billing)).issue;
    await as.post(`/issues/${scoped.number}/messages`, { body: "Answering, not owning." });
    expect((await admin().get(`/issues/${scoped.number}`)).json().assignee).toBeNull();

    await admin().patch(`/teams/${ws.teams.support}`, { assignOnReply: false });
    const off = (await customerIssue()).issue;
    await as.post(`/issues/${off.number}/messages`, { body: "Just a quick answer." });
    expect((await admin().get(`/issues/${off.number}`)).json().assignee).toBeNull();
    await admin().patch(`/teams/${ws.teams.support}`, { assignOnReply: null });
    await deliveries();
  });
});

async function member(name: string): Promise<Session> {
  const email = `${unique(name)}@${ws.domain}`;
  const res = await admin().post("/users", { email, name, password: "password123" });
  expect(res.statusCode, res.body).toBe(201);
  return logIn(app().app, email, "password123");
}
