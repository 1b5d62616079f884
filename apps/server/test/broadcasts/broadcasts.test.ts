// Broadcasts through the API, the Slack stand-in and an SMTP sink: 200 accounts over Slack and
// email with a 429 midway (every message exactly once, each status shown), cancel, replies that
// open issues linked to the broadcast, and the validation of what is composed.
import { randomBytes } from "node:crypto";
import type { Broadcast, BroadcastPreview, BroadcastRecipient, Issue, Page } from "@switchboard/api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { JobName } from "../../src/jobCatalog";
import { eventually, type Sink, send, startSink, useEmailApp } from "../email/support";
import { api, logIn } from "../harness";
import { connectWorld, SLACK_JOBS, type SlackWorld } from "../slack/fixture";
import { nextTs, SlackStandin } from "../slack/standin";
import { arrangeCustomers, type Customer } from "./fixture";

let sink: Sink;
const slack = new SlackStandin();
beforeAll(async () => {
  sink = await startSink();
  await slack.start();
});
// The sink stands in for the world's mail servers; the paces are raised so the test waits less.
const started = useEmailApp(() => ({
  SMTP_URL: sink.url,
  BROADCAST_EMAILS_PER_MINUTE: "60000",
  BROADCAST_SLACK_POSTS_PER_MINUTE: "6000",
}));
afterAll(async () => {
  await slack.close();
  await sink.close();
});

const JOBS: JobName[] = [...SLACK_JOBS, "broadcast.slack", "broadcast.email", "issue.created"];
let world: SlackWorld;
let customers: Customer[];
let inbox: string;
const TAG = "rollout-2026";

beforeAll(async () => {
  const app = started().app;
  world = await connectWorld(app, slack);
  inbox = `support@${randomBytes(3).toString("hex")}.switchboard.test`;
  const res = await world.as.post("/inboxes", { address: inbox, name: "Support" });
  expect(res.statusCode, res.body).toBe(201);
  customers = await arrangeCustomers(world.ws, slack, { count: 200, tags: [TAG] });
});

const idle = () => started().app.services.jobs.idle(JOBS, 120_000);

