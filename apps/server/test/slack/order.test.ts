// A Slack thread shows its messages in Slack's ts order, whatever order Slack delivered them in:
// a reply Slack retried after an outage arrives after a later one and still sorts before it.

import { describe, expect, it } from "vitest";
import { useSlackWorld } from "./fixture";
import { nextTs } from "./standin";

const { world } = useSlackWorld();

describe("Slack thread order", () => {
  it("sorts a late-delivered earlier reply before the later one, and keeps the issue's latest activity", async () => {
    const { channel } = await world().customerChannel();
    const casey = world().customer("Casey Late");
    const root = await world().say(channel, casey.id, "Exports stopped overnight");
    const earlier = nextTs();
    const later = nextTs();
    const reply = (ts: string, text: string) =>
      world().deliver({ type: "message", channel, channel_type: "channel", user: casey.id, text, ts, thread_ts: root });
    // Slack delivers the later reply first; the earlier one comes with Slack's retry.
    await reply(later, "second: it is the EU workspace");
    const [issue] = (await world().issues()).filter((i) => i.title === "Exports stopped overnight");
    if (!issue) throw new Error("no issue");
    const before = (await world().as.get(`/issues/${issue.number}`)).json() as { lastMessageAt: string };
    await reply(earlier, "first: since 02:00 UTC");

    const texts = (await world().messages(issue.number)).map((m) => m.bodyText);
    expect(texts).toEqual(["Exports stopped overnight", "first: since 02:00 UTC", "second: it is the EU workspace"]);
    const after = (await world().as.get(`/issues/${issue.number}`)).json() as { lastMessageAt: string };
    expect(after.lastMessageAt).toBe(before.lastMessageAt);
  });
});
