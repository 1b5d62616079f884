import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { pacer } from "./pace";

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(new Date("2026-12-06T12:00:00Z"));
});
afterEach(() => vi.useRealTimers());

/** Starts `n` sends at once through `pace`; answers when each one got its slot (ms from start). */
async function slots(pace: () => Promise<void>, n: number, advanceMs: number) {
  const start = Date.now();
  const at: number[] = [];
  const all = Array.from({ length: n }, () => pace().then(() => at.push(Date.now() - start)));
  await vi.advanceTimersByTimeAsync(advanceMs);
  await Promise.all(all);
  return at.sort((a, b) => a - b);
}

describe("pacer", () => {
  it("spaces sends evenly at the rate, one every 60 s / perMinute", async () => {
    const at = await slots(pacer("ws-a:slack", 60), 4, 10_000);
    expect(at).toEqual([0, 1000, 2000, 3000]);
  });

  it("shares one pace between callers of the same key, and none with another key", async () => {
    const first = pacer("ws-b:email", 120);
    const second = pacer("ws-b:email", 120);
    const other = pacer("ws-c:email", 120);
    const start = Date.now();
    const at: number[] = [];
    const all = [first(), second(), first(), other()].map((p) => p.then(() => at.push(Date.now() - start)));
    await vi.advanceTimersByTimeAsync(5_000);
    await Promise.all(all);
    expect(at.sort((a, b) => a - b)).toEqual([0, 0, 500, 1000]);
  });
});
