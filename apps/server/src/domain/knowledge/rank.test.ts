import { describe, expect, it } from "vitest";
import { bm25f, charCosines, corpusStats, rerank } from "./rank";

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

  it("re-ranks candidates best first with a fused score", () => {
    const ranked = rerank("text crossed out in gmail, strike through", docs, stats);
    expect(ranked.map((r) => r.doc.id)[0]).toBe("b");
    expect(ranked[0]?.score).toBeGreaterThan(ranked[1]?.score ?? 0);
    expect(rerank("anything", [], stats)).toEqual([]);
  });
});
