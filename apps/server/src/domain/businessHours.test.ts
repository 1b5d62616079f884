import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { businessHoursBetween } from "./businessHours";

describe("business hours", () => {
  it("counts business hours Monday to Friday, 9 to 17 UTC", () => {
    const h = (from: string, to: string) => businessHoursBetween(new Date(from), new Date(to));
    expect(h("2025-03-03T08:00:00Z", "2025-03-03T18:00:00Z")).toBe(8);
    expect(h("2025-02-28T16:00:00Z", "2025-03-03T10:00:00Z")).toBe(2);
    expect(h("2025-03-01T00:00:00Z", "2025-03-02T23:59:00Z")).toBe(0);
    expect(h("2025-03-03T10:00:00Z", "2025-03-03T09:00:00Z")).toBe(0);
    expect(h("2025-03-03T00:00:00Z", "2025-03-10T00:00:00Z")).toBe(40);
  });

  it("adds up: the hours of a span are the hours of its two halves, never more than the calendar hours", () => {
    const day = 86_400_000;
    const base = Date.UTC(2025, 0, 1);
    const instant = fc.integer({ min: 0, max: 60 * day }).map((ms) => new Date(base + ms));
    fc.assert(
      fc.property(instant, instant, instant, (a, b, c) => {
        const [from, mid, to] = [a, b, c].sort((x, y) => x.getTime() - y.getTime()) as [Date, Date, Date];
        const whole = businessHoursBetween(from, to);
        const halves = businessHoursBetween(from, mid) + businessHoursBetween(mid, to);
        return Math.abs(whole - halves) < 1e-9 && whole <= (to.getTime() - from.getTime()) / 3_600_000;
      }),
    );
  });
});
