import { describe, expect, it } from "vitest";
import { useSlackWorld } from "./fixture";

const { slack, world } = useSlackWorld();

describe("Slack rate limits and failed posts", () => {
  it("waits out a 429 and still delivers a burst of replies in order, none lost", async () => {
    const { channel } = await world().customerChannel();
    const casey = world().customer();
    const ts = await world().say(channel, casey.id, "Lots of questions");
    const [issue] = await world().issues();
    slack.rateLimitNext("chat.postMessage", 1, 2);
    const bodies = ["First answer", "Second answer", "Third answer", "Fourth answer"];
    for (const body of bodies) {
      const res = await world().as.post(`/issues/${issue?.number}/messages`, { body });
      expect(res.statusCode, res.body).toBe(201);
    }
    await world().idle();
    const limited = slack.calls.filter((c) => c.method === "chat.postMessage" && c.status === 429);
    expect(limited).toHaveLength(2);
    const delivered = slack.accepted("chat.postMessage").filter((a) => a.channel === channel);
    expect(delivered.map((a) => a.text)).toEqual(bodies);
    expect(delivered.every((a) => a.thread_ts === ts)).toBe(true);
    const statuses = (await world().messages(issue?.number ?? 0)).slice(1).map((m) => m.deliveryStatus);
    expect(statuses).toEqual(["sent", "sent", "sent", "sent"]);
  });

  it("keeps a later reply pending, not failed, while an earlier one is retried, then delivers both in order", async () => {
    const { channel } = await world().customerChannel();
    const ts = await world().say(channel, world().customer().id, "Is the export broken?");
    const [issue] = await world().issues();
    slack.failNext("chat.postMessage", "internal_error");
    const bodies = ["Looking into it", "Found it: fixed now"];
    const posted: string[] = [];
    for (const body of bodies) {
      const res = await world().as.post(`/issues/${issue?.number}/messages`, { body });
      expect(res.statusCode, res.body).toBe(201);
      posted.push(res.json().id as string);
    }
    // Watch both replies' delivery states until the jobs are done.
    const seen = new Map(posted.map((id) => [id, new Set<string | null>()]));
    const look = async () => {
      for (const m of await world().messages(issue?.number ?? 0)) seen.get(m.id)?.add(m.deliveryStatus);
    };
    let idle = false;
    const watching = (async () => {
      while (!idle) {
        await look();
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await look();
    })();
    await world().idle();
    idle = true;
    await watching;
    const delivered = slack.accepted("chat.postMessage").filter((a) => a.channel === channel);
    expect(delivered.map((a) => [a.text, a.thread_ts])).toEqual(bodies.map((body) => [body, ts]));
    // The first reply's failure shows while it waits for its retry; the second only ever waits.
    expect([...(seen.get(posted[0] ?? "") ?? [])]).toContain("failed");
    expect([...(seen.get(posted[1] ?? "") ?? [])]).toEqual(["pending", "sent"]);
  });

  it("fails a reply Slack refuses for good at once, with what to do, and sends it again on request", async () => {
    const { channel } = await world().customerChannel();
    await world().say(channel, world().customer().id, "Can you confirm the fix?");
    const [issue] = await world().issues();
    slack.failNext("chat.postMessage", "not_in_channel");
    const posted = await world().as.post(`/issues/${issue?.number}/messages`, { body: "Confirmed: fixed." });
    expect(posted.statusCode, posted.body).toBe(201);
    const id = posted.json().id as string;
    await world().idle();
    const attempts = () => slack.calls.filter((c) => c.method === "chat.postMessage" && c.args.channel === channel);
    // Not retried: one attempt, and the reason is on the message.
    expect(attempts()).toHaveLength(1);
    const failed = (await world().messages(issue?.number ?? 0)).find((m) => m.id === id);
    expect(failed).toMatchObject({ deliveryStatus: "failed" });
    expect(failed?.deliveryError).toMatch(/not in this channel\. Invite it/);
    expect(failed?.deliveryFix).toBeNull(); // inviting the app is done in Slack, not in a setting

    // The agent invites the app, then sends the same reply again.
    const resent = await world().as.post(`/messages/${id}/resend`);
    expect(resent.statusCode, resent.body).toBe(202);
    await world().idle();
    const delivered = slack.accepted("chat.postMessage").filter((a) => a.channel === channel);
    expect(delivered.map((a) => a.text)).toEqual(["Confirmed: fixed."]);
    expect((await world().messages(issue?.number ?? 0)).find((m) => m.id === id)?.deliveryStatus).toBe("sent");
    // A reply that went out cannot be sent twice.
    const again = await world().as.post(`/messages/${id}/resend`);
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe("conflict");
  });

  it("says a revoked token needs Slack reconnected, and names the Slack connection setting", async () => {
    const { channel } = await world().customerChannel();
    await world().say(channel, world().customer().id, "Anyone there?");
    const [issue] = await world().issues();
    slack.failNext("chat.postMessage", "token_revoked");
    const posted = await world().as.post(`/issues/${issue?.number}/messages`, { body: "Yes, looking now." });
    const id = posted.json().id as string;
    await world().idle();
    const failed = (await world().messages(issue?.number ?? 0)).find((m) => m.id === id);
    expect(failed).toMatchObject({ deliveryStatus: "failed", deliveryFix: "slack_connection" });
    expect(failed?.deliveryError).toMatch(/Reconnect Slack in Settings/);
  });

  it("waits out a 429 on a lookup while ingesting, and the message still becomes an issue", async () => {
    const { channel } = await world().customerChannel();
    const newcomer = world().customer("Nia Newcomer");
    slack.rateLimitNext("users.info", 1);
    await world().say(channel, newcomer.id, "First time posting here");
    const [issue] = (await world().issues()).filter((i) => i.title === "First time posting here");
    expect(issue?.requester?.name).toBe("Nia Newcomer");
    expect(slack.calls.filter((c) => c.method === "users.info" && c.status === 429)).toHaveLength(1);
  });
});
