// Re-ranking of the knowledge base's retrieval candidates (the first stage is PostgreSQL full
// text, any word): BM25F over title and body with the workspace's document frequencies, fused with
// the cosine of character n-gram TF-IDF vectors (query against the title, and against the whole
// article), so paraphrases ("crossed out" / "strikethrough", "archiving" / "archive") still meet.
// Weights tuned on the StackFAQ dev half only (bench/retrieval.ts reports the test half).
import { terms } from "./text";

/** Document frequencies of word stems over the workspace's published articles. */
export interface CorpusStats {
  documents: number;
  df: ReadonlyMap<string, number>;
  avgTitle: number;
  avgBody: number;
}

export interface RankDocument {
  id: string;
  title: string;
  body: string;
}

export const RANKING = {
  /** A query word in the title counts as this many in the body. */
  titleWeight: 3,
  k1: 1.2,
  b: 0.75,
  /** Weights of the fused scores, each first scaled to the best candidate's. */
  bm25: 1,
  charTitle: 1,
  charArticle: 1,
  /** Character n-gram lengths, taken inside word boundaries (` word `). */
  gramMin: 3,
  gramMax: 5,
} as const;

export function corpusStats(docs: Iterable<{ title: string; body: string }>): CorpusStats {
  const df = new Map<string, number>();
  let documents = 0;
  let title = 0;
  let body = 0;
  for (const d of docs) {
    const t = terms(d.title);
    const b = terms(d.body);
    documents++;
    title += t.length;
    body += b.length;
    for (const w of new Set([...t, ...b])) df.set(w, (df.get(w) ?? 0) + 1);
  }
  return { documents, df, avgTitle: documents ? title / documents : 0, avgBody: documents ? body / documents : 0 };
}

const counts = (words: readonly string[]) => {
  const out = new Map<string, number>();
  for (const w of words) out.set(w, (out.get(w) ?? 0) + 1);
  return out;
};

/**
 * Character n-grams interned as small integers, so a text's grams are typed arrays and a candidate
 * set's gram frequencies are counted in flat arrays. Several vectors meet in one cosine only when
 * the same vocabulary made them. The scratch arrays are zero between calls (the cosine is synchronous).
 */
export interface GramVocabulary {
  ids: Map<string, number>;
  scratch: { df: Int32Array; idf: Float64Array; query: Float64Array };
}

export const gramVocabulary = (): GramVocabulary => ({
  ids: new Map(),
  scratch: { df: new Int32Array(0), idf: new Float64Array(0), query: new Float64Array(0) },
});

/** A text's distinct character n-grams (vocabulary ids) with their sublinear frequency, 1 + log count. */
export interface GramVector {
  ids: Int32Array;
  tf: Float64Array;
}

/** What re-ranking reads of a document, computed once per version of it (ai/copilot/features.ts). */
export interface DocFeatures {
  titleTerms: ReadonlyMap<string, number>;
  titleLength: number;
  bodyTerms: ReadonlyMap<string, number>;
  bodyLength: number;
  title: GramVector;
  article: GramVector;
}

export function docFeatures(doc: { title: string; body: string }, vocabulary: GramVocabulary): DocFeatures {
  const t = terms(doc.title);
  const b = terms(doc.body);
  return {
    titleTerms: counts(t),
    titleLength: t.length,
    bodyTerms: counts(b),
    bodyLength: b.length,
    title: gramVector(doc.title, vocabulary),
    article: gramVector(`${doc.title}\n${doc.body}`, vocabulary),
  };
}

/** BM25F: per-field length-normalised term frequency, title weighted, one saturation. */
export function bm25f(query: string, doc: { title: string; body: string }, stats: CorpusStats): number {
  return bm25fOf(new Set(terms(query)), docFeatures(doc, gramVocabulary()), stats);
}

function bm25fOf(query: ReadonlySet<string>, doc: DocFeatures, stats: CorpusStats): number {
  const { titleWeight, k1, b } = RANKING;
  const n = Math.max(stats.documents, 1);
  const normTitle = 1 - b + (b * doc.titleLength) / (stats.avgTitle || 1);
  const normBody = 1 - b + (b * doc.bodyLength) / (stats.avgBody || 1);
  let score = 0;
  for (const w of query) {
    const tf = (titleWeight * (doc.titleTerms.get(w) ?? 0)) / normTitle + (doc.bodyTerms.get(w) ?? 0) / normBody;
    if (tf === 0) continue;
    // A word the statistics have not seen yet (an article newer than them) counts as rare.
    const df = Math.min(stats.df.get(w) ?? 1, n);
    const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
    score += (idf * tf * (k1 + 1)) / (tf + k1);
  }
  return score;
}

/** Character n-grams of the words of `text`, counted. */
export function charGrams(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const word of text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) {
    const padded = ` ${word} `;
    for (let n = RANKING.gramMin; n <= RANKING.gramMax; n++) {
      for (let i = 0; i + n <= padded.length; i++) {
        const gram = padded.slice(i, i + n);
        out.set(gram, (out.get(gram) ?? 0) + 1);
      }
    }
  }
  return out;
}

