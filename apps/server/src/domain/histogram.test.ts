import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BUCKET_GROWTH, type Bucket, bucketOf, histogramMean, histogramQuantile } from "./histogram";

/** PostgreSQL's percentile_cont over the values themselves. */
function exactQuantile(values: readonly number[], q: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = q * (sorted.length - 1);
  const lower = sorted[Math.floor(rank)] ?? 0;
  const upper = sorted[Math.ceil(rank)] ?? 0;
  return lower + (rank - Math.floor(rank)) * (upper - lower);
}

/** The values as the summaries keep them: one row per bucket (split in two, as two days would be). */
function summarise(values: readonly number[]): Bucket[] {
  const rows = new Map<string, Bucket>();
  values.forEach((v, i) => {
    const key = `${bucketOf(v)}:${i % 2}`;
    const row = rows.get(key) ?? { bucket: bucketOf(v), n: 0, total: 0 };
    rows.set(key, { ...row, n: row.n + 1, total: row.total + v });
  });
  return [...rows.values()];
}

describe("quantiles from the log-scale summaries", () => {
  it("puts each value in the bucket whose bounds are 5 % apart", () => {
    expect([0, 0.5, 1, 1.04, 1.05, 20, 21, 60, 3_600].map(bucketOf)).toEqual([0, 0, 1, 1, 2, 62, 63, 84, 168]);
    expect(bucketOf(-60)).toBe(-84);
  });

  it("is within the bucket width of percentile_cont, and the mean is exact", () => {
    const durations = fc.array(fc.integer({ min: 0, max: 30_000_000 }), { minLength: 1, maxLength: 300 });
    fc.assert(
      fc.property(durations, fc.constantFrom(0.5, 0.9, 0.1, 0.99), (values, q) => {
        const exact = exactQuantile(values, q) ?? 0;
        const estimate = histogramQuantile(summarise(values), q) ?? 0;
        expect(Math.abs(estimate - exact)).toBeLessThanOrEqual((BUCKET_GROWTH - 1) * exact + 1e-6);
        const mean = values.reduce((a, b) => a + b, 0) / values.length;
        expect(histogramMean(summarise(values))).toBeCloseTo(mean, 6);
      }),
    );
  });

  it("is exact when each bucket holds one distinct value (scores, touches, shares, short waits)", () => {
    const small = fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 1, maxLength: 200 });
    fc.assert(
      fc.property(small, fc.constantFrom(0.5, 0.9), (values, q) => {
        expect(histogramQuantile(summarise(values), q)).toBeCloseTo(exactQuantile(values, q) ?? 0, 9);
      }),
    );
    expect(histogramQuantile([], 0.5)).toBeNull();
    expect(histogramQuantile([{ bucket: 3, n: 0, total: 0 }], 0.5)).toBeNull();
  });
});
