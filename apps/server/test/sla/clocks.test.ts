// SLA clocks on issues that arrive through Slack and email: they pause while the issue waits on
// the customer, resume when the customer writes, and breach at the right business second; a
// breach trigger fires once; a raised priority applies a stricter policy. Time is the product's
// injectable clock (services.now), moved by the test.
import type { IssueEvent } from "@switchboard/api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ingestInbound } from "../../src/commands/inbound";
import { unique, useTestApp } from "../harness";
import { connectWorld, type SlackWorld } from "../slack/fixture";
import { SlackStandin } from "../slack/standin";

const app = useTestApp();
const slack = new SlackStandin();
let world: SlackWorld;
let clock = new Date("2026-12-04T14:30:00Z");
const at = (iso: string) => {
  clock = new Date(iso);
};
const settle = () => app().services.jobs.idle(undefined, 60_000);
const sweep = async () => {
  await app().services.jobs.enqueue("sla.refresh", { workspaceId: world.ws.workspaceId });
  await settle();
};
const issue = async (n: number) => (await world.as.get(`/issues/${n}`)).json();
const events = async (n: number) => (await world.as.get(`/issues/${n}/events`)).json().items as IssueEvent[];

beforeAll(async () => {
  app().services.now = () => clock;
  await slack.start();
  world = await connectWorld(app(), slack);
  const calendar = await world.as.post("/business-hours", {
    name: "Berlin office",
    timeZone: "Europe/Berlin",
    hours: [1, 2, 3, 4, 5].map((day) => ({ day, start: "09:00", end: "17:00" })),
    holidays: [{ name: "Christmas", from: "2026-12-24", to: "2026-12-26" }],
    isDefault: true,
  });
  expect(calendar.statusCode).toBe(201);
  const policy = async (body: Record<string, unknown>) => {
    const res = await world.as.post("/sla-policies", body);
    expect(res.statusCode, res.body).toBe(201);
  };
  await policy({
    name: "Urgent",
    conditions: { all: [{ field: "issue.priority", op: "eq", value: "urgent" }] },
    firstResponseMinutes: 15,
    resolutionMinutes: 120,
  });
  await policy({
    name: "Email, around the clock",
    conditions: { all: [{ field: "issue.channel", op: "eq", value: "email" }] },
    firstResponseMinutes: 240,
    businessTime: false,
  });
  await policy({ name: "Standard", firstResponseMinutes: 60, nextResponseMinutes: 30, resolutionMinutes: 480 });
});
afterAll(() => slack.close());

