import { describe, expect, it } from "vitest";
import { useSlackWorld } from "./fixture";
import { nextTs } from "./standin";

const { app, slack, world } = useSlackWorld();

describe("the Slack Events API webhook", () => {
  it("answers Slack's url_verification challenge when signed", async () => {
    const body = JSON.stringify({ token: "x", challenge: "c-123", type: "url_verification" });
    const res = await world().post("/hooks/slack/events", body);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ challenge: "c-123" });
  });

  it("rejects a bad signature with 401 and stores nothing", async () => {
    const { channel } = await world().customerChannel();
    const casey = world().customer();
    const body = JSON.stringify(
      slack.envelope({ type: "message", channel, user: casey.id, text: "forged", ts: nextTs() }),
    );
    const res = await world().post("/hooks/slack/events", body, { secret: "not-the-secret" });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toEqual({ error: { code: "invalid_signature", message: expect.any(String) } });
    await world().idle();
    expect((await world().issues()).filter((i) => i.title === "forged")).toEqual([]);
  });

  it("rejects a correctly signed request older than five minutes", async () => {
    const { channel } = await world().customerChannel();
    const casey = world().customer();
    const body = JSON.stringify(
      slack.envelope({ type: "message", channel, user: casey.id, text: "replayed", ts: nextTs() }),
    );
    const res = await world().post("/hooks/slack/events", body, { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe("invalid_signature");
    await world().idle();
    expect((await world().issues()).filter((i) => i.title === "replayed")).toEqual([]);
  });

  it("rejects an unsigned request", async () => {
    const res = await app().http.inject({
      method: "POST",
      url: "/hooks/slack/events",
      headers: { "content-type": "application/json" },
      payload: JSON.stringify({ type: "url_verification", challenge: "x" }),
    });
    expect(res.statusCode).toBe(401);
  });

  it("turns Slack's retries of one event into one message", async () => {
    const { channel } = await world().customerChannel();
    const casey = world().customer();
    const ts = nextTs();
    const event = { type: "message", channel, user: casey.id, text: "Only once please", ts };
    const body = JSON.stringify(slack.envelope(event, "EvRETRY1"));
    const answers = await Promise.all([
      world().post("/hooks/slack/events", body),
      world().post("/hooks/slack/events", body, { retryNum: 1 }),
      world().post("/hooks/slack/events", body, { retryNum: 2 }),
    ]);
    expect(answers.map((a) => a.statusCode)).toEqual([200, 200, 200]);
    // The same message delivered under another event id (it happens) is still one message.
    await world().deliver(event, "EvRETRY2");
    await world().idle();
    const issues = (await world().issues()).filter((i) => i.title === "Only once please");
    expect(issues).toHaveLength(1);
    expect(await world().messages(issues[0]?.number ?? 0)).toHaveLength(1);
  });

  it("answers fast: the webhook only records and enqueues", async () => {
    const { channel } = await world().customerChannel();
    const casey = world().customer();
    const body = JSON.stringify(
      slack.envelope({ type: "message", channel, user: casey.id, text: "quick", ts: nextTs() }),
    );
    const started = Date.now();
    const res = await world().post("/hooks/slack/events", body);
    expect(res.statusCode).toBe(200);
    expect(Date.now() - started).toBeLessThan(3000);
    await world().idle();
  });
});
