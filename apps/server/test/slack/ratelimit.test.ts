import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTestApp } from "../harness";
import { connectWorld, type SlackWorld } from "./fixture";
import { SlackStandin } from "./standin";

const app = useTestApp();
const slack = new SlackStandin();
let world: SlackWorld;

beforeAll(async () => {
  await slack.start();
  world = await connectWorld(app(), slack);
});
afterAll(() => slack.close());

describe("Slack rate limits", () => {
  it("waits out a 429 and still delivers a burst of replies in order, none lost", async () => {
    const { channel } = await world.customerChannel();
    const casey = world.customer();
    const ts = await world.say(channel, casey.id, "Lots of questions");
    const [issue] = await world.issues();
    slack.rateLimitNext("chat.postMessage", 1, 2);
    const bodies = ["First answer", "Second answer", "Third answer", "Fourth answer"];
    for (const body of bodies) await world.as.post(`/issues/${issue?.number}/messages`, { body });
    await world.idle();
    const limited = slack.calls.filter((c) => c.method === "chat.postMessage" && c.status === 429);
    expect(limited).toHaveLength(2);
    const delivered = slack.accepted("chat.postMessage").filter((a) => a.channel === channel);
    expect(delivered.map((a) => a.text)).toEqual(bodies);
    expect(delivered.every((a) => a.thread_ts === ts)).toBe(true);
    const statuses = (await world.messages(issue?.number ?? 0)).slice(1).map((m) => m.deliveryStatus);
    expect(statuses).toEqual(["sent", "sent", "sent", "sent"]);
  });

  it("waits out a 429 on a lookup while ingesting, and the message still becomes an issue", async () => {
    const { channel } = await world.customerChannel();
    const newcomer = world.customer("Nia Newcomer");
    slack.rateLimitNext("users.info", 1);
    await world.say(channel, newcomer.id, "First time posting here");
    const [issue] = (await world.issues()).filter((i) => i.title === "First time posting here");
    expect(issue?.requester?.name).toBe("Nia Newcomer");
    expect(slack.calls.filter((c) => c.method === "users.info" && c.status === 429)).toHaveLength(1);
  });
});
