// The Slack inbox keeps a worked event only while Slack may still retry it: the scheduled sweep
// deletes older ones (done or failed), never an open one, and only the tenant's own when scoped.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SLACK_EVENT_RETENTION_HOURS } from "../../src/channels/slack/inbox";
import { useTestApp } from "../harness";
import { connectWorld, type SlackWorld } from "./fixture";
import { nextTs, SlackStandin } from "./standin";

const app = useTestApp();
const slack = new SlackStandin();
// Another tenant has its own Slack (events are routed to a workspace by their Slack team).
const otherSlack = new SlackStandin();
let world: SlackWorld;
let other: SlackWorld;

beforeAll(async () => {
  await slack.start();
  await otherSlack.start();
  world = await connectWorld(app(), slack);
  other = await connectWorld(app(), otherSlack);
});
afterAll(async () => {
  await slack.close();
  await otherSlack.close();
});

async function eventsOf(workspaceId: string) {
  const { rows } = await app().database.query(
    "SELECT event_id, status FROM slack_event WHERE workspace_id = $1 ORDER BY event_id",
    [workspaceId],
  );
  return rows as { event_id: string; status: string }[];
}

/** Moves an event's arrival back in time (the sweep looks at how long ago Slack sent it). */
async function age(workspaceId: string, eventId: string, hours: number) {
  await app().database.query(
    "UPDATE slack_event SET created_at = now() - make_interval(hours => $3) WHERE workspace_id = $1 AND event_id = $2",
    [workspaceId, eventId, hours],
  );
}

async function sweep(workspaceId: string) {
  await app().services.jobs.enqueue("slack.prune", { workspaceId });
  await app().services.jobs.idle(["slack.prune"]);
}

describe("the Slack inbox's retention", () => {
  it("deletes worked events older than the retention, keeps recent and open ones, and the messages", async () => {
    const { channel } = await world.customerChannel();
    const casey = world.customer();
    const old = { type: "message", channel, user: casey.id, text: "Sent two days ago", ts: nextTs() };
    await world.deliver(old, "EvOLD");
    await world.deliver({ type: "message", channel, user: casey.id, text: "Sent just now", ts: nextTs() }, "EvNEW");
    await age(world.ws.workspaceId, "EvOLD", 2 * SLACK_EVENT_RETENTION_HOURS);
    // An event still waiting (its thread held back, or a retry scheduled) is never swept.
    await app().database.query(
      "INSERT INTO slack_event (workspace_id, event_id, type, status, available_at, created_at) VALUES ($1, 'EvOPEN', 'event_callback', 'pending', now() + interval '1 day', now() - interval '3 days')",
      [world.ws.workspaceId],
    );
    // Another tenant's old event stays when the sweep is scoped to this workspace.
    const elsewhere = await other.customerChannel();
    await other.deliver(
      { type: "message", channel: elsewhere.channel, user: other.customer().id, text: "Other tenant", ts: nextTs() },
      "EvOTHER",
    );
    await age(other.ws.workspaceId, "EvOTHER", 2 * SLACK_EVENT_RETENTION_HOURS);

    await sweep(world.ws.workspaceId);

    expect(await eventsOf(world.ws.workspaceId)).toEqual([
      { event_id: "EvNEW", status: "done" },
      { event_id: "EvOPEN", status: "pending" },
    ]);
    expect(await eventsOf(other.ws.workspaceId)).toEqual([{ event_id: "EvOTHER", status: "done" }]);
    const titles = (await world.issues()).map((i) => i.title);
    expect(titles).toEqual(expect.arrayContaining(["Sent two days ago", "Sent just now"]));

    // A very late retry of the swept event is accepted again, and still adds no second message.
    await world.deliver(old, "EvOLD");
    const issue = (await world.issues()).find((i) => i.title === "Sent two days ago");
    expect(await world.messages(issue?.number ?? 0)).toHaveLength(1);

    await sweep("all");
    expect(await eventsOf(other.ws.workspaceId)).toEqual([]);
  });
});
