// The metric rules of domain/metrics.ts on hand-written event logs: what a response is, how
// waits are measured, how reopened and merged issues count, SLA attainment, business seconds.
import { describe, expect, it } from "vitest";
import type { IssueEvent } from "./events";
import { issueFacts, issuesToRefresh, type LoggedEvent, type MetricFact } from "./metrics";

const MON = "2026-03-02";
const at = (time: string, day = MON) => new Date(`${day}T${time}:00Z`);

function log(...events: [string, IssueEvent, LoggedEvent["actorType"]?][]): LoggedEvent[] {
  return events.map(([time, event, actorType]) => ({
    ...event,
    actorType: actorType ?? "user",
    createdAt: time.includes("T") ? new Date(time) : at(time),
  }));
}
const created: IssueEvent = { type: "created", data: { channel: "email", teamId: null, accountId: null } };
const customer: IssueEvent = {
  type: "message",
  data: { messageId: "m", authorType: "contact", visibility: "public" },
};
const reply: IssueEvent = { type: "message", data: { messageId: "r", authorType: "user", visibility: "public" } };
const note: IssueEvent = { type: "message", data: { messageId: "n", authorType: "user", visibility: "internal" } };
const aiReply: IssueEvent = { type: "message", data: { messageId: "a", authorType: "agent", visibility: "public" } };
const close: IssueEvent = { type: "state", data: { from: "on_you", to: "closed" } };
const reopen: IssueEvent = { type: "state", data: { from: "closed", to: "on_you" } };

const facts = (events: LoggedEvent[], kind: MetricFact["kind"]) =>
  issueFacts(events)
    .filter((f) => f.kind === kind)
    .map((f) => [f.at.toISOString().slice(11, 16), f.seconds, f.businessSeconds, f.value, f.target]);

