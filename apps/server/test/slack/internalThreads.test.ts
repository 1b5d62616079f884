// Internal threads through the Slack stand-in: an agent asks in an internal channel from an issue,
// the bot posts the summary card, colleagues' replies come back as internal notes with their
// names, notes go back into the thread, closing the issue resolves every thread — and nothing of
// it ever reaches the customer's channel or the customer's view of the issue.

import { randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { createUser } from "../../src/commands/team";
import type { JobName } from "../../src/jobCatalog";
import { listMessages } from "../../src/queries/issues";
import { customerScope } from "../../src/queries/scope";
import { api as apiAs, buildWorkspace, logIn } from "../harness";
import { SLACK_JOBS, useSlackWorld } from "./fixture";
import { nextTs } from "./standin";

const { app, slack, world } = useSlackWorld();
const JOBS: JobName[] = [...SLACK_JOBS, "internal.post", "internal.note", "issue.changed"];
const idle = () => app().services.jobs.idle(JOBS, 25_000);

beforeAll(() => {
  slack.addUser({ id: "UPRIYA", name: "Priya Product", email: "priya@ourcompany.example" });
});

/** An internal channel in the stand-in, listed in Switchboard with when to use it. */
async function internalChannel(name: string, purpose = "Bugs") {
  const slackChannelId = `C${randomBytes(4).toString("hex").toUpperCase()}`;
  slack.addChannel({ id: slackChannelId, name });
  const res = await world().as.post("/internal-channels", { slackChannelId, name: `#${name}`, purpose });
  expect(res.statusCode, res.body).toBe(201);
  return { ...(res.json() as { id: string; name: string }), slackChannelId };
}

/** A customer's Slack issue on an Enterprise account. */
async function customerIssue(text: string) {
  const { channel, accountId, accountName } = await world().customerChannel();
  await world().as.patch(`/accounts/${accountId}`, { tier: "Enterprise" });
  const casey = world().customer("Casey Jones");
  await world().say(channel, casey.id, text);
  const issue = (await world().issues()).find((i) => i.title === text);
  if (!issue) throw new Error("no issue opened");
  return { channel, accountId, accountName, casey, number: issue.number };
}

async function startThread(number: number, channelId: string, question: string) {
  const res = await world().as.post(`/issues/${number}/internal-threads`, { channelId, question });
  expect(res.statusCode, res.body).toBe(201);
  await idle();
  const thread = res.json() as { id: string };
  const threads = (await world().as.get(`/issues/${number}/internal-threads`)).json().items as {
    id: string;
    status: string;
    replyCount: number;
    error: string | null;
  }[];
  return { ...thread, listed: threads.find((t) => t.id === thread.id) };
}

const posts = (channel: string) => slack.messages.get(channel) ?? [];
const cardIn = (channel: string) => {
  const card = posts(channel).find((m) => m.bot_id && !m.thread_ts);
  if (!card) throw new Error(`no card in ${channel}`);
  return card;
};

async function colleagueReplies(channel: string, threadTs: string, user: string, text: string, ts = nextTs()) {
  slack.addMessage(channel, { ts, user, text, thread_ts: threadTs });
  await world().deliver({ type: "message", channel, channel_type: "channel", user, text, ts, thread_ts: threadTs });
  await idle();
  return ts;
}

describe("internal channels", () => {
  it("lists the channels admins mark internal, with when to use them, apart from customer channels", async () => {
    const bugs = await internalChannel("bugs-daily", "Bugs. Product, Eng and Design watch it.");
    const listed = (await world().as.get("/internal-channels")).json().items;
    expect(listed).toContainEqual({
      id: bugs.id,
      slackChannelId: bugs.slackChannelId,
      name: "bugs-daily",
      purpose: "Bugs. Product, Eng and Design watch it.",
    });
    await world().as.post("/slack/channels/sync");
    const customerList = (await world().as.get("/slack/channels")).json().items as { id: string }[];
    expect(customerList.map((c) => c.id)).not.toContain(bugs.id);
    const { accountId } = await world().customerChannel();
    const mapped = await world().as.patch(`/slack/channels/${bugs.id}`, { accountId });
    expect(mapped.statusCode).toBe(409);
  });

  it("lets admins change when to use a channel and remove it; agents only read the list", async () => {
    const design = await internalChannel("design-nit", "UI nits.");
    const changed = await world().as.patch(`/internal-channels/${design.id}`, {
      purpose: "Design nits and UI polish: screenshots welcome.",
    });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({ id: design.id, purpose: "Design nits and UI polish: screenshots welcome." });
    const email = `agent-${randomBytes(3).toString("hex")}@ourcompany.example`;
    await world().ws.run((ctx) =>
      createUser(ctx, { email, name: "Ada Agent", role: "member", password: "password123" }),
    );
    const agent = apiAs(app(), await logIn(app(), email, "password123"));
    const listed = (await agent.get("/internal-channels")).json().items as { id: string; purpose: string }[];
    expect(listed.find((c) => c.id === design.id)?.purpose).toBe("Design nits and UI polish: screenshots welcome.");
    const refused = await agent.patch(`/internal-channels/${design.id}`, { purpose: "Anything goes." });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe("forbidden");
    expect((await agent.delete(`/internal-channels/${design.id}`)).statusCode).toBe(403);
    const slackChannelId = `C${randomBytes(4).toString("hex").toUpperCase()}`;
    slack.addChannel({ id: slackChannelId, name: "random-agent" });
    const added = await agent.post("/internal-channels", { slackChannelId, name: "#random-agent", purpose: "x" });
    expect(added.statusCode).toBe(403);
    expect((await world().as.delete(`/internal-channels/${design.id}`)).statusCode).toBe(200);
    const after = (await world().as.get("/internal-channels")).json().items as { id: string }[];
    expect(after.map((c) => c.id)).not.toContain(design.id);
  });

  it("never makes a channel shared with a customer organisation internal", async () => {
    const { channel } = await world().customerChannel();
    const res = await world().as.post("/internal-channels", {
      slackChannelId: channel,
      name: "ext-acme",
      purpose: "x",
    });
    expect(res.statusCode).toBe(409);
    const shared = `C${randomBytes(4).toString("hex").toUpperCase()}`;
    slack.addChannel({ id: shared, name: "ext-unmapped", is_ext_shared: true });
    await world().as.post("/slack/channels/sync");
    const refused = await world().as.post("/internal-channels", {
      slackChannelId: shared,
      name: "ext-unmapped",
      purpose: "x",
    });
    expect(refused.json().error.code).toBe("conflict");
  });
});

describe("an internal thread from an issue", () => {
  it("posts a summary card as the bot: title linked back, account, tier and the question", async () => {
    const bugs = await internalChannel("bugs-card");
    const { number, accountName } = await customerIssue("CSV export drops the last row");
    const thread = await startThread(number, bugs.id, "Is this the known off-by-one in exports?");
    expect(thread.listed).toMatchObject({ status: "open", replyCount: 0, error: null });
    const card = cardIn(bugs.slackChannelId);
    expect(card.text).toContain("Is this the known off-by-one in exports?");
    const [call] = slack.accepted("chat.postMessage").filter((a) => a.channel === bugs.slackChannelId);
    const blocks = JSON.stringify(call?.blocks);
    expect(blocks).toContain(`/issues/${number}|#${number} CSV export drops the last row`);
    expect(blocks).toContain(accountName);
    expect(blocks).toContain("Enterprise");
    expect(call?.thread_ts).toBeUndefined();
  });

  it("brings a colleague's reply back as an internal note with their name, once, and never to the customer", async () => {
    const bugs = await internalChannel("bugs-reply");
    const { number, channel: customerChannel, accountId } = await customerIssue("Dashboard shows yesterday's data");
    const thread = await startThread(number, bugs.id, "Is the nightly job late?");
    const card = cardIn(bugs.slackChannelId);
    const customerPostsBefore = posts(customerChannel).length;
    const ts = await colleagueReplies(
      bugs.slackChannelId,
      card.ts,
      "UPRIYA",
      "Yes, it failed at 02:00; rerunning now.",
    );
    // Slack redelivers the same message under a new event id: still one note.
    await world().deliver({
      type: "message",
      channel: bugs.slackChannelId,
      user: "UPRIYA",
      text: "Yes, it failed at 02:00; rerunning now.",
      ts,
      thread_ts: card.ts,
    });
    const notes = (await world().messages(number)).filter((m) => m.bodyText.includes("rerunning now"));
    expect(notes).toEqual([
      expect.objectContaining({ authorType: "system", author: { name: "Priya Product" }, deliveryStatus: null }),
    ]);
    expect(notes[0]).toMatchObject({ visibility: "internal" });
    const [listed] = (await world().as.get(`/issues/${number}/internal-threads`)).json().items;
    expect(listed).toMatchObject({ id: thread.id, status: "answered", replyCount: 1 });
    // Nothing reached the customer: no post in their channel, nothing in their view of the issue.
    expect(posts(customerChannel)).toHaveLength(customerPostsBefore);
    const issueId = (await world().as.get(`/issues/${number}`)).json().id;
    const contact = { contactId: randomBytes(8).toString("hex"), accountId };
    const seen = await listMessages(
      app().services.database.db,
      customerScope(world().ws.workspaceId, contact),
      issueId,
    );
    expect(seen.map((r) => r.message.bodyText)).not.toContain("Yes, it failed at 02:00; rerunning now.");
    expect(seen.length).toBeGreaterThan(0);
  });

  it("shows a colleague who is a Switchboard user as that user", async () => {
    const bugs = await internalChannel("bugs-user");
    const { number } = await customerIssue("Webhooks arrive twice");
    await startThread(number, bugs.id, "Known?");
    const eng = await world().ws.run((ctx) =>
      createUser(ctx, { email: `erin-${number}@ourcompany.example`, name: "Erin Engineer" }),
    );
    slack.addUser({ id: `UERIN${number}`, name: "Erin E.", email: eng.email });
    await colleagueReplies(
      bugs.slackChannelId,
      cardIn(bugs.slackChannelId).ts,
      `UERIN${number}`,
      "Yes, fixed tomorrow.",
    );
    const note = (await world().messages(number)).find((m) => m.bodyText === "Yes, fixed tomorrow.");
    expect(note).toMatchObject({ authorType: "user", author: { name: "Erin Engineer" } });
  });

  it("posts a note from the issue into the thread under the agent's name, not to the customer", async () => {
    const bugs = await internalChannel("bugs-note");
    const { number, channel: customerChannel } = await customerIssue("SSO loop on Safari");
    const thread = await startThread(number, bugs.id, "Seen this loop before?");
    const before = posts(customerChannel).length;
    const res = await world().as.post(`/issues/${number}/internal-threads/${thread.id}/messages`, {
      body: "Customer says it started after the 3.2 release.",
    });
    expect(res.statusCode, res.body).toBe(201);
    await idle();
    const card = cardIn(bugs.slackChannelId);
    expect(posts(bugs.slackChannelId)).toContainEqual(
      expect.objectContaining({
        thread_ts: card.ts,
        text: "Customer says it started after the 3.2 release.",
        username: "Admin",
      }),
    );
    expect(posts(customerChannel)).toHaveLength(before);
    const note = (await world().messages(number)).find((m) => m.bodyText.startsWith("Customer says it started"));
    expect(note).toMatchObject({ visibility: "internal", deliveryStatus: null });
  });

  it("posts a note into the thread once when the job is retried after Slack took it", async () => {
    const bugs = await internalChannel("bugs-note-crash");
    const { number } = await customerIssue("Invoices show the wrong VAT");
    const thread = await startThread(number, bugs.id, "Did the tax tables change?");
    slack.dropNext("chat.postMessage");
    const res = await world().as.post(`/issues/${number}/internal-threads/${thread.id}/messages`, {
      body: "Started on the 1st, EU customers only.",
    });
    expect(res.statusCode, res.body).toBe(201);
    await idle();
    const notes = posts(bugs.slackChannelId).filter((m) => m.text === "Started on the 1st, EU customers only.");
    expect(notes).toHaveLength(1);
    expect(notes[0]?.thread_ts).toBe(cardIn(bugs.slackChannelId).ts);
  });

  it("opens no issue for top-level posts in an internal channel", async () => {
    const bugs = await internalChannel("bugs-toplevel");
    const before = (await world().issues()).length;
    const casey = world().customer("Not Really A Customer");
    await world().say(bugs.slackChannelId, casey.id, "Deploy at 5pm today");
    await world().say(bugs.slackChannelId, "UPRIYA", "Who owns the export service?");
    expect(await world().issues()).toHaveLength(before);
  });

  it("posts a resolution line in each of the issue's threads when it closes", async () => {
    const bugs = await internalChannel("bugs-close");
    const product = await internalChannel("product-close", "Can the product do X");
    const { number } = await customerIssue("Can we export to Parquet?");
    const one = await startThread(number, bugs.id, "Is this a bug?");
    const two = await startThread(number, product.id, "Do we support Parquet?");
    const closed = await world().as.patch(`/issues/${number}`, { state: "closed" });
    expect(closed.statusCode, closed.body).toBe(200);
    await idle();
    for (const channel of [bugs.slackChannelId, product.slackChannelId]) {
      const lines = posts(channel).filter((m) => m.thread_ts === cardIn(channel).ts && m.text.includes("Resolved"));
      expect(lines).toHaveLength(1);
      expect(lines[0]?.text).toContain(`#${number} Can we export to Parquet?`);
    }
    const threads = (await world().as.get(`/issues/${number}/internal-threads`)).json().items;
    expect(threads.map((t: { id: string; status: string }) => [t.id, t.status])).toEqual([
      [one.id, "resolved"],
      [two.id, "resolved"],
    ]);
  });

  it("posts the card once when the job is retried after Slack took it but the answer never arrived", async () => {
    const bugs = await internalChannel("bugs-crash");
    const { number } = await customerIssue("Webhooks arrive twice");
    // Slack posts the card, then the connection dies: the job cannot know, fails, and is retried.
    slack.dropNext("chat.postMessage");
    const thread = await startThread(number, bugs.id, "Is delivery at-least-once on purpose?");
    expect(thread.listed).toMatchObject({ status: "open", error: null });
    const cards = posts(bugs.slackChannelId).filter((m) => m.bot_id && !m.thread_ts);
    expect(cards).toHaveLength(1);
    expect(
      slack.calls.filter((c) => c.method === "chat.postMessage" && c.args.channel === bugs.slackChannelId),
    ).toHaveLength(1);
    // The thread is the posted card's: a colleague's reply there reaches the issue.
    await colleagueReplies(bugs.slackChannelId, cards[0]?.ts ?? "", "UPRIYA", "Yes, dedupe by delivery id.");
    const replied = (await world().as.get(`/issues/${number}/internal-threads`)).json().items;
    expect(replied).toEqual([expect.objectContaining({ id: thread.id, replyCount: 1 })]);
  });

  it("shows Slack's refusal on the thread when the bot is not in the channel", async () => {
    const bugs = await internalChannel("bugs-refused");
    const { number } = await customerIssue("Login email never arrives");
    slack.failNext("chat.postMessage", "not_in_channel");
    const thread = await startThread(number, bugs.id, "Mail provider issue?");
    expect(thread.listed?.status).toBe("failed");
    expect(thread.listed?.error).toContain("not in this channel");
  });

  it("keeps another workspace out of the threads and channels", async () => {
    const bugs = await internalChannel("bugs-tenancy");
    const { number } = await customerIssue("Rate limits too low");
    const thread = await startThread(number, bugs.id, "Can we raise them?");
    const other = await buildWorkspace(app());
    const them = apiAs(app(), other.admin);
    expect((await them.get("/internal-channels")).json().items).toEqual([]);
    expect(
      (await them.post(`/issues/${number}/internal-threads`, { channelId: bugs.id, question: "x" })).statusCode,
    ).toBe(404);
    expect(
      (await them.post(`/issues/${number}/internal-threads/${thread.id}/messages`, { body: "x" })).statusCode,
    ).toBe(404);
  });
});
