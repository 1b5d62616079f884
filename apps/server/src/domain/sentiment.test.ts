import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { labelOf, scoreSentiment } from "./sentiment";

const phrasesOf = (text: string) => scoreSentiment(text).phrases.map((p) => p.text);

describe("scoreSentiment", () => {
  it("reads a plain question as neutral and explains nothing", () => {
    const s = scoreSentiment("How do I add a teammate to the workspace?");
    expect(s).toEqual({ score: 0, label: "neutral", phrases: [] });
  });

  it("reads support-domain complaints AFINN has no word for", () => {
    const s = scoreSentiment("Exports are still broken and this is a blocker for our launch.");
    expect(s.label).toBe("negative");
    expect(phrasesOf("Exports are still broken and this is a blocker for our launch.")).toEqual(
      expect.arrayContaining(["still broken", "blocker"]),
    );
  });

  it("flips a negated word and names the negator in the phrase", () => {
    const happy = scoreSentiment("We are happy with the rollout.");
    const unhappy = scoreSentiment("We are not happy with the rollout.");
    expect(happy.label).toBe("positive");
    expect(unhappy.label).toBe("negative");
    expect(unhappy.phrases).toEqual([{ text: "not happy", weight: expect.any(Number) }]);
    expect(unhappy.phrases[0]?.weight).toBeLessThan(0);
  });

  it("negation reaches over a few words but not into the next sentence", () => {
    expect(scoreSentiment("I don't think this is good.").label).toBe("negative");
    expect(scoreSentiment("Not today. Great work on the release.").label).toBe("positive");
  });

  it("negates contractions written with either apostrophe", () => {
    expect(scoreSentiment("It isn’t great").label).toBe("negative");
    expect(scoreSentiment("It isn't great").label).toBe("negative");
    expect(scoreSentiment("not bad at all").label).toBe("positive");
  });

  it("an intensifier makes a phrase stronger and shows in the explanation", () => {
    const plain = scoreSentiment("That was frustrating.");
    const strong = scoreSentiment("That was really frustrating.");
    expect(strong.score).toBeLessThan(plain.score);
    expect(strong.phrases[0]?.text).toBe("really frustrating");
  });

  it("weighs what follows 'but' over what precedes it", () => {
    expect(scoreSentiment("It was broken yesterday but it works perfectly now, thanks!").label).toBe("positive");
    expect(scoreSentiment("Thanks for the reply, but the export is still broken.").label).toBe("negative");
  });

  it("warm thanks outweigh a plain thanks", () => {
    expect(scoreSentiment("Thanks so much, that fixed it!").score).toBeGreaterThan(scoreSentiment("Thanks.").score);
    expect(phrasesOf("Thanks so much, that fixed it!")).toEqual(
      expect.arrayContaining(["thanks so much", "that fixed it"]),
    );
  });

  it("ignores politeness words that AFINN would read as feeling", () => {
    expect(scoreSentiment("Please help, I'd like to export my data.").label).toBe("neutral");
  });

  it("ignores quoted earlier mail", () => {
    const text = "Can you send the invoice?\n\nOn Mon, 2 Mar 2026, Support wrote:\n> This is terrible and broken";
    expect(scoreSentiment(text).label).toBe("neutral");
  });

  it("churn and renewal threats are strongly negative", () => {
    const s = scoreSentiment("If this keeps happening we will not renew and churn to another vendor.");
    expect(s.score).toBeLessThan(-0.6);
    expect(phrasesOf("If this keeps happening we will not renew and churn to another vendor.")).toEqual(
      expect.arrayContaining(["not renew", "churn"]),
    );
  });

  it("keeps the score within −1…1, lists at most six phrases strongest first, and is deterministic", () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom("great", "broken", "not", "very", "thanks", "blocker", "the", "!", "but")),
        (words) => {
          const text = words.join(" ");
          const s = scoreSentiment(text);
          expect(s.score).toBeGreaterThanOrEqual(-1);
          expect(s.score).toBeLessThanOrEqual(1);
          expect(s.phrases.length).toBeLessThanOrEqual(6);
          const weights = s.phrases.map((p) => Math.abs(p.weight));
          expect(weights).toEqual([...weights].sort((a, b) => b - a));
          expect(scoreSentiment(text)).toEqual(s);
          expect(s.label).toBe(labelOf(s.score));
        },
      ),
    );
  });
});