export function gramVector(text: string, vocabulary: GramVocabulary): GramVector {
  const grams = charGrams(text);
  const ids = new Int32Array(grams.size);
  const tf = new Float64Array(grams.size);
  let i = 0;
  for (const [gram, c] of grams) {
    let id = vocabulary.ids.get(gram);
    if (id === undefined) {
      id = vocabulary.ids.size;
      vocabulary.ids.set(gram, id);
    }
    ids[i] = id;
    tf[i] = 1 + Math.log(c);
    i++;
  }
  return { ids, tf };
}

/** The query's grams: those the vocabulary knows by id, the rest (in no candidate) by frequency only. */
interface GramQuery {
  known: [number, number][];
  unknown: number[];
}

function gramQuery(text: string, vocabulary: GramVocabulary): GramQuery {
  const known: [number, number][] = [];
  const unknown: number[] = [];
  for (const [gram, c] of charGrams(text)) {
    const id = vocabulary.ids.get(gram);
    if (id === undefined) unknown.push(1 + Math.log(c));
    else known.push([id, 1 + Math.log(c)]);
  }
  return { known, unknown };
}

function scratchFor(vocabulary: GramVocabulary) {
  const size = vocabulary.ids.size;
  if (vocabulary.scratch.df.length < size) {
    const grown = Math.max(size, 2 * vocabulary.scratch.df.length);
    vocabulary.scratch = {
      df: new Int32Array(grown),
      idf: new Float64Array(grown),
      query: new Float64Array(grown),
    };
  }
  return vocabulary.scratch;
}

/**
 * Cosine of the query against each vector, TF-IDF weighted with IDF over the vectors themselves.
 * Only the query's grams enter the dot product; a vector's other grams count only in its norm.
 */
function vectorCosines(query: GramQuery, vectors: readonly GramVector[], vocabulary: GramVocabulary): number[] {
  const { df, idf, query: weights } = scratchFor(vocabulary);
  for (const v of vectors) for (const id of v.ids) df[id] = (df[id] ?? 0) + 1;
  const n = vectors.length;
  // Cached per gram for this call (an IDF is at least 1, so 0 means not yet computed).
  const idfOf = (id: number) => {
    let x = idf[id] ?? 0;
    if (x === 0) {
      x = Math.log((n + 1) / ((df[id] ?? 0) + 1)) + 1;
      idf[id] = x;
    }
    return x;
  };
  let queryNorm = 0;
  for (const [id, tf] of query.known) {
    const w = tf * idfOf(id);
    weights[id] = w;
    queryNorm += w * w;
  }
  for (const tf of query.unknown) queryNorm += (tf * (Math.log(n + 1) + 1)) ** 2;
  queryNorm = Math.sqrt(queryNorm) || 1;
  const out = vectors.map((v) => {
    let norm = 0;
    let dot = 0;
    for (let i = 0; i < v.ids.length; i++) {
      const id = v.ids[i] ?? 0;
      const w = (v.tf[i] ?? 0) * idfOf(id);
      norm += w * w;
      dot += (weights[id] ?? 0) * w;
    }
    return dot / queryNorm / (Math.sqrt(norm) || 1);
  });
  for (const v of vectors) {
    for (const id of v.ids) {
      df[id] = 0;
      idf[id] = 0;
    }
  }
  for (const [id] of query.known) {
    weights[id] = 0;
    idf[id] = 0;
  }
  return out;
}

/** Cosine of the query against each text, TF-IDF weighted with IDF over `texts` themselves. */
export function charCosines(query: string, texts: readonly string[]): number[] {
  const vocabulary = gramVocabulary();
  const vectors = texts.map((t) => gramVector(t, vocabulary));
  return vectorCosines(gramQuery(query, vocabulary), vectors, vocabulary);
}

const scaled = (xs: readonly number[]) => {
  const top = Math.max(0, ...xs);
  return xs.map((x) => (top > 0 ? x / top : 0));
};

/** Where re-ranking gets a candidate's features: computed afresh, or from a cache (one vocabulary). */
export interface Featurizer<T> {
  vocabulary: GramVocabulary;
  featuresOf: (doc: T) => DocFeatures;
}

const fresh = <T extends RankDocument>(): Featurizer<T> => {
  const vocabulary = gramVocabulary();
  return { vocabulary, featuresOf: (doc) => docFeatures(doc, vocabulary) };
};

/** The candidates best first, each with its fused score (0 … 3). Ties keep the first stage's order. */
export function rerank<T extends RankDocument>(
  query: string,
  candidates: readonly T[],
  stats: CorpusStats,
  featurizer: Featurizer<T> = fresh<T>(),
) {
  if (candidates.length === 0) return [];
  const features = candidates.map(featurizer.featuresOf);
  const words = new Set(terms(query));
  const grams = gramQuery(query, featurizer.vocabulary);
  const lexical = scaled(features.map((f) => bm25fOf(words, f, stats)));
  const title = scaled(
    vectorCosines(
      grams,
      features.map((f) => f.title),
      featurizer.vocabulary,
    ),
  );
  const article = scaled(
    vectorCosines(
      grams,
      features.map((f) => f.article),
      featurizer.vocabulary,
    ),
  );
  return candidates
    .map((doc, i) => ({
      doc,
      i,
      score:
        RANKING.bm25 * (lexical[i] ?? 0) +
        RANKING.charTitle * (title[i] ?? 0) +
        RANKING.charArticle * (article[i] ?? 0),
    }))
    .sort((a, b) => b.score - a.score || a.i - b.i)
    .map(({ doc, score }) => ({ doc, score }));
}
