// Common topics: customer questions grouped by what they ask, offline and without weights.
// Questions become TF-IDF vectors over stemmed content words and adjacent-word bigrams; a leader
// pass opens a cluster for a question no centroid is similar enough to (cosine ≥ threshold) and
// k-means passes then move each question to its nearest centroid. An inverted index from term to
// clusters keeps a question's comparison to the cost of the clusters sharing a word with it, so
// 100k questions cluster in seconds. Pure: data in, data out (the job stores the result).
import { isStopword, normalise, stem } from "../local/text";

export interface TopicVector {
  /** term ids, ascending */
  readonly terms: Int32Array;
  /** unit-length weights, parallel to `terms` */
  readonly weights: Float32Array;
}

export interface Vectorised {
  vectors: TopicVector[];
  /** term id → how the term reads (its most frequent surface form) */
  surface: string[];
}

export interface ClusterOptions {
  /** cosine to the nearest centroid below which a question opens a new cluster */
  threshold: number;
  /** k-means passes after the leader pass (0: leader clustering only) */
  refinePasses: number;
  /** clusters smaller than this are not topics: their questions stay unassigned (-1) */
  minSize: number;
}

export const DEFAULT_CLUSTER_OPTIONS: ClusterOptions = { threshold: 0.3, refinePasses: 2, minSize: 2 };

export interface Clustering {
  /** per question: its cluster index, or -1 (in no topic) */
  assignment: Int32Array;
  /** per question: cosine to its cluster's centroid (0 when unassigned) */
  similarity: Float32Array;
  clusters: number;
}

interface Tokens {
  stems: string[];
  words: string[];
}

function contentTokens(text: string): Tokens {
  const stems: string[] = [];
  const words: string[] = [];
  for (const m of normalise(text).matchAll(/[a-z][a-z0-9]*/g)) {
    const word = m[0];
    if (word.length < 2 || isStopword(word)) continue;
    const s = stem(word);
    if (isStopword(s)) continue;
    stems.push(s);
    words.push(word);
  }
  return { stems, words };
}

/** Term counts of one question: content stems and bigrams of adjacent content stems. */
function termsOf(text: string): Map<string, { count: number; shown: string }> {
  const { stems, words } = contentTokens(text);
  const out = new Map<string, { count: number; shown: string }>();
  const add = (key: string, shown: string) => {
    const seen = out.get(key);
    if (seen) seen.count++;
    else out.set(key, { count: 1, shown });
  };
  stems.forEach((s, i) => {
    add(s, words[i] ?? s);
    if (i > 0) add(`${stems[i - 1]} ${s}`, `${words[i - 1]} ${words[i]}`);
  });
  return out;
}

/** Bigrams sharpen ("new card" vs "card arrival") but, at full weight, drown the words short questions share. */
const BIGRAM_WEIGHT = 0.5;

/** TF-IDF vectors of questions; IDF from these questions themselves (a workspace's own vocabulary). */
export function vectorise(texts: readonly string[]): Vectorised {
  const ids = new Map<string, number>();
  const df: number[] = [];
  const shownCounts: Map<string, number>[] = [];
  const docs = texts.map((text) => {
    const terms = termsOf(text);
    const doc: [number, number][] = [];
    for (const [key, { count, shown }] of terms) {
      let id = ids.get(key);
      if (id === undefined) {
        id = df.length;
        ids.set(key, id);
        df.push(0);
        shownCounts.push(new Map());
      }
      df[id] = (df[id] ?? 0) + 1;
      const forms = shownCounts[id];
      forms?.set(shown, (forms.get(shown) ?? 0) + 1);
      doc.push([id, count]);
    }
    return doc;
  });
  const n = texts.length;
  const bigram = [...ids.keys()].map((key) => key.includes(" "));
  const idf = df.map((d) => Math.log((1 + n) / (1 + d)) + 1);
  const vectors = docs.map((doc) => {
    doc.sort((a, b) => a[0] - b[0]);
    const weights = doc.map(([id, count]) => (1 + Math.log(count)) * (idf[id] ?? 1) * (bigram[id] ? BIGRAM_WEIGHT : 1));
    const norm = Math.sqrt(weights.reduce((s, w) => s + w * w, 0)) || 1;
    return {
      terms: Int32Array.from(doc, ([id]) => id),
      weights: Float32Array.from(weights, (w) => w / norm),
    };
  });
  const surface = shownCounts.map((forms) => {
    let best = "";
    let most = 0;
    for (const [form, c] of forms) if (c > most || (c === most && form < best)) [best, most] = [form, c];
    return best;
  });
  return { vectors, surface };
}

