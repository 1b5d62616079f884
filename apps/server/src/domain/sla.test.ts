import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addBusinessMs, type BusinessCalendar, businessMsBetween } from "./businessHours";
import { type SlaMoment, type SlaPolicyRules, slaState } from "./sla";

const MIN = 60_000;
const HOUR = 60 * MIN;
const weekdays = (start: string, end: string) => [1, 2, 3, 4, 5].map((day) => ({ day, start, end }));
const berlin: BusinessCalendar = {
  timeZone: "Europe/Berlin",
  hours: weekdays("09:00", "17:00"),
  holidays: [{ name: "Christmas", from: "2026-12-24", to: "2026-12-26" }],
};
const rules = (first: number | null, next: number | null, resolution: number | null): SlaPolicyRules => ({
  targets: { first_response: first, next_response: next, resolution },
  businessTime: true,
  pauseOn: ["on_customer", "on_hold"],
});
const at = (iso: string) => new Date(iso);
const opened = (iso: string): SlaMoment => ({ at: at(iso), kind: "opened" });
const customer = (iso: string): SlaMoment => ({ at: at(iso), kind: "customer_message" });
const reply = (iso: string): SlaMoment => ({ at: at(iso), kind: "agent_reply" });
const state = (
  iso: string,
  to: SlaMoment extends infer M ? (M extends { to: infer S } ? S : never) : never,
): SlaMoment => ({
  at: at(iso),
  kind: "state",
  to,
});

