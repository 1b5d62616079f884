// Nearest training examples by cosine similarity, through an inverted index.
// Gives the few-shot signal (which label has the most similar examples) and the
// "is this like anything we were taught" signal used for the "none of these" answer.
import type { SparseVector } from "./features";

export interface ExampleIndex {
  labels: Int32Array;
  size: number;
  /** postings per feature: documents and values */
  start: Int32Array;
  docs: Int32Array;
  values: Float32Array;
}

export function buildIndex(vectors: SparseVector[], labels: Int32Array, dim: number): ExampleIndex {
  const count = new Int32Array(dim + 1);
  for (const v of vectors) for (const f of v.index) count[f + 1] = (count[f + 1] ?? 0) + 1;
  for (let f = 0; f < dim; f++) count[f + 1] = (count[f + 1] ?? 0) + (count[f] ?? 0);
  const start = Int32Array.from(count);
  const fill = Int32Array.from(count);
  const total = start[dim] ?? 0;
  const docs = new Int32Array(total);
  const values = new Float32Array(total);
  vectors.forEach((v, d) => {
    for (let j = 0; j < v.index.length; j++) {
      const f = v.index[j] ?? 0;
      const at = fill[f] ?? 0;
      docs[at] = d;
      values[at] = v.value[j] ?? 0;
      fill[f] = at + 1;
    }
  });
  return { labels, size: vectors.length, start, docs, values };
}

/** Cosine similarity of x to every indexed example (vectors are unit length). */
export function similarities(index: ExampleIndex, x: SparseVector, out: Float32Array): void {
  out.fill(0);
  for (let j = 0; j < x.index.length; j++) {
    const f = x.index[j] ?? 0;
    const v = x.value[j] ?? 0;
    const end = index.start[f + 1] ?? 0;
    for (let p = index.start[f] ?? 0; p < end; p++) {
      const d = index.docs[p] ?? 0;
      out[d] = (out[d] ?? 0) + v * (index.values[p] ?? 0);
    }
  }
}

/**
 * Per-label score: mean of the label's top-k similarities (k small so a label with many
 * examples does not win by numbers). `skip` excludes one document (leave-one-out).
 */
export function labelSimilarity(
  index: ExampleIndex,
  sims: Float32Array,
  labelCount: number,
  k: number,
  skip = -1,
): Float64Array {
  // top[l * k .. l * k + k) holds label l's best similarities, descending
  const top = new Float64Array(labelCount * k);
  for (let d = 0; d < index.size; d++) {
    const s = sims[d] ?? 0;
    if (s <= 0 || d === skip) continue;
    const base = (index.labels[d] ?? 0) * k;
    if (s <= (top[base + k - 1] ?? 0)) continue;
    let at = base + k - 1;
    while (at > base && (top[at - 1] ?? 0) < s) {
      top[at] = top[at - 1] ?? 0;
      at--;
    }
    top[at] = s;
  }
  const out = new Float64Array(labelCount);
  for (let l = 0; l < labelCount; l++) {
    let sum = 0;
    for (let j = 0; j < k; j++) sum += top[l * k + j] ?? 0;
    out[l] = sum / k;
  }
  return out;
}