/** Centroids as sums of their members' vectors, with an inverted index term → clusters. */
class Centroids {
  readonly sums: Map<number, number>[] = [];
  readonly norms2: number[] = [];
  readonly sizes: number[] = [];
  private readonly postings = new Map<number, number[]>();
  private scores = new Float64Array(64);

  open(): number {
    this.sums.push(new Map());
    this.norms2.push(0);
    this.sizes.push(0);
    return this.sums.length - 1;
  }

  add(c: number, v: TopicVector): void {
    const sum = this.sums[c];
    if (!sum) return;
    let norm2 = this.norms2[c] ?? 0;
    for (let j = 0; j < v.terms.length; j++) {
      const t = v.terms[j] ?? 0;
      const old = sum.get(t);
      const next = (old ?? 0) + (v.weights[j] ?? 0);
      if (old === undefined) {
        const list = this.postings.get(t);
        if (list) list.push(c);
        else this.postings.set(t, [c]);
      }
      sum.set(t, next);
      norm2 += next * next - (old ?? 0) * (old ?? 0);
    }
    this.norms2[c] = norm2;
    this.sizes[c] = (this.sizes[c] ?? 0) + 1;
  }

  /** The centroid most similar to `v` (cosine), or -1 when none shares a term. */
  nearest(v: TopicVector): { cluster: number; cosine: number } {
    if (this.scores.length < this.sums.length) this.scores = new Float64Array(this.sums.length * 2);
    const scores = this.scores;
    const touched: number[] = [];
    for (let j = 0; j < v.terms.length; j++) {
      const t = v.terms[j] ?? 0;
      const w = v.weights[j] ?? 0;
      for (const c of this.postings.get(t) ?? []) {
        if (scores[c] === 0) touched.push(c);
        scores[c] = (scores[c] ?? 0) + w * (this.sums[c]?.get(t) ?? 0);
      }
    }
    let cluster = -1;
    let cosine = 0;
    for (const c of touched) {
      const cos = (scores[c] ?? 0) / Math.sqrt(this.norms2[c] || 1);
      scores[c] = 0;
      if (cos > cosine) [cluster, cosine] = [c, cos];
    }
    return { cluster, cosine };
  }
}

function centroidsOf(vectors: readonly TopicVector[], assignment: Int32Array, clusters: number): Centroids {
  const centroids = new Centroids();
  for (let c = 0; c < clusters; c++) centroids.open();
  vectors.forEach((v, i) => {
    const c = assignment[i] ?? -1;
    if (c >= 0) centroids.add(c, v);
  });
  return centroids;
}

/** Leader step: each question not yet assigned joins its nearest centroid, or opens its own. */
function leader(vectors: readonly TopicVector[], assignment: Int32Array, centroids: Centroids, threshold: number) {
  vectors.forEach((v, i) => {
    if ((assignment[i] ?? -1) >= 0 || v.terms.length === 0) return;
    const near = centroids.nearest(v);
    const c = near.cluster >= 0 && near.cosine >= threshold ? near.cluster : centroids.open();
    assignment[i] = c;
    centroids.add(c, v);
  });
}

/** Renumbers clusters by size (largest first), dropping those below `minSize`, and scores each question. */
function finish(vectors: readonly TopicVector[], assignment: Int32Array, options: ClusterOptions): Clustering {
  const sizes = new Map<number, number>();
  for (const c of assignment) if (c >= 0) sizes.set(c, (sizes.get(c) ?? 0) + 1);
  const kept = [...sizes].filter(([, n]) => n >= options.minSize).sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  const renumber = new Map(kept.map(([c], k) => [c, k]));
  const out = Int32Array.from(assignment, (c) => renumber.get(c) ?? -1);
  const centroids = centroidsOf(vectors, out, kept.length);
  const similarity = new Float32Array(vectors.length);
  vectors.forEach((v, i) => {
    const c = out[i] ?? -1;
    if (c >= 0) similarity[i] = cosineTo(centroids, c, v);
  });
  return { assignment: out, similarity, clusters: kept.length };
}

function cosineTo(centroids: Centroids, c: number, v: TopicVector): number {
  const sum = centroids.sums[c];
  if (!sum) return 0;
  let dot = 0;
  for (let j = 0; j < v.terms.length; j++) dot += (v.weights[j] ?? 0) * (sum.get(v.terms[j] ?? 0) ?? 0);
  return dot / Math.sqrt(centroids.norms2[c] || 1);
}