async function compose(input: Record<string, unknown>) {
  const res = await world.as.post("/broadcasts", {
    title: "Scheduled maintenance on Saturday",
    body: "Hi {{contact.first_name|team}} at **{{account.name}}** — exports pause Saturday 02:00–03:00 UTC.",
    audience: { kind: "condition", condition: { field: "account.tags", op: "eq", value: TAG } },
    channels: "both",
    contactRoles: ["admin"],
    ...input,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as Broadcast;
}

const read = async (id: string) => (await world.as.get(`/broadcasts/${id}`)).json() as Broadcast;

async function recipients(id: string, status?: string) {
  const all: BroadcastRecipient[] = [];
  let cursor: string | null = null;
  do {
    const query: string = `limit=200${status ? `&status=${status}` : ""}${cursor ? `&cursor=${cursor}` : ""}`;
    const res = await world.as.get(`/broadcasts/${id}/recipients?${query}`);
    expect(res.statusCode, res.body).toBe(200);
    const page = res.json() as Page<BroadcastRecipient>;
    all.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return all;
}

const postsIn = (channel: string) => (slack.messages.get(channel) ?? []).filter((m) => m.bot_id && !m.thread_ts);
let delivered: Broadcast;

describe("a broadcast to 200 accounts over Slack and email", () => {
  it("previews each recipient's message and counts them, billing contacts left out", async () => {
    const draft = await compose({});
    const res = await world.as.get(`/broadcasts/${draft.id}/preview?limit=200`);
    expect(res.statusCode, res.body).toBe(200);
    const preview = res.json() as BroadcastPreview;
    expect(preview).toMatchObject({ recipientCount: 400, accountCount: 200, slackCount: 200, emailCount: 200 });
    const first = customers[0] as Customer;
    const slackItem = preview.items.find((i) => i.accountId === first.accountId && i.channel === "slack");
    expect(slackItem?.text).toBe(`Hi team at *${first.name}* — exports pause Saturday 02:00–03:00 UTC.`);
    const mail = preview.items.find((i) => i.accountId === first.accountId && i.channel === "email");
    expect(mail).toMatchObject({ to: first.emails[0], contactName: "Casey0 Admin0" });
    expect(mail?.text).toContain("Hi Casey0 at **");
    expect(preview.items.some((i) => i.to.startsWith("billing@"))).toBe(false);
    await world.as.delete(`/broadcasts/${draft.id}`);
  });

  it("delivers every message exactly once through a 429, a busy mail server and a dropped connection midway, and shows each status", async () => {
    // One account's channel is archived and one contact's mailbox does not exist: those two fail, with why.
    const archived = customers[5] as Customer;
    const gone = (customers[6] as Customer).emails[0] ?? "";
    const archivedChannel = slack.channels.get(archived.channel);
    if (!archivedChannel) throw new Error("no channel");
    archivedChannel.is_archived = true;
    sink.refuseRecipient(gone);
    // Midway through the mails, the mail server answers 451 (busy, try later) three times.
    sink.failNext(3, { after: 60 });
    const draft = await compose({});
    const res = await world.as.post(`/broadcasts/${draft.id}/send`, {});
    expect(res.statusCode, res.body).toBe(200);
    expect((res.json() as Broadcast).status).toBe("sending");
    // Midway: once some posts are in, one post's answer is held — while it is, the statuses show
    // the posts in flight and those still queued.
    await eventually(async () => slack.accepted("chat.postMessage").length >= 40, 60_000);
    const held = slack.holdNext("chat.postMessage");
    await held.arrived;
    const midway = await read(draft.id);
    expect(midway.status).toBe("sending");
    expect((await recipients(draft.id, "sending")).some((r) => r.channel === "slack")).toBe(true);
    expect((await recipients(draft.id, "queued")).some((r) => r.channel === "slack")).toBe(true);
    // Then Slack answers 429 with Retry-After: 1 three times, and the connection of the post after
    // them is cut after Slack took it (the post is in the channel; its answer never arrives).
    slack.rateLimitNext("chat.postMessage", 1, 3);
    slack.dropNext("chat.postMessage");
    held.release();
    await eventually(async () => (await read(draft.id)).status === "sent", 180_000);
    const done = await read(draft.id);
    expect(done.counts).toMatchObject({ total: 400, delivered: 398, sent: 398, failed: 2, queued: 0, sending: 0 });
    expect(done.byChannel.slack).toMatchObject({ total: 200, delivered: 199, failed: 1, replied: 0 });
    expect(done.byChannel.email).toMatchObject({ total: 200, delivered: 199, failed: 1, replied: 0 });
    expect(slack.calls.filter((c) => c.method === "chat.postMessage" && c.status === 429)).toHaveLength(3);
    expect(sink.busyAnswers()).toBe(3);
    // The dropped post was looked for (by its metadata) before anything was posted again.
    expect(slack.calls.some((c) => c.method === "conversations.history")).toBe(true);
    for (const c of customers) expect(postsIn(c.channel), c.name).toHaveLength(c === archived ? 0 : 1);
    const failed = await recipients(draft.id, "failed");
    expect(failed.map((r) => [r.channel, r.to, r.error])).toEqual(
      expect.arrayContaining([
        [
          "slack",
          expect.any(String),
          "Slack refused the message: the channel is archived. Unarchive it, then send again.",
        ],
        ["email", gone, expect.stringContaining("The outgoing email server refused it")],
      ]),
    );
    expect(failed).toHaveLength(2);
    expect(failed.find((r) => r.channel === "slack")?.account?.id).toBe(archived.accountId);
    expect(failed.find((r) => r.channel === "email")?.error).toContain("550");

    // The channel is unarchived and the mailbox created: retrying the failures sends those two, once.
    archivedChannel.is_archived = false;
    sink.refuseRecipient(gone, false);
    const retry = await world.as.post(`/broadcasts/${draft.id}/retry-failed`);
    expect(retry.statusCode, retry.body).toBe(200);
    expect(retry.json()).toMatchObject({ retried: 2 });
    await eventually(async () => (await read(draft.id)).status === "sent", 120_000);
    delivered = await read(draft.id);
    expect(delivered.counts).toMatchObject({ total: 400, sent: 400, failed: 0, queued: 0, sending: 0 });
    for (const c of customers) expect(postsIn(c.channel), c.name).toHaveLength(1);
    const mails = sink.received.filter((m) => m.parsed.subject === "Scheduled maintenance on Saturday");
    expect(mails).toHaveLength(200);
    const to = mails.map((m) => m.envelope.to[0]);
    expect(new Set(to).size).toBe(200);
    expect(to.sort()).toEqual(customers.flatMap((c) => c.emails).sort());
    expect(new Set(mails.map((m) => m.parsed.messageId)).size).toBe(200);
    const sent = await recipients(draft.id, "sent");
    expect(sent).toHaveLength(400);
    expect(sent.every((r) => r.sentAt && r.error === null && r.account)).toBe(true);
  });

  it("opens an issue linked to the broadcast when a customer replies in its Slack thread", async () => {
    const c = customers[3] as Customer;
    const post = postsIn(c.channel)[0];
    if (!post) throw new Error("no post");
    const customer = world.customer("Casey Jones");
    const ts = nextTs();
    slack.addMessage(c.channel, { ts, user: customer.id, text: "Will the API pause too?", thread_ts: post.ts });
    await world.deliver({
      type: "message",
      channel: c.channel,
      channel_type: "channel",
      user: customer.id,
      text: "Will the API pause too?",
      ts,
      thread_ts: post.ts,
    });
    await idle();
    const replied = await recipients(delivered.id, "replied");
    expect(replied).toHaveLength(1);
    expect(replied[0]).toMatchObject({ channel: "slack", account: { id: c.accountId } });
    const number = replied[0]?.issueNumber;
    expect(number).toEqual(expect.any(Number));
    const messages = await world.messages(number ?? 0);
    expect(messages.map((m) => m.bodyText)).toEqual(["Will the API pause too?"]);
    const issue = (await world.as.get(`/issues/${number}`)).json() as Issue;
    expect(issue.broadcast).toEqual({ id: delivered.id, title: "Scheduled maintenance on Saturday" });
    const analytics = await read(delivered.id);
    expect(analytics.counts).toMatchObject({ delivered: 400, replied: 1, sent: 399, failed: 0 });
    expect(analytics.byChannel.slack).toMatchObject({ delivered: 200, replied: 1 });
    expect(analytics.byChannel.email).toMatchObject({ delivered: 200, replied: 0 });
  });

  it("opens an issue linked to the broadcast when a contact answers its email", async () => {
    const c = customers[8] as Customer;
    const email = c.emails[0] ?? "";
    const mail = sink.received.find((m) => m.envelope.to[0] === email);
    if (!mail?.parsed.messageId) throw new Error("no mail");
    await send(started().smtp, {
      from: email,
      to: inbox,
      subject: "Re: Scheduled maintenance on Saturday",
      text: "Saturday is our month-end close. Can you move it?",
      inReplyTo: mail.parsed.messageId,
      references: [mail.parsed.messageId],
    });
    const replied = await eventually(async () => {
      const rows = await recipients(delivered.id, "replied");
      return rows.length === 2 ? rows : undefined;
    }, 60_000);
    const byEmail = replied.find((r) => r.channel === "email");
    expect(byEmail).toMatchObject({ to: email, contact: { name: "Casey0 Admin8" } });
    const issue = (await world.as.get(`/issues/${byEmail?.issueNumber}`)).json() as Issue;
    expect(issue.title).toContain("Scheduled maintenance");
    expect(issue.broadcast).toEqual({ id: delivered.id, title: "Scheduled maintenance on Saturday" });
    // Per-broadcast analytics: delivered, failed, replies — in the list as on the broadcast.
    const listed = ((await world.as.get("/broadcasts")).json() as Page<Broadcast>).items.find(
      (b) => b.id === delivered.id,
    );
    expect(listed?.counts).toMatchObject({ total: 400, delivered: 400, failed: 0, replied: 2 });
    expect(listed?.byChannel).toMatchObject({ slack: { replied: 1 }, email: { replied: 1 } });
  });
});

describe("scheduling", () => {
  it("sends a scheduled broadcast when its time comes, not before", async () => {
    const few = customers.slice(150, 153);
    const draft = await compose({
      channels: "slack",
      audience: { kind: "accounts", accountIds: few.map((c) => c.accountId) },
    });
    const at = new Date(Date.now() + 3_000).toISOString();
    const scheduled = (await world.as.post(`/broadcasts/${draft.id}/send`, { scheduledAt: at })).json() as Broadcast;
    expect(scheduled).toMatchObject({ status: "scheduled", scheduledAt: at });
    const sent = await eventually(async () => {
      const b = await read(draft.id);
      return b.status === "sent" ? b : undefined;
    }, 60_000);
    expect(sent.startedAt && Date.parse(sent.startedAt)).toBeGreaterThanOrEqual(Date.parse(at) - 1000);
    expect(sent.counts).toMatchObject({ total: 3, delivered: 3 });
    for (const c of few) expect(postsIn(c.channel), c.name).toHaveLength(2);
  });
});

describe("cancel", () => {
  it("never sends a scheduled broadcast that was cancelled", async () => {
    const draft = await compose({ channels: "slack" });
    const at = new Date(Date.now() + 3_600_000).toISOString();
    const scheduled = (await world.as.post(`/broadcasts/${draft.id}/send`, { scheduledAt: at })).json() as Broadcast;
    expect(scheduled).toMatchObject({ status: "scheduled", scheduledAt: at });
    const cancelled = (await world.as.post(`/broadcasts/${draft.id}/cancel`)).json() as Broadcast;
    expect(cancelled.status).toBe("cancelled");
    expect(cancelled.counts.total).toBe(0);
    expect((await world.as.post(`/broadcasts/${draft.id}/send`, {})).statusCode).toBe(409);
  });

  it("stops the posts not yet sent when cancelled while sending", async () => {
    const some = customers.slice(0, 120).map((c) => c.accountId);
    const draft = await compose({ channels: "slack", audience: { kind: "accounts", accountIds: some } });
    const before = slack.accepted("chat.postMessage").length;
    const held = slack.holdNext("chat.postMessage");
    await world.as.post(`/broadcasts/${draft.id}/send`, {});
    await held.arrived;
    const res = await world.as.post(`/broadcasts/${draft.id}/cancel`);
    expect(res.statusCode, res.body).toBe(200);
    held.release();
    // Not idle(): the scheduled broadcast above left its (now pointless) job waiting for its hour.
    const done = await eventually(async () => {
      const b = await read(draft.id);
      return b.counts.sending === 0 ? b : undefined;
    }, 60_000);
    expect(done.status).toBe("cancelled");
    const posted = slack.accepted("chat.postMessage").length - before;
    // What was claimed before the cancel finished; everything after it stayed unsent.
    expect(done.counts.sent).toBe(posted);
    expect(done.counts.cancelled).toBeGreaterThanOrEqual(60);
    expect(done.counts.sent + done.counts.cancelled).toBe(120);
  });
});

describe("composing", () => {
  it("refuses unknown variables, non-account audiences, blank titles and empty changes", async () => {
    const bad = async (body: unknown) => {
      const res = await world.as.post("/broadcasts", body);
      expect(res.statusCode, res.body).toBe(400);
      return (res.json() as { error: { code: string; message: string } }).error;
    };
    const base = {
      title: "t",
      body: "b",
      channels: "slack",
      audience: { kind: "accounts", accountIds: [customers[0]?.accountId] },
    };
    expect((await bad({ ...base, body: "Hi {{account.arr}}" })).message).toContain("{{account.arr}}");
    expect(
      (
        await bad({
          ...base,
          audience: { kind: "condition", condition: { field: "issue.priority", op: "eq", value: "high" } },
        })
      ).code,
    ).toBe("validation_failed");
    expect((await bad({ ...base, title: "  " })).code).toBe("validation_failed");
    expect((await bad({ ...base, channels: "fax" })).code).toBe("validation_failed");
    expect((await bad({ ...base, audience: { kind: "accounts", accountIds: [] } })).code).toBe("validation_failed");
    const draft = await compose({});
    expect((await world.as.patch(`/broadcasts/${draft.id}`, {})).statusCode).toBe(400);
  });

  it("lets a viewer read broadcasts but not send them, and keeps a sent one unchanged", async () => {
    const created = await world.as.post("/users", {
      email: `viewer-${randomBytes(3).toString("hex")}@x.test`,
      name: "Vi",
      role: "viewer",
      password: "password123",
    });
    if (created.statusCode === 201) {
      const viewer = api(started().app, await logIn(started().app, created.json().email, "password123"));
      expect((await viewer.get("/broadcasts")).statusCode).toBe(200);
      expect((await viewer.post(`/broadcasts/${delivered.id}/retry-failed`)).statusCode).toBe(403);
    }
    expect((await world.as.patch(`/broadcasts/${delivered.id}`, { title: "Changed" })).statusCode).toBe(409);
    expect((await world.as.delete(`/broadcasts/${delivered.id}`)).statusCode).toBe(409);
  });
});
