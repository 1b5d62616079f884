import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  addBusinessMs,
  type BusinessCalendar,
  businessHoursBetween,
  businessMsBetween,
  calendarProblem,
  localTime,
} from "./businessHours";

const HOUR = 3_600_000;
const weekdays = (start: string, end: string) => [1, 2, 3, 4, 5].map((day) => ({ day, start, end }));
const newYork: BusinessCalendar = {
  timeZone: "America/New_York",
  hours: weekdays("09:00", "17:00"),
  holidays: [{ name: "Thanksgiving", from: "2026-11-26", to: "2026-11-27" }],
};

/** Calendars in zones with and without daylight saving, split days, weekends, holidays. */
const calendars: BusinessCalendar[] = [
  newYork,
  { timeZone: "Europe/Berlin", hours: [...weekdays("08:30", "12:00"), ...weekdays("13:00", "18:00")], holidays: [] },
  {
    timeZone: "Australia/Sydney",
    hours: [{ day: 0, start: "00:00", end: "24:00" }, ...weekdays("07:00", "19:00")],
    holidays: [{ name: "Boxing Day", from: "2026-12-26", to: "2026-12-26" }],
  },
  { timeZone: "Asia/Kolkata", hours: weekdays("10:00", "18:30"), holidays: [] },
  { timeZone: "America/New_York", hours: [{ day: 0, start: "01:00", end: "04:00" }], holidays: [] },
];

describe("business hours", () => {
  it("counts business hours Monday to Friday, 9 to 17 UTC by default", () => {
    const h = (from: string, to: string) => businessHoursBetween(new Date(from), new Date(to));
    expect(h("2025-03-03T08:00:00Z", "2025-03-03T18:00:00Z")).toBe(8);
    expect(h("2025-02-28T16:00:00Z", "2025-03-03T10:00:00Z")).toBe(2);
    expect(h("2025-03-01T00:00:00Z", "2025-03-02T23:59:00Z")).toBe(0);
    expect(h("2025-03-03T10:00:00Z", "2025-03-03T09:00:00Z")).toBe(0);
    expect(h("2025-03-03T00:00:00Z", "2025-03-10T00:00:00Z")).toBe(40);
  });

  it("keeps 9 to 17 on the local clock across a daylight-saving change", () => {
    // New York springs forward on Sunday 8 March 2026: Friday 9:00 is 14:00Z, Monday 9:00 is 13:00Z.
    const due = addBusinessMs(new Date("2026-03-06T21:00:00Z"), 2 * HOUR, newYork);
    expect(due?.toISOString()).toBe("2026-03-09T14:00:00.000Z");
    expect(businessHoursBetween(new Date("2026-03-06T00:00:00Z"), new Date("2026-03-10T00:00:00Z"), newYork)).toBe(16);
    // ... and falls back on Sunday 1 November 2026.
    expect(addBusinessMs(new Date("2026-10-30T20:30:00Z"), HOUR, newYork)?.toISOString()).toBe(
      "2026-11-02T14:30:00.000Z",
    );
  });

  it("skips holidays, as single dates and as ranges", () => {
    // Wednesday 25 November 16:00 New York + 2 business hours: Thursday and Friday are off.
    const due = addBusinessMs(new Date("2026-11-25T21:00:00Z"), 2 * HOUR, newYork);
    expect(due?.toISOString()).toBe("2026-11-30T15:00:00.000Z");
    expect(businessMsBetween(new Date("2026-11-26T00:00:00Z"), new Date("2026-11-28T12:00:00Z"), newYork)).toBe(0);
  });

  it("reads the hour and weekday on the calendar's wall clock", () => {
    expect(localTime(new Date("2026-03-09T03:30:00Z"), newYork)).toEqual({ hour: 23, weekday: 0 });
    expect(localTime(new Date("2026-03-09T03:30:00Z"))).toEqual({ hour: 3, weekday: 1 });
  });

  it("explains a calendar it cannot use", () => {
    expect(calendarProblem({ ...newYork, timeZone: "Mars/Olympus" })).toMatch(/time zone/);
    expect(calendarProblem({ ...newYork, hours: [{ day: 1, start: "17:00", end: "09:00" }] })).toMatch(/end after/);
    expect(calendarProblem({ ...newYork, hours: [{ day: 7, start: "09:00", end: "17:00" }] })).toMatch(/weekday/);
    expect(calendarProblem({ ...newYork, holidays: [{ name: "x", from: "2026-02-03", to: "2026-02-01" }] })).toMatch(
      /ends before/,
    );
    expect(calendarProblem(newYork)).toBeNull();
  });

  const base = Date.UTC(2026, 0, 1);
  const instant = fc.integer({ min: 0, max: 364 * 24 * HOUR }).map((ms) => new Date(base + ms));
  const calendar = fc.constantFrom(...calendars);

  it("adds up: a span's business time is its two halves', never more than the span", () => {
    fc.assert(
      fc.property(calendar, instant, instant, instant, (cal, a, b, c) => {
        const [from, mid, to] = [a, b, c].sort((x, y) => x.getTime() - y.getTime()) as [Date, Date, Date];
        const whole = businessMsBetween(from, to, cal);
        const halves = businessMsBetween(from, mid, cal) + businessMsBetween(mid, to, cal);
        return whole === halves && whole <= to.getTime() - from.getTime();
      }),
      { numRuns: 200 },
    );
  });

  it("adding business time and measuring it agree, and the due time is the first such instant", () => {
    fc.assert(
      fc.property(calendar, instant, fc.integer({ min: 1, max: 120 * HOUR }), (cal, from, ms) => {
        const due = addBusinessMs(from, ms, cal);
        if (!due) return false;
        return (
          businessMsBetween(from, due, cal) === ms &&
          businessMsBetween(from, new Date(due.getTime() - 1), cal) === ms - 1
        );
      }),
      { numRuns: 200 },
    );
  });
});
