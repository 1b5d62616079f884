// Customer sentiment through the public surface: a customer's negative Slack message (signed
// Events API delivery) and a negative email move their account's sentiment; the account shows up
// in "sentiment dropped this week" and "renewal in 60 days and negative", never in another
// workspace's views; the account 360 explains it per issue and the health job scores the account.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { issueOn } from "../crm/support";
import { expectError } from "../foundation/support";
import { api, buildWorkspace, useTestApp } from "../harness";
import { connectWorld, type SlackWorld } from "../slack/fixture";
import { SlackStandin } from "../slack/standin";

const app = useTestApp();
const slack = new SlackStandin();
let world: SlackWorld;

const DAY = 86_400_000;
const slackTs = (at: number) => `${Math.floor(at / 1000)}.${String(at % 1000).padStart(3, "0")}100`;
const inDays = (days: number) => new Date(Date.now() + days * DAY).toISOString().slice(0, 10);

interface Listed {
  id: string;
  name: string;
  health: number | null;
  sentiment: { current: number | null; change: number | null; dropped: boolean; label: string | null } | null;
}
const listed = async (query: string) => (await world.as.get(`/accounts?${query}`)).json().items as Listed[];

beforeAll(async () => {
  await slack.start();
  world = await connectWorld(app(), slack);
});
afterAll(() => slack.close());

describe("customer sentiment", () => {
  it("a negative Slack message drops the account's sentiment this week, explained per issue", async () => {
    const { channel, accountId } = await world.customerChannel();
    const { channel: calmChannel, accountId: calmId } = await world.customerChannel();
    const casey = world.customer("Casey Jones");
    // Last month the customer was happy.
    await world.say(channel, casey.id, "Thanks so much, the rollout went great!", {
      ts: slackTs(Date.now() - 12 * DAY),
    });
    await world.say(calmChannel, casey.id, "Really appreciate the quick response, works now.");
    expect((await listed("sentiment=dropped")).map((a) => a.id)).not.toContain(accountId);

    await world.say(
      channel,
      casey.id,
      "Exports are still broken and this is a blocker for our launch. Really frustrating.",
    );

    const dropped = await listed("sentiment=dropped&sort=sentiment_change");
    const mine = dropped.find((a) => a.id === accountId);
    expect(mine?.sentiment).toMatchObject({ dropped: true });
    expect(mine?.sentiment?.current).toBeLessThan(-0.5);
    expect(mine?.sentiment?.change).toBeLessThanOrEqual(-0.2);
    expect(dropped.map((a) => a.id)).not.toContain(calmId);

    const overview = (await world.as.get(`/accounts/${accountId}/overview`)).json();
    const negative = overview.sentiment.issues.find((i: { latestLabel: string }) => i.latestLabel === "negative");
    expect(negative.phrases.map((p: { text: string }) => p.text)).toEqual(
      expect.arrayContaining(["still broken", "blocker", "really frustrating"]),
    );
    expect(overview.sentiment.trend).toHaveLength(12);
    expect(overview.sentiment.trend.at(-1).average).toBeLessThan(0);

    // The issue page sees the message's sentiment; our own reply carries none.
    const messages = await world.messages(negative.number);
    expect(messages.at(-1)).toMatchObject({ sentiment: { label: "negative" } });
    await world.as.post(`/issues/${negative.number}/messages`, { body: "Looking into it now.", visibility: "public" });
    const after = await world.messages(negative.number);
    expect(after.find((m) => m.bodyText === "Looking into it now.")).toMatchObject({ sentiment: null });
  });

  it("the account-health job scores the account after its customer writes, with the drivers", async () => {
    const { channel, accountId } = await world.customerChannel();
    const casey = world.customer("Casey Angry");
    await world.say(channel, casey.id, "This is unacceptable, production is down again and nobody replied.");
    const account = await vi.waitFor(
      async () => {
        const res = (await world.as.get(`/accounts/${accountId}/overview`)).json();
        expect(res.sentiment.health).not.toBeNull();
        return res;
      },
      { timeout: 30_000, interval: 100 },
    );
    expect(account.account.health).toBe(account.sentiment.health.score);
    expect(account.sentiment.health.score).toBeLessThan(70);
    expect(account.sentiment.health.drivers.map((d: { factor: string }) => d.factor)).toEqual(
      expect.arrayContaining(["sentiment", "open_issues", "recency"]),
    );
    const sorted = await listed("sort=health&limit=200");
    expect(sorted.findIndex((a) => a.id === accountId)).toBeGreaterThanOrEqual(0);
  });

  it("lists accounts renewing within N days whose customers are negative, and never another workspace's", async () => {
    const renewing = (
      await world.as.post("/accounts", { name: "Renewing Soon Co", renewalDate: inDays(30), tier: "Enterprise" })
    ).json();
    const later = (await world.as.post("/accounts", { name: "Renewing Later Co", renewalDate: inDays(200) })).json();
    const happy = (await world.as.post("/accounts", { name: "Renewing Happy Co", renewalDate: inDays(20) })).json();
    await issueOn(world.ws, renewing.id, "We are not happy. The sync keeps failing and we may not renew.");
    await issueOn(world.ws, later.id, "The sync keeps failing, this is unacceptable.");
    await issueOn(world.ws, happy.id, "Thanks a lot, everything works perfectly now!");

    const theirs = await buildWorkspace(app());
    const as2 = api(app(), theirs.admin);
    const secret = (await as2.post("/accounts", { name: "Their Angry Co", renewalDate: inDays(10) })).json();
    await issueOn(theirs, secret.id, "Still broken. This is a blocker and we will churn.");

    const view = await listed("sentiment=negative&renewalWithinDays=60");
    expect(view.map((a) => a.name)).toEqual(["Renewing Soon Co"]);
    expect(view[0]?.sentiment?.label).toBe("negative");
    // The other workspace sees its own account, and only that.
    const other = (await as2.get("/accounts?sentiment=dropped")).json().items as Listed[];
    expect(other.map((a) => a.id)).toEqual([secret.id]);
    for (const q of ["sentiment=dropped", "sentiment=negative", "sort=sentiment_change", "sort=health"])
      expect((await listed(q)).map((a) => a.id)).not.toContain(secret.id);
  });

  it("refuses a bad filter with the one error shape", async () => {
    expectError(await world.as.get("/accounts?sentiment=angry"), 400, "validation_failed");
    expectError(await world.as.get("/accounts?renewalWithinDays=-3"), 400, "validation_failed");
  });
});
