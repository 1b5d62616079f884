import { afterEach, describe, expect, it, vi } from "vitest";
import { isStale } from "./email";

const DAY = 86_400_000;
const closedAt = new Date(Date.UTC(2026, 9, 1, 12, 0));
const closed = { state: "closed" as const, mergedIntoIssueId: null, resolvedAt: closedAt };
const sentAfter = (days: number) => new Date(closedAt.getTime() + days * DAY);

describe("isStale (a reply to a closed email issue opens a follow-up instead of reopening it)", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("measures from the close to when the reply was sent, the window's last moment still reopening", () => {
    expect(isStale(closed, 30, sentAfter(29))).toBe(false);
    expect(isStale(closed, 30, sentAfter(30))).toBe(false);
    expect(isStale(closed, 30, new Date(sentAfter(30).getTime() + 1))).toBe(true);
    // Written before the close, delivered after it: the customer answered in time.
    expect(isStale(closed, 30, sentAfter(-1))).toBe(false);
  });

  it("decides the same on any day it runs: the clock at intake plays no part", () => {
    for (const today of [sentAfter(1), sentAfter(45), sentAfter(400)]) {
      vi.setSystemTime(today);
      expect(isStale(closed, 30, sentAfter(24))).toBe(false);
      expect(isStale(closed, 30, sentAfter(40))).toBe(true);
    }
  });

  it("never calls an open or merged issue stale", () => {
    expect(isStale({ ...closed, state: "on_you" }, 30, sentAfter(90))).toBe(false);
    expect(isStale({ ...closed, mergedIntoIssueId: "other" }, 30, sentAfter(90))).toBe(false);
    expect(isStale({ ...closed, resolvedAt: null }, 30, sentAfter(90))).toBe(false);
  });
});
