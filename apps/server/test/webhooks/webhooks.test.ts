// Outbound webhooks against a local receiver: signed deliveries the receiver verifies, a retry
// after a 500 under the same delivery id, per-issue order while an earlier delivery is retried,
// disabling after repeated failures (and re-enabling), replay, and the delivery log.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDispatcher } from "../../src/integrations/webhooks/module";
import type { Running } from "../../src/module";
import { eventually } from "../email/support";
import { addPerson, expectError } from "../foundation/support";
import { api, buildWorkspace, type TestWorkspace, useTestApp } from "../harness";
import { WebhookReceiver } from "./receiver";

// The machine running the suite is shared and small: start-up under load can take minutes.
const app = useTestApp({
  WEBHOOKS_ALLOW_PRIVATE: "1",
  WEBHOOKS_RETRY_BASE_SECONDS: "0",
  WEBHOOKS_DISABLE_AFTER: "3",
  WEBHOOKS_POLL_MS: "50",
});
const receiver = new WebhookReceiver();
let dispatcher: Running | undefined;
let ws: TestWorkspace;
let as: ReturnType<typeof api>;

beforeAll(async () => {
  await receiver.start();
  dispatcher = startDispatcher(app().services);
  ws = await buildWorkspace(app());
  as = api(app(), ws.admin);
});
afterAll(async () => {
  await dispatcher?.stop();
  await receiver.close();
});

async function subscribe(path: string, eventTypes: string[]) {
  const res = await as.post("/webhooks", { url: receiver.url(path), eventTypes, description: path });
  expect(res.statusCode, res.body).toBe(201);
  const { webhook, secret } = res.json() as { webhook: { id: string }; secret: string };
  receiver.secrets.set(path, secret);
  return webhook.id;
}

async function openIssue(title: string): Promise<number> {
  const res = await as.post("/issues", { title, body: "Our exports stopped." });
  expect(res.statusCode, res.body).toBe(201);
  return (res.json() as { number: number }).number;
}

const deliveriesOf = async (id: string) =>
  (await as.get(`/webhooks/${id}/deliveries`)).json().items as {
    id: string;
    status: string;
    attempts: number;
    responseStatus: number | null;
    issueNumber: number;
    eventType: string;
    responseExcerpt: string | null;
    durationMs: number | null;
  }[];

