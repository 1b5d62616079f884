// Medians and p90s from a log-scale histogram (the per-day summaries of migration 0046): each
// bucket holds the values in [1.05^(k-1), 1.05^k) with their count and sum, so a quantile is
// estimated by the mean of its bucket's values — within the bucket, less than 5 % from the exact
// one for |values| ≥ 1, and exact whenever a bucket holds one distinct value (whole seconds below
// 21 s, scores, touches, 0/1 shares).

/** The growth from one bucket's lower bound to the next: the relative error bound. */
export const BUCKET_GROWTH = 1.05;

/** One bucket of a histogram: its index, how many values it holds and their sum. */
export interface Bucket {
  bucket: number;
  n: number;
  total: number;
}

/** The bucket of a value, as SQL's `metric_bucket` computes it (used to check it, not to store). */
export function bucketOf(v: number): number {
  if (Math.abs(v) < 1) return 0;
  return Math.sign(v) * (1 + Math.floor(Math.log(Math.abs(v)) / Math.log(BUCKET_GROWTH)));
}

/**
 * The q-quantile as PostgreSQL's percentile_cont computes it (the values at ranks ⌊q(N−1)⌋ and
 * ⌈q(N−1)⌉ interpolated), each value estimated by its bucket's mean. The buckets need not be
 * sorted or merged; empty ones are ignored. Null without values.
 */
export function histogramQuantile(buckets: readonly Bucket[], q: number): number | null {
  const merged = new Map<number, { n: number; total: number }>();
  for (const b of buckets) {
    const at = merged.get(b.bucket) ?? { n: 0, total: 0 };
    merged.set(b.bucket, { n: at.n + b.n, total: at.total + b.total });
  }
  const sorted = [...merged].filter(([, b]) => b.n > 0).sort(([a], [b]) => a - b);
  const count = sorted.reduce((sum, [, b]) => sum + b.n, 0);
  if (count === 0) return null;
  const rank = q * (count - 1);
  const valueAt = (index: number) => {
    let seen = 0;
    for (const [, b] of sorted) {
      seen += b.n;
      if (index < seen) return b.total / b.n;
    }
    return null;
  };
  const lower = valueAt(Math.floor(rank));
  const upper = valueAt(Math.ceil(rank));
  if (lower === null || upper === null) return null;
  return lower + (rank - Math.floor(rank)) * (upper - lower);
}

/** The mean of every value in the buckets (exact: the sums are), null without values. */
export function histogramMean(buckets: readonly Bucket[]): number | null {
  const n = buckets.reduce((sum, b) => sum + b.n, 0);
  return n === 0 ? null : buckets.reduce((sum, b) => sum + b.total, 0) / n;
}
