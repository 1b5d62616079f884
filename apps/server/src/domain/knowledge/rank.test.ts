import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { bm25f, charCosines, charGrams, corpusStats, docFeatures, gramVocabulary, rerank } from "./rank";

/** The cosine as first written: string-keyed maps, IDF over the texts themselves. */
function referenceCosines(query: string, texts: readonly string[]): number[] {
  const grams = texts.map(charGrams);
  const df = new Map<string, number>();
  for (const g of grams) for (const k of g.keys()) df.set(k, (df.get(k) ?? 0) + 1);
  const weight = (k: string, c: number) =>
    (1 + Math.log(c)) * (Math.log((texts.length + 1) / ((df.get(k) ?? 0) + 1)) + 1);
  const q = [...charGrams(query)].map(([k, c]) => [k, weight(k, c)] as const);
  const qNorm = Math.sqrt(q.reduce((s, [, x]) => s + x * x, 0)) || 1;
  return grams.map((g) => {
    let norm = 0;
    for (const [k, c] of g) norm += weight(k, c) ** 2;
    let dot = 0;
    for (const [k, x] of q) dot += x * (g.has(k) ? weight(k, g.get(k) ?? 0) : 0);
    return dot / qNorm / (Math.sqrt(norm) || 1);
  });
}

const webhook = {
  id: "a",
  title: "Webhook retries",
  body: "Webhooks are retried five times. Mentions strikethrough once.",
};
const gmail = { id: "b", title: "How do I strikethrough text in Gmail?", body: "Use the formatting bar." };
const exports = { id: "c", title: "Export your data", body: "Exports arrive by email as a zip of CSV files." };
const docs = [webhook, gmail, exports];
const stats = corpusStats(docs);

describe("rank", () => {
  it("counts document frequencies and lengths", () => {
    expect(stats.documents).toBe(3);
    expect(stats.df.get("strikethrough")).toBe(2);
    expect(stats.avgTitle).toBeGreaterThan(1);
  });

  it("weights a title match above a body mention (BM25F)", () => {
    expect(bm25f("strikethrough", gmail, stats)).toBeGreaterThan(bm25f("strikethrough", webhook, stats));
    expect(bm25f("invoice", webhook, stats)).toBe(0);
  });

  it("meets paraphrases through character n-grams", () => {
    const [toExport = 0, toWebhook = 1] = charCosines("exporting my data", [exports.title, webhook.title]);
    expect(toExport).toBeGreaterThan(toWebhook);
  });

  it("computes the same cosines as the string-keyed formula, for any texts", () => {
    const word = fc.constantFrom("sync", "syncs", "export", "webhook", "okta", "sso", "data", "fail", "é", "42");
    const text = fc.array(word, { maxLength: 12 }).map((w) => w.join(" "));
    fc.assert(
      fc.property(text, fc.array(text, { minLength: 1, maxLength: 6 }), (query, texts) => {
        const ours = charCosines(query, texts);
        for (const [i, x] of referenceCosines(query, texts).entries()) expect(ours[i]).toBeCloseTo(x, 12);
      }),
    );
  });

  it("ranks the same with features made earlier in a shared vocabulary (the cache's way)", () => {
    const vocabulary = gramVocabulary();
    const made = new Map(docs.map((d) => [d.id, docFeatures(d, vocabulary)]));
    // Other texts grow the vocabulary between caching and ranking, as other drafts do.
    docFeatures({ title: "Unrelated billing words", body: "invoices proration seats" }, vocabulary);
    const featurizer = {
      vocabulary,
      featuresOf: (d: (typeof docs)[number]) => made.get(d.id) ?? docFeatures(d, vocabulary),
    };
    const query = "text crossed out in gmail, strike through export";
    const cached = rerank(query, docs, stats, featurizer);
    const fresh = rerank(query, docs, stats);
    expect(cached.map((r) => r.doc.id)).toEqual(fresh.map((r) => r.doc.id));
    for (const [i, r] of cached.entries()) expect(r.score).toBeCloseTo(fresh[i]?.score ?? -1, 12);
  });

  it("re-ranks candidates best first with a fused score", () => {
    const ranked = rerank("text crossed out in gmail, strike through", docs, stats);
    expect(ranked.map((r) => r.doc.id)[0]).toBe("b");
    expect(ranked[0]?.score).toBeGreaterThan(ranked[1]?.score ?? 0);
    expect(rerank("anything", [], stats)).toEqual([]);
  });
});