describe("SLA clocks", () => {
  it("starts an out-of-hours arrival's clock when the office opens", () => {
    // Saturday evening in Berlin; one business hour → Monday 10:00 CET.
    const s = slaState(rules(60, null, null), berlin, [opened("2026-11-28T18:00:00Z")], at("2026-11-30T08:30:00Z"));
    expect(s.targets.first_response).toEqual({ status: "running", dueAt: at("2026-11-30T09:00:00Z") });
    expect(s.breaches).toEqual([]);
  });

  it("meets first response with the first agent reply; next response waits for the customer again", () => {
    const s = slaState(
      rules(60, 120, null),
      berlin,
      [opened("2026-12-01T09:00:00Z"), reply("2026-12-01T09:30:00Z"), customer("2026-12-01T15:00:00Z")],
      at("2026-12-01T15:10:00Z"),
    );
    expect(s.targets.first_response.status).toBe("met");
    // 15:00Z is 16:00 in Berlin: one hour today, one tomorrow from 09:00 (08:00Z).
    expect(s.targets.next_response).toEqual({ status: "running", dueAt: at("2026-12-02T09:00:00Z") });
  });

  it("pauses on the customer over a weekend and Christmas, and resumes when they write", () => {
    const history: SlaMoment[] = [
      opened("2026-12-23T08:00:00Z"), // Wednesday 09:00 Berlin
      reply("2026-12-23T08:10:00Z"),
      state("2026-12-23T08:10:00Z", "on_customer"),
      customer("2026-12-28T10:00:00Z"), // Monday after Christmas and the weekend
      state("2026-12-28T10:00:00Z", "on_you"),
    ];
    const paused = slaState(rules(60, 60, 16 * 60), berlin, history.slice(0, 3), at("2026-12-27T12:00:00Z"));
    expect(paused.paused).toBe(true);
    expect(paused.targets.resolution).toEqual({ status: "paused", dueAt: null });
    const resumed = slaState(rules(60, 60, 16 * 60), berlin, history, at("2026-12-28T10:01:00Z"));
    // 10 business minutes ran before the pause; 15h50 remain from Monday 11:00 Berlin:
    // Monday 11–17 (6h), Tuesday (8h), Wednesday 09:00–10:50.
    expect(resumed.targets.resolution).toEqual({ status: "running", dueAt: at("2026-12-30T09:50:00Z") });
    expect(resumed.targets.next_response).toEqual({ status: "running", dueAt: at("2026-12-28T11:00:00Z") });
  });

  it("records a breach at the due second, once per next-response wait", () => {
    const s = slaState(
      rules(null, 30, null),
      berlin,
      [
        opened("2026-12-01T08:00:00Z"),
        reply("2026-12-01T08:05:00Z"),
        customer("2026-12-01T09:00:00Z"),
        reply("2026-12-01T09:45:00Z"), // 15 minutes late
        customer("2026-12-01T10:00:00Z"),
      ],
      at("2026-12-01T10:30:00Z"),
    );
    expect(s.breaches).toEqual([
      { target: "next_response", dueAt: at("2026-12-01T09:30:00Z") },
      { target: "next_response", dueAt: at("2026-12-01T10:30:00Z") },
    ]);
    const justBefore = slaState(
      rules(null, 30, null),
      berlin,
      [opened("2026-12-01T08:00:00Z")],
      at("2026-12-01T10:29:59Z"),
    );
    expect(justBefore.breaches).toEqual([]);
  });

  it("closing stops every clock; reopening goes on with the resolution clock where it stopped", () => {
    const history: SlaMoment[] = [
      opened("2026-12-01T08:00:00Z"),
      state("2026-12-01T08:30:00Z", "closed"),
      state("2026-12-02T08:00:00Z", "on_you"),
    ];
    const s = slaState(rules(60, null, 4 * 60), berlin, history, at("2026-12-02T08:30:00Z"));
    expect(s.targets.first_response.status).toBe("met");
    // 30 minutes ran before closing; 3h30 remain from Wednesday 09:00 Berlin.
    expect(s.targets.resolution).toEqual({ status: "running", dueAt: at("2026-12-02T11:30:00Z") });
  });

  it("counts calendar time around the clock when the policy says so", () => {
    const s = slaState(
      { ...rules(90, null, null), businessTime: false },
      berlin,
      [opened("2026-12-26T23:00:00Z")],
      at("2026-12-26T23:00:00Z"),
    );
    expect(s.targets.first_response.dueAt).toEqual(at("2026-12-27T00:30:00Z"));
  });

  // ---- properties ----------------------------------------------------------------------
  const base = Date.UTC(2026, 2, 1); // March: daylight saving starts within the range
  const instant = fc.integer({ min: 0, max: 120 * 24 * 60 }).map((m) => new Date(base + m * MIN));
  const calendar = fc.constantFrom<BusinessCalendar>(berlin, {
    timeZone: "America/New_York",
    hours: [...weekdays("08:00", "12:00"), ...weekdays("13:00", "17:30")],
    holidays: [{ name: "Memorial Day", from: "2026-05-25", to: "2026-05-25" }],
  });
  const minutes = fc.integer({ min: 1, max: 40 * 60 });

  it("a pause pushes the due time by exactly the business time it covered", () => {
    fc.assert(
      fc.property(
        calendar,
        instant,
        minutes,
        fc.integer({ min: 0, max: 20 * 24 * 60 }),
        fc.integer({ min: 0, max: 20 * 24 * 60 }),
        (cal, start, target, before, length) => {
          const pauseAt = new Date(start.getTime() + before * MIN);
          const resumeAt = new Date(pauseAt.getTime() + length * MIN);
          const history: SlaMoment[] = [
            { at: start, kind: "opened" },
            { at: pauseAt, kind: "state", to: "on_hold" },
            { at: resumeAt, kind: "state", to: "on_you" },
          ];
          const late = new Date(resumeAt.getTime() + 400 * 24 * HOUR);
          const s = slaState(rules(null, null, target), cal, history, late);
          const ranBefore = businessMsBetween(start, pauseAt, cal);
          const expected =
            ranBefore > target * MIN
              ? addBusinessMs(start, target * MIN, cal)
              : addBusinessMs(resumeAt, target * MIN - ranBefore, cal);
          return s.targets.resolution.dueAt?.getTime() === expected?.getTime();
        },
      ),
      { numRuns: 150 },
    );
  });

  it("a stricter target is never due later, and a breach is never reported before its due time", () => {
    fc.assert(
      fc.property(
        calendar,
        instant,
        minutes,
        minutes,
        fc.integer({ min: 0, max: 30 * 24 * 60 }),
        (cal, start, a, b, wait) => {
          const [strict, loose] = a < b ? [a, b] : [b, a];
          const now = new Date(start.getTime() + wait * MIN);
          const history: SlaMoment[] = [{ at: start, kind: "opened" }];
          const s1 = slaState(rules(strict, null, null), cal, history, now);
          const s2 = slaState(rules(loose, null, null), cal, history, now);
          const d1 = s1.targets.first_response.dueAt?.getTime() ?? 0;
          const d2 = s2.targets.first_response.dueAt?.getTime() ?? 0;
          const breachesOk = [...s1.breaches, ...s2.breaches].every((x) => x.dueAt.getTime() <= now.getTime());
          return d1 <= d2 && breachesOk && s1.breaches.length > 0 === d1 <= now.getTime();
        },
      ),
      { numRuns: 150 },
    );
  });

  it("replays: what happens after `now` does not change the answer at `now`", () => {
    const moment = fc.oneof(
      instant.map((t): SlaMoment => ({ at: t, kind: "customer_message" })),
      instant.map((t): SlaMoment => ({ at: t, kind: "agent_reply" })),
      fc
        .tuple(instant, fc.constantFrom("on_you", "on_customer", "on_hold", "closed" as const))
        .map(([t, to]): SlaMoment => ({ at: t, kind: "state", to })),
    );
    fc.assert(
      fc.property(calendar, fc.array(moment, { maxLength: 12 }), instant, (cal, later, now) => {
        const history: SlaMoment[] = [{ at: new Date(base - HOUR), kind: "opened" }, ...later];
        const past = history.filter((m) => m.at <= now);
        const policy = rules(120, 60, 24 * 60);
        return JSON.stringify(slaState(policy, cal, history, now)) === JSON.stringify(slaState(policy, cal, past, now));
      }),
      { numRuns: 150 },
    );
  });
});
