// The Slack inbox is worked by several drains at once (lanes, other worker processes): a thread's
// events still run one after another in arrival order, and a thread stuck on Slack holds back
// only itself — other threads and channels go on.

import { describe, expect, it } from "vitest";
import { drainSlackInbox } from "../../src/channels/slack/inbox";
import { SLACK_DRAIN_LANES, slackLane } from "../../src/commands/slack";
import { useSlackWorld } from "./fixture";
import { nextTs } from "./standin";

const { app, slack, world } = useSlackWorld();

async function inboxRows(eventIds: string[]) {
  const { rows } = await app().database.query(
    "SELECT event_id, status, attempts, error FROM slack_event WHERE workspace_id = $1 AND event_id = ANY($2::text[]) ORDER BY seq",
    [world().ws.workspaceId, eventIds],
  );
  return rows as { event_id: string; status: string; attempts: number; error: string | null }[];
}

/** Polls until `check` holds (a condition, not a duration); fails with what it last saw. */
async function until<T>(read: () => Promise<T>, check: (value: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (check(value)) return value;
    if (Date.now() > deadline) throw new Error(`condition not met; last saw ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function post(event: Record<string, unknown>, eventId: string) {
  const res = await world().post("/hooks/slack/events", JSON.stringify(slack.envelope(event, eventId)));
  expect(res.statusCode).toBe(200);
}

describe("the Slack inbox under concurrent drains", () => {
  it("holds a thread's later events while its first is worked on, and lets other channels through", async () => {
    const slow = await world().customerChannel();
    const fast = await world().customerChannel();
    const casey = world().customer("Casey Slow");
    const robin = world().customer("Robin Fast");
    const root = nextTs();
    slack.addMessage(slow.channel, { ts: root, user: casey.id, text: "Invoices are missing" });
    // The root's author is looked up in Slack (users.info), and Slack does not answer yet.
    const held = slack.holdNext("users.info");
    await post(
      { type: "message", channel: slow.channel, user: casey.id, text: "Invoices are missing", ts: root },
      "EvRoot",
    );
    await held.arrived;

    const replies = ["since Monday", "only for EU accounts", "and the CSV export too"];
    const replyIds = replies.map((_, i) => `EvReply${i}`);
    for (const [i, text] of replies.entries())
      await post(
        { type: "message", channel: slow.channel, user: casey.id, text, ts: nextTs(), thread_ts: root },
        `EvReply${i}`,
      );
    await post(
      { type: "message", channel: fast.channel, user: robin.id, text: "SSO login loops", ts: nextTs() },
      "EvFast",
    );

    // More drains of the same workspace, as other worker processes would run.
    const drains = [
      drainSlackInbox(app().services, world().ws.workspaceId),
      drainSlackInbox(app().services, world().ws.workspaceId),
    ];

    // The other channel's message becomes an issue while the first thread is stuck on Slack…
    const issues = await until(
      () => world().issues(),
      (items) => items.some((i) => i.title === "SSO login loops"),
    );
    expect(issues.some((i) => i.title === "Invoices are missing")).toBe(false);
    // …and no drain has touched the stuck thread's replies.
    const waiting = await inboxRows(replyIds);
    expect(waiting.map((r) => [r.status, r.attempts])).toEqual(replies.map(() => ["pending", 0]));

    held.release();
    await Promise.all(drains);
    await world().idle();

    // Replies worked before their root would have found no issue to join and been dropped.
    const [issue] = (await world().issues()).filter((i) => i.title === "Invoices are missing");
    if (!issue) throw new Error("no issue for the root");
    const texts = (await world().messages(issue.number)).map((m) => m.bodyText);
    expect(texts).toEqual(["Invoices are missing", ...replies]);
    // Each event was claimed once: none was worked twice by two drains.
    const worked = await inboxRows(["EvRoot", ...replyIds, "EvFast"]);
    expect(worked.map((r) => [r.event_id, r.status, r.attempts])).toEqual(
      ["EvRoot", ...replyIds, "EvFast"].map((id) => [id, "done", 1]),
    );
  });

  it("keeps every thread's order when many threads of many channels are drained at once", async () => {
    const channels = await Promise.all([
      world().customerChannel(),
      world().customerChannel(),
      world().customerChannel(),
    ]);
    const people = channels.map((_, i) => world().customer(`Customer ${i}`));
    const threads = channels.flatMap(({ channel }, c) =>
      [0, 1].map((t) => ({ channel, user: people[c]?.id ?? "", root: nextTs(), title: `Thread ${c}.${t}` })),
    );
    // Interleaved as Slack would deliver them: every thread's root, then replies round-robin.
    let n = 0;
    for (const t of threads)
      await post({ type: "message", channel: t.channel, user: t.user, text: t.title, ts: t.root }, `EvM${n++}`);
    for (let r = 0; r < 4; r++)
      for (const t of threads)
        await post(
          {
            type: "message",
            channel: t.channel,
            user: t.user,
            text: `${t.title} reply ${r}`,
            ts: nextTs(),
            thread_ts: t.root,
          },
          `EvM${n++}`,
        );
    await Promise.all([0, 1, 2].map(() => drainSlackInbox(app().services, world().ws.workspaceId)));
    await world().idle();

    const issues = await world().issues();
    for (const t of threads) {
      const issue = issues.find((i) => i.title === t.title);
      if (!issue) throw new Error(`no issue for ${t.title}`);
      const texts = (await world().messages(issue.number)).map((m) => m.bodyText);
      expect(texts).toEqual([t.title, ...[0, 1, 2, 3].map((r) => `${t.title} reply ${r}`)]);
    }
    const rows = await inboxRows(Array.from({ length: n }, (_, i) => `EvM${i}`));
    expect(rows.length).toBe(n);
    expect(rows.filter((r) => r.status !== "done" || r.attempts !== 1)).toEqual([]);
  });

  it("puts every event of a channel in one lane, whatever its thread", () => {
    expect(slackLane("C0123ABCD:1700000000.000100")).toBe(slackLane("C0123ABCD:1700000999.000200"));
    const lanes = new Set(Array.from({ length: 64 }, (_, i) => slackLane(`C${1000 + i}:1.0`)));
    expect(lanes.size).toBe(SLACK_DRAIN_LANES);
    expect(slackLane(null)).toBe(0);
  });
});
