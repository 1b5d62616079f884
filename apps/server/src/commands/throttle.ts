// Throttle buckets in the database, shared by every server process: an attempt (a login today, a
// password reset next) is counted before it is checked, so parallel guesses cannot slip past.
import { inArray, sql } from "drizzle-orm";
import type { Db } from "../db/connect";
import { loginThrottles } from "../db/schema";
import { afterFailure, retryAt, type ThrottlePolicy } from "../domain/throttle";

export interface Bucket {
  key: string;
  policy: ThrottlePolicy;
}

/**
 * Counts one attempt in every bucket, as a failure until `settleSuccess` says otherwise; when a
 * bucket still makes callers wait, nothing is counted and the time the caller may retry is returned.
 */
export async function takeAttempt(db: Db, buckets: readonly Bucket[], now = new Date()): Promise<Date | undefined> {
  const keys = buckets.map((b) => b.key).sort();
  return db.transaction(async (tx) => {
    await tx
      .insert(loginThrottles)
      .values(keys.map((key) => ({ key, failures: 0, lastFailureAt: new Date(0) })))
      .onConflictDoNothing();
    const rows = await tx
      .select()
      .from(loginThrottles)
      .where(inArray(loginThrottles.key, keys))
      .orderBy(loginThrottles.key)
      .for("update");
    const state = new Map(rows.map((r) => [r.key, r]));
    const waits = buckets.flatMap((b) => retryAt(state.get(b.key), b.policy, now) ?? []);
    if (waits.length > 0) return new Date(Math.max(...waits.map((w) => w.getTime())));
    for (const bucket of buckets) {
      const next = afterFailure(state.get(bucket.key), bucket.policy, now);
      await tx
        .update(loginThrottles)
        .set(next)
        .where(inArray(loginThrottles.key, [bucket.key]));
    }
    return undefined;
  });
}

/** The attempt succeeded: it no longer counts, and the buckets in `reset` start over. */
export async function settleSuccess(db: Db, buckets: readonly Bucket[], reset: readonly string[]): Promise<void> {
  const keys = buckets.map((b) => b.key).filter((k) => !reset.includes(k));
  if (reset.length > 0) await db.delete(loginThrottles).where(inArray(loginThrottles.key, [...reset]));
  if (keys.length > 0) {
    await db
      .update(loginThrottles)
      .set({ failures: sql`greatest(${loginThrottles.failures} - 1, 0)` })
      .where(inArray(loginThrottles.key, keys));
  }
}