describe("outbound webhooks", () => {
  it("delivers a signed event the receiver verifies, with the issue and a delivery id", async () => {
    await subscribe("/signed", ["created", "priority"]);
    const number = await openIssue("Signed delivery");
    const [got] = await eventually(async () => receiver.at("/signed").length > 0 && receiver.at("/signed"));
    expect(got?.verified).toBe(true);
    expect(got?.json).toMatchObject({ type: "created", issue: { number } });
    expect(got?.headers["x-switchboard-delivery"]).toMatch(/^[0-9a-f-]{36}$/);
    expect(got?.headers["x-switchboard-signature"]).toMatch(/^v1=[0-9a-f]{64}$/);
  });

  it("retries after a 500 with the same delivery id, and logs both attempts", async () => {
    const id = await subscribe("/flaky", ["created"]);
    receiver.answer("/flaky", 500);
    await openIssue("Retried delivery");
    const got = await eventually(async () => receiver.at("/flaky").length >= 2 && receiver.at("/flaky"));
    expect(got.map((r) => r.answered)).toEqual([500, 200]);
    expect(got[0]?.headers["x-switchboard-delivery"]).toBe(got[1]?.headers["x-switchboard-delivery"]);
    const [delivery] = await eventually(async () => {
      const list = await deliveriesOf(id);
      return list[0]?.status === "delivered" && list;
    });
    expect(delivery).toMatchObject({ attempts: 2, responseStatus: 200, responseExcerpt: "thanks" });
  });

  it("keeps an issue's events in order: a later one waits while the earlier one is retried", async () => {
    // A fresh workspace: no other issue's events reach this receiver.
    const own = api(app(), (await buildWorkspace(app())).admin);
    const res = await own.post("/webhooks", { url: receiver.url("/ordered"), eventTypes: ["created", "priority"] });
    receiver.secrets.set("/ordered", (res.json() as { secret: string }).secret);
    receiver.answer("/ordered", 500, 500);
    const number = (await own.post("/issues", { title: "Ordered deliveries" })).json().number;
    expect((await own.patch(`/issues/${number}`, { priority: "urgent" })).statusCode).toBe(200);
    expect((await own.patch(`/issues/${number}`, { priority: "low" })).statusCode).toBe(200);
    // Two priority changes of ours, and one by the priority job if it ran first: each is delivered once.
    const priorityEvents = async () =>
      ((await own.get(`/issues/${number}/events`)).json() as { items: { type: string }[] }).items.filter(
        (e) => e.type === "priority",
      ).length;
    const { got, changes } = await eventually(async () => {
      const changes = await priorityEvents();
      const mine = receiver.at("/ordered").filter((r) => r.answered === 200);
      return changes >= 2 && mine.length >= 1 + changes && { got: receiver.at("/ordered"), changes };
    });
    expect(got.map((r) => `${r.json.type}:${r.answered}`)).toEqual([
      "created:500",
      "created:500",
      "created:200",
      ...Array.from({ length: changes }, () => "priority:200"),
    ]);
    const seqs = got.map((r) => r.json.event.seq);
    expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
  });

  it("disables a webhook after 3 failures in a row, says why, and sends the waiting delivery once re-enabled", async () => {
    const id = await subscribe("/down", ["created"]);
    receiver.answer("/down", 500, 502, 503);
    await openIssue("Receiver down");
    const hook = await eventually(async () => {
      const res = (await as.get(`/webhooks/${id}`)).json();
      return res.enabled === false && res;
    });
    expect(hook.disabledReason).toContain("3 failed deliveries in a row");
    expect(receiver.at("/down")).toHaveLength(3);
    const reenabled = await as.patch(`/webhooks/${id}`, { enabled: true });
    expect(reenabled.json()).toMatchObject({ enabled: true, consecutiveFailures: 0, disabledReason: null });
    await eventually(async () => receiver.at("/down").some((r) => r.answered === 200));
    // The receiver answers before the worker records the answer: wait for the record.
    const [delivery] = await eventually(async () => {
      const items = await deliveriesOf(id);
      const first = items[0];
      return first && first.attempts >= 4 && first.status !== "sending" && items;
    });
    expect(delivery).toMatchObject({ status: "delivered", attempts: 4 });
  });

  it("replays a delivery as a new delivery with the same body", async () => {
    const id = await subscribe("/replay", ["created"]);
    await openIssue("Replayed delivery");
    const [first] = await eventually(async () => {
      const list = await deliveriesOf(id);
      return list[0]?.status === "delivered" && list;
    });
    const res = await as.post(`/webhooks/${id}/deliveries/${first?.id}/replay`);
    expect(res.statusCode, res.body).toBe(201);
    const got = await eventually(async () => receiver.at("/replay").length >= 2 && receiver.at("/replay"));
    expect(got[1]?.body).toBe(got[0]?.body);
    expect(got[1]?.headers["x-switchboard-delivery"]).toBe(res.json().id);
    expect(got[1]?.verified).toBe(true);
  });

  it("sends only subscribed event types, and none to a deleted webhook", async () => {
    const id = await subscribe("/only-priority", ["priority"]);
    const number = await openIssue("Only priority");
    await as.patch(`/issues/${number}`, { priority: "high" });
    await eventually(async () => receiver.at("/only-priority").length > 0);
    expect(receiver.at("/only-priority").map((r) => r.json.type)).toEqual(["priority"]);
    expect((await as.delete(`/webhooks/${id}`)).statusCode).toBe(200);
    expect((await as.get(`/webhooks/${id}`)).statusCode).toBe(404);
  });

  it("refuses event types outside the catalog, and members", async () => {
    const bad = await as.post("/webhooks", { url: receiver.url("/x"), eventTypes: ["ticket_created"] });
    expectError(bad, 400, "validation_failed");
    const member = api(app(), await addPerson(app(), ws, "member"));
    expectError(await member.get("/webhooks"), 403, "forbidden");
    expectError(await member.post("/webhooks", { url: receiver.url("/x"), eventTypes: ["created"] }), 403, "forbidden");
  });
});
