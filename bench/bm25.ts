// Okapi BM25 over title + body (k1 = 1.2, b = 0.75), the classical baseline the knowledge benches
// hold the retriever against. Tokenised like the product (domain/knowledge/text.ts `terms`).
import { terms } from "../apps/server/src/domain/knowledge/text";

export function bm25(docs: { id: string; text: string }[]) {
  const tokenised = docs.map((d) => ({ id: d.id, terms: terms(d.text) }));
  const avg = tokenised.reduce((n, d) => n + d.terms.length, 0) / tokenised.length;
  const df = new Map<string, number>();
  for (const d of tokenised) for (const t of new Set(d.terms)) df.set(t, (df.get(t) ?? 0) + 1);
  /** Every document with a score above zero, best first. */
  return (query: string) => {
    const q = new Set(terms(query));
    return tokenised
      .map((d) => {
        let score = 0;
        for (const t of q) {
          const f = d.terms.filter((x) => x === t).length;
          if (!f) continue;
          const idf = Math.log(1 + (docs.length - (df.get(t) ?? 0) + 0.5) / ((df.get(t) ?? 0) + 0.5));
          score += (idf * f * 2.2) / (f + 1.2 * (0.25 + (0.75 * d.terms.length) / avg));
        }
        return { id: d.id, score };
      })
      .filter((d) => d.score > 0)
      .sort((a, b) => b.score - a.score);
  };
}
