// A thread's events that arrive in a burst — a reply, its edit, more replies, a deletion — are
// worked in arrival order while another thread's burst is drained beside them by other drains:
// an edit worked before its message, or a deletion before its reply, would be lost.

import { describe, expect, it } from "vitest";
import { drainSlackInbox } from "../../src/channels/slack/inbox";
import { useSlackWorld } from "./fixture";
import { nextTs } from "./standin";

const { app, slack, world } = useSlackWorld();

/** One thread's burst, in the order Slack sends it; each event with its id. */
function burst(channel: string, user: string, title: string) {
  const root = nextTs();
  const [first, second, doomed, fourth] = [nextTs(), nextTs(), nextTs(), nextTs()];
  const reply = (ts: string, text: string) => ({
    type: "message",
    channel,
    channel_type: "channel",
    user,
    text,
    ts,
    thread_ts: root,
  });
  const events: Record<string, unknown>[] = [
    { type: "message", channel, channel_type: "channel", user, text: title, ts: root },
    reply(first, `${title}: first draft`),
    {
      type: "message",
      subtype: "message_changed",
      channel,
      hidden: true,
      ts: nextTs(),
      message: { ...reply(first, `${title}: first, edited`), edited: { user, ts: nextTs() } },
      previous_message: reply(first, `${title}: first draft`),
    },
    reply(second, `${title}: second`),
    reply(doomed, `${title}: posted by mistake`),
    {
      type: "message",
      subtype: "message_deleted",
      channel,
      hidden: true,
      ts: nextTs(),
      deleted_ts: doomed,
      previous_message: reply(doomed, `${title}: posted by mistake`),
    },
    reply(fourth, `${title}: fourth`),
  ];
  return { title, events };
}

describe("a Slack thread's burst under concurrent drains", () => {
  it("lands every thread's edits, deletions and replies in order while two threads drain at once", async () => {
    const threads = await Promise.all(
      ["Billing export fails", "SAML metadata rejected"].map(async (title, i) => {
        const { channel } = await world().customerChannel();
        const person = world().customer(`Burst Customer ${i}`);
        return burst(channel, person.id, title);
      }),
    );
    const ids: string[] = [];
    // Both bursts at once, each as fast as the webhook answers; drains of other processes join in.
    const drains: Promise<void>[] = [];
    await Promise.all(
      threads.map(async (thread, t) => {
        for (const [i, event] of thread.events.entries()) {
          const eventId = `EvBurst${t}x${i}`;
          ids.push(eventId);
          const res = await world().post("/hooks/slack/events", JSON.stringify(slack.envelope(event, eventId)));
          expect(res.statusCode).toBe(200);
          if (i === 1) drains.push(drainSlackInbox(app().services, world().ws.workspaceId));
        }
      }),
    );
    await Promise.all(drains);
    await world().idle();

    const issues = await world().issues();
    for (const { title } of threads) {
      const issue = issues.find((i) => i.title === title);
      if (!issue) throw new Error(`no issue for ${title}`);
      const messages = await world().messages(issue.number);
      expect(messages.map((m) => [m.bodyText, Boolean(m.editedAt), Boolean(m.deletedAt)])).toEqual([
        [title, false, false],
        [`${title}: first, edited`, true, false],
        [`${title}: second`, false, false],
        // A deleted message stays in its place; the API no longer shows its text.
        ["", false, true],
        [`${title}: fourth`, false, false],
      ]);
    }
    // Each event was worked once, by one drain.
    const { rows } = await app().database.query(
      "SELECT status, attempts FROM slack_event WHERE workspace_id = $1 AND event_id = ANY($2::text[])",
      [world().ws.workspaceId, ids],
    );
    expect(rows.length).toBe(ids.length);
    expect(
      (rows as { status: string; attempts: number }[]).filter((r) => r.status !== "done" || r.attempts !== 1),
    ).toEqual([]);
  });
});