/** A full clustering of every question (in the order given: oldest first keeps topics stable). */
export function clusterQuestions(vectors: readonly TopicVector[], options = DEFAULT_CLUSTER_OPTIONS): Clustering {
  let assignment = new Int32Array(vectors.length).fill(-1);
  const first = new Centroids();
  leader(vectors, assignment, first, options.threshold);
  let clusters = first.sums.length;
  for (let pass = 0; pass < options.refinePasses; pass++) {
    const centroids = centroidsOf(vectors, assignment, clusters);
    const next = Int32Array.from(assignment);
    vectors.forEach((v, i) => {
      const near = centroids.nearest(v);
      if (near.cluster >= 0) next[i] = near.cluster;
    });
    assignment = next;
    clusters = centroids.sums.length;
  }
  return finish(vectors, assignment, options);
}

/**
 * New questions into existing clusters: `fixed` holds each question's cluster (-1: new or in no
 * topic yet). Assigned questions stay where they are; the others join the nearest centroid when
 * similar enough, or group among themselves into new clusters, numbered after the existing ones.
 * Existing clusters keep their numbers (and so their stored topics), whatever their size.
 */
export function assignNewQuestions(
  vectors: readonly TopicVector[],
  fixed: Int32Array,
  existing: number,
  options = DEFAULT_CLUSTER_OPTIONS,
): Clustering {
  const assignment = Int32Array.from(fixed);
  const centroids = centroidsOf(vectors, assignment, existing);
  leader(vectors, assignment, centroids, options.threshold);
  const sizes = new Map<number, number>();
  for (const c of assignment) if (c >= existing) sizes.set(c, (sizes.get(c) ?? 0) + 1);
  let next = existing;
  const renumber = new Map<number, number>();
  for (const [c, n] of [...sizes].sort((a, b) => a[0] - b[0])) if (n >= options.minSize) renumber.set(c, next++);
  const out = Int32Array.from(assignment, (c) => (c < existing ? c : (renumber.get(c) ?? -1)));
  const all = centroidsOf(vectors, out, next);
  const similarity = new Float32Array(vectors.length);
  vectors.forEach((v, i) => {
    const c = out[i] ?? -1;
    if (c >= 0) similarity[i] = cosineTo(all, c, v);
  });
  return { assignment: out, similarity, clusters: next };
}

export interface TopicSummary {
  /** a short phrase from the cluster's most distinctive terms */
  label: string;
  terms: string[];
  /** index of the most central question */
  central: number;
}

/**
 * A readable label per cluster: its heaviest centroid terms (IDF makes them the distinctive
 * ones), a bigram standing in for the words it contains, up to three, joined with " · ".
 */
export function summarise(vectorised: Vectorised, clustering: Clustering): TopicSummary[] {
  const { vectors, surface } = vectorised;
  const centroids = centroidsOf(vectors, clustering.assignment, clustering.clusters);
  const central = new Array<number>(clustering.clusters).fill(-1);
  const best = new Array<number>(clustering.clusters).fill(-1);
  clustering.assignment.forEach((c, i) => {
    if (c >= 0 && (clustering.similarity[i] ?? 0) > (best[c] ?? -1)) {
      best[c] = clustering.similarity[i] ?? 0;
      central[c] = i;
    }
  });
  return centroids.sums.map((sum, c) => {
    const ranked = [...sum].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, 8);
    const terms = labelTerms(ranked.map(([t]) => surface[t] ?? "").filter(Boolean));
    return { label: terms.join(" · "), terms, central: central[c] ?? -1 };
  });
}

/** Up to three terms, heaviest first; a bigram takes the place of the single words it holds. */
export function labelTerms(ranked: readonly string[]): string[] {
  let terms: string[] = [];
  for (const shown of ranked) {
    if (terms.includes(shown)) continue;
    const words = shown.split(" ");
    if (words.length > 1) {
      const at = terms.findIndex((x) => words.includes(x));
      const rest = terms.filter((x) => !words.includes(x));
      rest.splice(at >= 0 ? Math.min(at, rest.length) : rest.length, 0, shown);
      terms = rest;
    } else if (!terms.some((x) => x.split(" ").includes(shown))) {
      terms.push(shown);
    }
    if (terms.length === 3) break;
  }
  return terms;
}
