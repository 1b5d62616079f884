import { describe, expect, it } from "vitest";
import { rerank } from "../../domain/knowledge/rank";
import { articleFeaturizer, clearArticleFeatures } from "./features";

const stats = { documents: 2, df: new Map<string, number>(), avgTitle: 3, avgBody: 8 };
const at = (iso: string) => new Date(iso);

describe("cached article features", () => {
  it("serves an article's features until its updated_at moves, then recomputes them", () => {
    clearArticleFeatures();
    const exports = {
      id: "a",
      title: "Export your data",
      body: "Exports arrive by email.",
      updatedAt: at("2026-12-01"),
    };
    const okta = { id: "b", title: "Okta sign-in", body: "Rotate the certificate.", updatedAt: at("2026-12-01") };
    const top = (docs: (typeof exports)[]) => rerank("webhook retries", docs, stats, articleFeaturizer())[0]?.doc.id;
    const featurizer = articleFeaturizer<typeof exports>();
    expect(featurizer.featuresOf(exports)).toBe(featurizer.featuresOf({ ...exports }));
    expect(top([exports, okta])).toBe("a");

    // Same id, same updated_at: the cached (old) features still answer — the key is the version.
    const edited = { ...okta, title: "Webhook retries", body: "Webhooks are retried five times." };
    expect(top([exports, edited])).toBe("a");
    // The update moves updated_at: the article's new words count at once.
    expect(top([exports, { ...edited, updatedAt: at("2026-12-02") }])).toBe("b");
  });
});
