// Back-off after failed attempts (logins today, password resets next): a few free attempts, then
// each failure doubles the wait up to a ceiling; failures are forgotten after a quiet period.

export interface ThrottlePolicy {
  /** Failures allowed before any wait. */
  freeFailures: number;
  /** The first wait, doubled with every further failure. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** A bucket without failures for this long starts over. */
  forgetAfterMs: number;
}

export interface ThrottleState {
  failures: number;
  lastFailureAt: Date;
}

/** When the bucket lets the next attempt through, or undefined when it does now. */
export function retryAt(state: ThrottleState | undefined, policy: ThrottlePolicy, now: Date): Date | undefined {
  if (!state || forgotten(state, policy, now) || state.failures < policy.freeFailures) return undefined;
  const doublings = Math.min(state.failures - policy.freeFailures, 30);
  const delay = Math.min(policy.baseDelayMs * 2 ** doublings, policy.maxDelayMs);
  const at = new Date(state.lastFailureAt.getTime() + delay);
  return at > now ? at : undefined;
}

/** The bucket after one more failure at `now`. */
export function afterFailure(state: ThrottleState | undefined, policy: ThrottlePolicy, now: Date): ThrottleState {
  const failures = !state || forgotten(state, policy, now) ? 1 : state.failures + 1;
  return { failures, lastFailureAt: now };
}

function forgotten(state: ThrottleState, policy: ThrottlePolicy, now: Date): boolean {
  return now.getTime() - state.lastFailureAt.getTime() > policy.forgetAfterMs;
}

const MINUTE = 60_000;

/**
 * Login policies. An account is slowed after 5 failures from clients it does not know (30 s, 1 min,
 * 2 min … up to 15 min); a device that logged in to it before has its own, looser bucket, so a guesser
 * elsewhere never locks its owner out. An address is slowed only after many failures, across accounts
 * (an office behind one NAT stays usable while one colleague mistypes).
 */
export const LOGIN_POLICIES = {
  account: { freeFailures: 5, baseDelayMs: 30_000, maxDelayMs: 15 * MINUTE, forgetAfterMs: 60 * MINUTE },
  device: { freeFailures: 10, baseDelayMs: 30_000, maxDelayMs: 15 * MINUTE, forgetAfterMs: 60 * MINUTE },
  address: { freeFailures: 50, baseDelayMs: 30_000, maxDelayMs: 15 * MINUTE, forgetAfterMs: 60 * MINUTE },
} satisfies Record<string, ThrottlePolicy>;