describe("SLA clocks", { timeout: 120_000 }, () => {
  it("pauses a Slack issue on the customer over the weekend, resumes on their reply, and breaches at the due second", async () => {
    const trigger = await world.as.post("/triggers", {
      name: "Missed SLA → urgent",
      event: "sla_breached",
      actions: [
        { type: "set_priority", priority: "high" },
        { type: "add_tags", tags: ["sla-missed"] },
      ],
    });
    expect(trigger.statusCode, trigger.body).toBe(201);

    // Friday 4 December, 15:30 in Berlin: a customer asks in their shared channel.
    at("2026-12-04T14:30:00Z");
    const { channel } = await world.customerChannel();
    const casey = world.customer("Casey Jones");
    const ts = await world.say(channel, casey.id, "Our nightly export stopped");
    await settle();
    const [opened] = await world.issues();
    if (!opened) throw new Error("no issue opened");
    const n = opened.number;
    expect((await issue(n)).sla).toEqual({
      policy: { id: expect.any(String), name: "Standard" },
      firstResponseDueAt: "2026-12-04T15:30:00.000Z",
      nextResponseDueAt: null,
      resolutionDueAt: "2026-12-07T14:30:00.000Z", // 1h30 on Friday, 6h30 on Monday from 09:00
      breached: [],
      paused: false,
    });

    // 15:40: an agent answers and asks for logs; the issue waits on the customer over the weekend.
    at("2026-12-04T14:40:00Z");
    expect((await world.as.post(`/issues/${n}/messages`, { body: "Could you send the export log?" })).statusCode).toBe(
      201,
    );
    await settle();
    const waiting = await issue(n);
    expect(waiting.state).toBe("on_customer");
    expect(waiting.sla).toMatchObject({ firstResponseDueAt: null, resolutionDueAt: null, paused: true });

    // Monday 7 December, 09:10 in Berlin: the customer answers in the thread; the clocks resume.
    at("2026-12-07T08:10:00Z");
    await world.say(channel, casey.id, "Here it is: export.log", { thread_ts: ts });
    await settle();
    expect((await issue(n)).sla).toMatchObject({
      nextResponseDueAt: "2026-12-07T08:40:00.000Z",
      // 10 minutes ran on Friday; 7h50 from 09:10 Monday.
      resolutionDueAt: "2026-12-07T16:00:00.000Z",
      paused: false,
      breached: [],
    });

    at("2026-12-07T08:39:59Z");
    await sweep();
    expect((await events(n)).filter((e) => e.type === "sla_breached")).toEqual([]);

    at("2026-12-07T08:40:00Z");
    await sweep();
    at("2026-12-07T08:41:00Z");
    await sweep();
    await sweep();
    const breaches = (await events(n)).filter((e) => e.type === "sla_breached");
    expect(breaches.map((e) => e.data)).toEqual([
      { policyId: expect.any(String), target: "next_response", dueAt: "2026-12-07T08:40:00.000Z" },
    ]);
    const after = await issue(n);
    expect(after.sla.breached).toEqual(["next_response"]);
    expect(after.priority).toBe("high");
    expect(after.tags).toContain("sla-missed");
    const runs = (await events(n)).filter((e) => e.type === "trigger" && e.data.event === "sla_breached");
    expect(runs).toHaveLength(1);
  });

  it("counts an email issue's target around the clock, and a raised priority applies the stricter policy", async () => {
    // Saturday 5 December, 22:00 UTC: calendar time ignores the office hours.
    at("2026-12-05T22:00:00Z");
    const id = unique("msg");
    const { issue: created } = await world.ws.run((ctx) =>
      ingestInbound(ctx, {
        workspaceId: world.ws.workspaceId,
        channel: "email",
        threadKey: `<${id}@customer.test>`,
        externalId: `<${id}@customer.test>`,
        author: { email: `${id}@customer.test`, name: "Pat Customer" },
        subject: "Invoice is wrong",
        text: "We were charged twice.",
        sentAt: clock,
        source: { inbox: "billing@switchboard.test" },
      }),
    );
    await settle();
    const n = created.number;
    expect((await issue(n)).sla).toMatchObject({
      policy: { name: "Email, around the clock" },
      firstResponseDueAt: "2026-12-06T02:00:00.000Z",
    });

    at("2026-12-05T22:05:00Z");
    expect((await world.as.patch(`/issues/${n}`, { priority: "urgent" })).statusCode).toBe(200);
    await sweep();
    // Urgent: 15 business minutes from the office's next opening, Monday 09:00 Berlin.
    expect((await issue(n)).sla).toMatchObject({
      policy: { name: "Urgent" },
      firstResponseDueAt: "2026-12-07T08:15:00.000Z",
      resolutionDueAt: "2026-12-07T10:00:00.000Z",
    });
    const applied = (await events(n)).filter((e) => e.type === "sla_applied").map((e) => e.data.name);
    expect(applied).toEqual(["Email, around the clock", "Urgent"]);
  });

  it("sorts a view by SLA due time, the nearest first", async () => {
    const view = await world.as.post("/views", { name: "Due first", ownerType: "workspace", sort: "sla_due" });
    expect(view.statusCode, view.body).toBe(201);
    const listed = (await world.as.get(`/views/${view.json().id}/issues`)).json().items as {
      number: number;
      sla: { firstResponseDueAt: string | null; nextResponseDueAt: string | null; resolutionDueAt: string | null };
    }[];
    const nearest = listed.map((i) =>
      Math.min(
        ...[i.sla.firstResponseDueAt, i.sla.nextResponseDueAt, i.sla.resolutionDueAt]
          .filter((d): d is string => d !== null)
          .map(Date.parse),
      ),
    );
    expect(listed.length).toBe(2);
    expect(nearest).toEqual([...nearest].sort((x, y) => x - y));
    expect(nearest[0]).toBe(Date.parse("2026-12-07T08:15:00.000Z"));
  });

  it("warns once at the business second a target comes within N minutes, and a breach runs its trigger once", async () => {
    const warn = await world.as.post("/triggers", {
      name: "First response due soon",
      event: "sla_warning",
      slaWarningMinutes: 20,
      conditions: { all: [{ field: "sla.first_response_due_in", op: "lte", value: 20 }] },
      actions: [{ type: "add_tags", tags: ["sla-soon"] }],
    });
    expect(warn.statusCode, warn.body).toBe(201);
    expect(warn.json().slaWarningMinutes).toBe(20);

    // Tuesday 8 December, 16:30 in Berlin: 30 business minutes today, 30 more from 09:00 tomorrow.
    at("2026-12-08T15:30:00Z");
    const { channel } = await world.customerChannel();
    await world.say(channel, world.customer("Robin Park").id, "Webhooks are failing since noon");
    await settle();
    const [opened] = await world.issues();
    if (!opened) throw new Error("no issue opened");
    const n = opened.number;
    expect((await issue(n)).sla).toMatchObject({
      policy: { name: "Standard" },
      firstResponseDueAt: "2026-12-09T08:30:00.000Z",
    });
    const warnSweep = async (iso: string) => {
      at(iso);
      await app().services.jobs.enqueue("routing.sla_warning", { workspaceId: world.ws.workspaceId });
      await settle();
    };
    const runs = async (event: string) =>
      (await events(n)).filter((e) => e.type === "trigger" && e.data.event === event && e.data.actions);

    // The evening and the night pass: 20 wall-clock minutes before 09:30 Berlin is 09:10.
    await warnSweep("2026-12-08T16:30:00Z");
    await warnSweep("2026-12-09T08:09:59Z");
    expect(await runs("sla_warning")).toEqual([]);
    await warnSweep("2026-12-09T08:10:00Z");
    await warnSweep("2026-12-09T08:11:00Z");
    await warnSweep("2026-12-09T08:25:00Z");
    const warned = await runs("sla_warning");
    expect(warned).toHaveLength(1);
    expect(warned[0]?.createdAt).toBe("2026-12-09T08:10:00.000Z");
    expect((await issue(n)).tags).toContain("sla-soon");

    // Due at 09:30 Berlin: missed at that second, its trigger (the first test's) runs once.
    at("2026-12-09T08:29:59Z");
    await sweep();
    expect(await runs("sla_breached")).toEqual([]);
    at("2026-12-09T08:30:00Z");
    await sweep();
    at("2026-12-09T08:31:00Z");
    await sweep();
    await warnSweep("2026-12-09T08:32:00Z");
    const breached = await runs("sla_breached");
    expect(breached).toHaveLength(1);
    expect(breached[0]?.createdAt).toBe("2026-12-09T08:30:00.000Z");
    expect(await runs("sla_warning")).toHaveLength(1);
    expect((await issue(n)).sla.breached).toEqual(["first_response"]);
  });

  it("filters views by SLA state, missed targets and minutes until due", async () => {
    const ids = async (filter: unknown) => {
      const view = await world.as.post("/views", { name: unique("SLA view"), ownerType: "workspace", filter });
      expect(view.statusCode, view.body).toBe(201);
      const listed = (await world.as.get(`/views/${view.json().id}/issues`)).json().items as { number: number }[];
      return listed.map((i) => i.number).sort((a, b) => a - b);
    };
    const all = (await world.as.get("/issues?limit=200")).json().items as {
      number: number;
      sla: { breached: string[] };
    }[];
    const breached = all.filter((i) => i.sla.breached.length > 0).map((i) => i.number);
    expect(breached.length).toBeGreaterThan(0);
    expect(await ids({ field: "sla.state", op: "in", value: ["breached"] })).toEqual(breached.sort((a, b) => a - b));
    const missedFirst = all
      .filter((i) => i.sla.breached.includes("first_response"))
      .map((i) => i.number)
      .sort((a, b) => a - b);
    expect(await ids({ field: "sla.breached", op: "in", value: ["first_response"] })).toEqual(missedFirst);

    // Views compare with the database's clock: an email issue now, first response due in 240 minutes.
    at(new Date().toISOString());
    const id = unique("msg");
    const { issue: created } = await world.ws.run((ctx) =>
      ingestInbound(ctx, {
        workspaceId: world.ws.workspaceId,
        channel: "email",
        threadKey: `<${id}@customer.test>`,
        externalId: `<${id}@customer.test>`,
        author: { email: `${id}@customer.test`, name: "Sam Customer" },
        subject: "Password reset mail never arrives",
        text: "Nothing in spam either.",
        sentAt: clock,
        source: { inbox: "support@switchboard.test" },
      }),
    );
    await settle();
    const due = (op: string, value: number) => ids({ field: "sla.first_response_due_in", op, value });
    expect(await due("lte", 250)).toContain(created.number);
    expect(await due("lte", 230)).not.toContain(created.number);
    expect(await due("gt", 230)).toContain(created.number);
    expect(await due("gt", 250)).not.toContain(created.number);
    expect(await ids({ field: "sla.first_response_due_in", op: "is_set" })).toContain(created.number);

    // A policy cannot test the SLA it decides.
    const circular = await world.as.post("/sla-policies", {
      name: "Circular",
      conditions: { field: "sla.state", op: "in", value: ["breached"] },
      firstResponseMinutes: 5,
    });
    expect(circular.statusCode).toBe(400);
    expect(circular.json().error.code).toBe("validation_failed");
  });
});
