// Fits the calibration of a freshly trained classifier from its own training data:
// held-out folds for the softmax temperature, and leave-one-out / leave-label-out
// similarities for P(in scope), so it works from a dozen examples to ten thousand.
import { fitLogistic, fitTemperature } from "./calibrate";
import { fitLinear, type TrainingSet } from "./dataset";
import type { SparseVector } from "./features";
import { type ExampleIndex, similarities } from "./knn";
import { defaultSoftmaxOptions, type LinearModel, type SoftmaxOptions, scoreInto } from "./softmax";

const MAX_CALIBRATION_ROWS = 2000;

/** Evenly spread sample of row numbers, deterministic. */
function sampleRows(n: number, max: number): number[] {
  if (n <= max) return [...Array(n).keys()];
  return Array.from({ length: max }, (_, i) => Math.floor((i * n) / max));
}

/**
 * Positives: an example's best similarity to the rest of the training set (leave-one-out).
 * Negatives: its best similarity to other labels only — what an unseen topic looks like.
 */
export function fitInScope(set: TrainingSet, index: ExampleIndex): { a: number; b: number } {
  const sims = new Float32Array(index.size);
  const points: { s: number; y: 0 | 1 }[] = [];
  for (const i of sampleRows(set.vectors.length, MAX_CALIBRATION_ROWS)) {
    similarities(index, set.vectors[i] as SparseVector, sims);
    const own = set.ys[i];
    let same = -1;
    let other = -1;
    for (let d = 0; d < index.size; d++) {
      if (d === i) continue;
      const s = sims[d] ?? 0;
      if (index.labels[d] === own) same = Math.max(same, s);
      else other = Math.max(other, s);
    }
    if (same >= 0) points.push({ s: Math.max(same, other), y: 1 });
    if (other >= 0) points.push({ s: other, y: 0 });
  }
  if (!points.some((p) => p.y === 1) || !points.some((p) => p.y === 0)) return { a: 12, b: -2 };
  const { a, b } = fitLogistic(points);
  return a > 0 ? { a, b } : { a: 12, b: -2 };
}

/**
 * Trains the linear model and fits its softmax temperature on held-out predictions:
 * k-fold for small sets; for large sets one 15% hold-out, then a warm-started pass over everything
 * (so the big case costs little more than one training).
 */
export function fitLinearCalibrated(
  set: TrainingSet,
  options: Partial<SoftmaxOptions> = {},
): { linear: LinearModel; temperature: number } {
  const n = set.vectors.length;
  if (set.labels.length < 2 || n < 6) return { linear: fitLinear(set, undefined, options), temperature: 1 };
  const logits: Float64Array[] = [];
  const truth: number[] = [];
  const collect = (model: LinearModel, rows: number[]) => {
    for (const i of rows.slice(0, MAX_CALIBRATION_ROWS)) {
      const z = new Float64Array(set.labels.length);
      scoreInto(model, set.vectors[i] as SparseVector, z);
      logits.push(z);
      truth.push(set.ys[i] ?? 0);
    }
  };
  const split = (folds: number, f: number) => {
    const test: number[] = [];
    const train: number[] = [];
    // interleaved folds keep every label represented in training
    for (let i = 0; i < n; i++) (i % folds === f ? test : train).push(i);
    return { test, train };
  };
  if (n > 3000) {
    const { test, train } = split(7, 0);
    const partial = fitLinear(set, train, options);
    collect(partial, test);
    const rate = (options.learningRate ?? defaultSoftmaxOptions.learningRate) * 0.3;
    const linear = fitLinear(set, undefined, { ...options, init: partial, epochs: 2, learningRate: rate });
    return { linear, temperature: fitTemperature(logits, truth) };
  }
  const folds = n <= 500 ? 5 : 3;
  for (let f = 0; f < folds; f++) {
    const { test, train } = split(folds, f);
    if (test.length > 0 && train.length > 0) collect(fitLinear(set, train, options), test);
  }
  return { linear: fitLinear(set, undefined, options), temperature: fitTemperature(logits, truth) };
}
