// Calibration helpers: fitting a 1-D logistic curve and a softmax temperature.

export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/** Fits P(y=1 | s) = sigmoid(a·s + b) by Newton's method with a weak prior (stable on a handful of points). */
export function fitLogistic(points: { s: number; y: 0 | 1 }[]): { a: number; b: number } {
  let a = 5;
  let b = -2;
  const prior = 1e-3;
  for (let iter = 0; iter < 50; iter++) {
    let ga = prior * a;
    let gb = 0;
    let haa = prior;
    let hab = 0;
    let hbb = 1e-6;
    for (const { s, y } of points) {
      const p = sigmoid(a * s + b);
      const r = p - y;
      const w = Math.max(p * (1 - p), 1e-9);
      ga += r * s;
      gb += r;
      haa += w * s * s;
      hab += w * s;
      hbb += w;
    }
    const det = haa * hbb - hab * hab;
    if (Math.abs(det) < 1e-12) break;
    const da = (hbb * ga - hab * gb) / det;
    const db = (haa * gb - hab * ga) / det;
    a -= da;
    b -= db;
    if (Math.abs(da) + Math.abs(db) < 1e-8) break;
  }
  return { a, b };
}

/**
 * Temperature minimising the negative log-likelihood of the true labels (golden-section search on log T).
 * A prior on log T keeps a handful of perfectly separated held-out examples from driving T to zero.
 */
export function fitTemperature(logits: Float64Array[], truth: number[], prior = 3): number {
  const nll = (t: number) => {
    let sum = prior * Math.log(t) ** 2;
    logits.forEach((z, i) => {
      let max = Number.NEGATIVE_INFINITY;
      for (const v of z) if (v > max) max = v;
      let norm = 0;
      for (const v of z) norm += Math.exp((v - max) / t);
      sum += Math.log(norm) - ((z[truth[i] ?? 0] ?? 0) - max) / t;
    });
    return sum;
  };
  let lo = Math.log(0.05);
  let hi = Math.log(20);
  const g = (Math.sqrt(5) - 1) / 2;
  for (let i = 0; i < 40; i++) {
    const m1 = hi - g * (hi - lo);
    const m2 = lo + g * (hi - lo);
    if (nll(Math.exp(m1)) < nll(Math.exp(m2))) hi = m2;
    else lo = m1;
  }
  return Math.exp((lo + hi) / 2);
}