describe("metric facts of an issue", () => {
  it("measures the first response from the customer's message, in calendar and business seconds", () => {
    const events = log(["08:00", created, "contact"], ["08:00", customer, "contact"], ["11:00", reply]);
    expect(facts(events, "first_response")).toEqual([["11:00", 10_800, 7_200, null, null]]);
  });

  it("counts business seconds on the issue's calendar when it has one", () => {
    const events = log(["08:00", created, "contact"], ["08:00", customer, "contact"], ["11:00", reply]);
    // This office opens at 11:00 in Berlin (10:00 UTC in March): 10:00–11:00 UTC is its one business hour
    // (Monday to Friday 9–17 UTC would count two).
    const berlin = {
      timeZone: "Europe/Berlin",
      hours: [1, 2, 3, 4, 5].map((day) => ({ day, start: "11:00", end: "18:00" })),
      holidays: [],
    };
    const first = issueFacts(events, berlin).find((f) => f.kind === "first_response");
    expect([first?.seconds, first?.businessSeconds]).toEqual([10_800, 3_600]);
  });

  it("counts neither notes, AI replies nor trigger messages as responses", () => {
    const events = log(
      ["08:00", created, "contact"],
      ["08:00", customer, "contact"],
      ["09:30", note],
      ["09:40", aiReply, "agent"],
      ["09:50", reply, "trigger"],
      ["10:00", reply],
    );
    expect(facts(events, "response")).toEqual([["10:00", 7_200, 3_600, null, null]]);
  });

  it("measures every answer to a waiting customer, from the earliest unanswered message", () => {
    const events = log(
      ["09:00", created, "contact"],
      ["09:00", customer, "contact"],
      ["09:10", customer, "contact"],
      ["09:30", reply],
      ["09:45", reply],
      ["10:00", customer, "contact"],
      ["12:00", reply],
      ["12:30", close],
    );
    expect(facts(events, "response").map((f) => f[1])).toEqual([1_800, 7_200]);
    expect(facts(events, "touches")).toEqual([["12:30", null, null, 3, null]]);
  });

  it("gives an issue opened by an agent no first response until the customer writes", () => {
    const events = log(["09:00", created], ["09:05", reply], ["10:00", customer, "contact"], ["10:20", reply]);
    expect(facts(events, "first_response")).toEqual([["10:20", 1_200, 1_200, null, null]]);
  });

  it("resolves a reopened issue once, at its last close, and counts each close and reopen", () => {
    const events = log(["09:00", created, "contact"], ["10:00", close], ["11:00", reopen, "contact"], ["13:00", close]);
    expect(facts(events, "resolution")).toEqual([["13:00", 14_400, 14_400, null, null]]);
    expect(facts(events, "closed").map((f) => f[0])).toEqual(["10:00", "13:00"]);
    expect(facts(events, "reopened").map((f) => f[0])).toEqual(["11:00"]);
    expect(facts(log(["09:00", created], ["10:00", close], ["11:00", reopen]), "resolution")).toEqual([]);
  });

  it("does not resolve a merged issue, but keeps its close for the backlog", () => {
    const events = log(["09:00", created], ["09:30", { type: "merged", data: { into: 7 } }], ["09:30", close]);
    expect(facts(events, "resolution")).toEqual([]);
    expect(facts(events, "touches")).toEqual([]);
    expect(facts(events, "closed")).toHaveLength(1);
  });

  it("counts business seconds across a weekend", () => {
    const events = log(
      ["2026-03-06T16:00:00Z", created, "contact"],
      ["2026-03-06T16:00:00Z", customer, "contact"],
      ["2026-03-09T10:00:00Z", reply],
    );
    expect(facts(events, "first_response")).toEqual([["10:00", 237_600, 7_200, null, null]]);
  });

  it("scores SLA attainment per target of the latest policy and overall", () => {
    const applied = (policyId: string | null): IssueEvent => ({
      type: "sla_applied",
      data: {
        policyId,
        name: policyId,
        firstResponseDueAt: policyId ? "2026-03-02T10:00:00Z" : null,
        nextResponseDueAt: null,
        resolutionDueAt: policyId ? "2026-03-03T10:00:00Z" : null,
      },
    });
    const breach: IssueEvent = {
      type: "sla_breached",
      data: { policyId: "p", target: "first_response", dueAt: "2026-03-02T10:00:00Z" },
    };
    const sla = (events: LoggedEvent[]) => facts(events, "sla").map((f) => [f[4], f[3]]);
    expect(sla(log(["09:00", created], ["09:00", applied("p")], ["10:00", breach, "system"]))).toEqual([
      ["overall", 0],
      ["first_response", 0],
      ["resolution", 1],
    ]);
    expect(sla(log(["09:00", created], ["09:00", applied("p")]))).toEqual([
      ["overall", 1],
      ["first_response", 1],
      ["resolution", 1],
    ]);
    // No policy applies any more: the issue is not counted.
    expect(sla(log(["09:00", created], ["09:00", applied("p")], ["09:10", applied(null)]))).toEqual([]);
  });

  it("records no CSAT where no one answered", () => {
    const events = log(
      ["09:00", created, "contact"],
      ["09:00", customer, "contact"],
      ["10:00", reply],
      ["11:00", close],
    );
    expect(facts(events, "csat")).toEqual([]);
    expect(facts(events, "csat_survey")).toEqual([]);
  });

  it("counts each surveyed resolution once for the response rate: 1 when it was answered", () => {
    const asked = (resolution: number, channel: "slack" | "email"): IssueEvent => ({
      type: "csat_requested",
      data: { channel, resolution, scale: "1-5" },
    });
    const rated = (resolution: number, score: number): IssueEvent => ({
      type: "csat",
      data: { score, comment: null, channel: "slack", resolution, updated: false },
    });
    const events = log(
      ["09:00", created, "contact"],
      ["10:00", close],
      ["10:01", asked(1, "slack"), "system"],
      ["10:02", asked(1, "email"), "system"],
      ["10:30", rated(1, 4), "contact"],
      ["10:40", rated(1, 5), "contact"],
      ["11:00", reopen, "contact"],
      ["12:00", close],
      ["12:01", asked(2, "slack"), "system"],
    );
    expect(facts(events, "csat_survey")).toEqual([
      ["10:01", null, null, 1, null],
      ["12:01", null, null, 0, null],
    ]);
    expect(facts(events, "csat").map((f) => f[3])).toEqual([5]);
  });

  it("asks for a refresh only of issues whose metric events changed", () => {
    expect(
      issuesToRefresh([
        { issueId: "a", type: "message" },
        { issueId: "b", type: "priority" },
        { issueId: "a", type: "state" },
        { issueId: "c", type: "sla_breached" },
      ]),
    ).toEqual(["a", "c"]);
  });
});
