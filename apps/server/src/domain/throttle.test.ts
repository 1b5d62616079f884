import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { afterFailure, retryAt, type ThrottlePolicy, type ThrottleState } from "./throttle";

const policy: ThrottlePolicy = { freeFailures: 3, baseDelayMs: 1_000, maxDelayMs: 60_000, forgetAfterMs: 600_000 };
const t0 = new Date("2026-12-06T09:00:00Z");
const later = (ms: number) => new Date(t0.getTime() + ms);

function failTimes(n: number): ThrottleState | undefined {
  let state: ThrottleState | undefined;
  for (let i = 0; i < n; i++) state = afterFailure(state, policy, t0);
  return state;
}

describe("throttle back-off", () => {
  it("lets the free failures through, then doubles the wait up to the ceiling", () => {
    expect(retryAt(failTimes(2), policy, t0)).toBeUndefined();
    expect(retryAt(failTimes(3), policy, t0)).toEqual(later(1_000));
    expect(retryAt(failTimes(4), policy, t0)).toEqual(later(2_000));
    expect(retryAt(failTimes(6), policy, t0)).toEqual(later(8_000));
    expect(retryAt(failTimes(40), policy, t0)).toEqual(later(60_000));
  });

  it("opens again once the wait is over, and forgets a quiet bucket", () => {
    const state = failTimes(4);
    expect(retryAt(state, policy, later(2_000))).toBeUndefined();
    const fresh = afterFailure(state, policy, later(700_000));
    expect(fresh.failures).toBe(1);
    expect(retryAt(fresh, policy, later(700_000))).toBeUndefined();
  });

  it("never waits longer than the ceiling nor less after more failures", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 200 }), (n) => {
        const wait = (k: number) => (retryAt(failTimes(k), policy, t0)?.getTime() ?? t0.getTime()) - t0.getTime();
        expect(wait(n)).toBeLessThanOrEqual(policy.maxDelayMs);
        expect(wait(n + 1)).toBeGreaterThanOrEqual(wait(n));
      }),
    );
  });
});
