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

/** BM25F: per-field length-normalised term frequency, title weighted, one saturation. */
export function bm25f(query: string, doc: { title: string; body: string }, stats: CorpusStats): number {
  const { titleWeight, k1, b } = RANKING;
  const t = terms(doc.title);
  const body = terms(doc.body);
  const inTitle = counts(t);
  const inBody = counts(body);
  const n = Math.max(stats.documents, 1);
  const normTitle = 1 - b + (b * t.length) / (stats.avgTitle || 1);
  const normBody = 1 - b + (b * body.length) / (stats.avgBody || 1);
  let score = 0;
  for (const w of new Set(terms(query))) {
    const tf = (titleWeight * (inTitle.get(w) ?? 0)) / normTitle + (inBody.get(w) ?? 0) / normBody;
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

/** Cosine of the query against each text, TF-IDF weighted with IDF over `texts` themselves. */
export function charCosines(query: string, texts: readonly string[]): number[] {
  const grams = texts.map(charGrams);
  const df = new Map<string, number>();
  for (const g of grams) for (const k of g.keys()) df.set(k, (df.get(k) ?? 0) + 1);
  const idf = (k: string) => Math.log((texts.length + 1) / ((df.get(k) ?? 0) + 1)) + 1;
  const weight = (k: string, c: number) => (1 + Math.log(c)) * idf(k);
  const queryWeights = [...charGrams(query)].map(([k, c]) => [k, weight(k, c)] as const);
  const queryNorm = Math.sqrt(queryWeights.reduce((sum, [, x]) => sum + x * x, 0)) || 1;
  // Only the query's grams enter the dot product; a text's other grams count only in its norm,
  // so no weighted vector is built per candidate (50 long articles per draft).
  return grams.map((g) => {
    let norm = 0;
    for (const [k, c] of g) norm += weight(k, c) ** 2;
    let dot = 0;
    for (const [k, x] of queryWeights) {
      const c = g.get(k);
      if (c) dot += x * weight(k, c);
    }
    return dot / queryNorm / (Math.sqrt(norm) || 1);
  });
}

const scaled = (xs: readonly number[]) => {
  const top = Math.max(0, ...xs);
  return xs.map((x) => (top > 0 ? x / top : 0));
};

/** The candidates best first, each with its fused score (0 … 3). Ties keep the first stage's order. */
export function rerank<T extends RankDocument>(query: string, candidates: readonly T[], stats: CorpusStats) {
  if (candidates.length === 0) return [];
  const lexical = scaled(candidates.map((c) => bm25f(query, c, stats)));
  const title = scaled(
    charCosines(
      query,
      candidates.map((c) => c.title),
    ),
  );
  const article = scaled(
    charCosines(
      query,
      candidates.map((c) => `${c.title}\n${c.body}`),
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
