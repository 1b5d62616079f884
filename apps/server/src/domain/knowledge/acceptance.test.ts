import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { draftOutcome, wordDistance, words } from "./acceptance";

describe("draft acceptance", () => {
  const draft =
    "Hi Pat, upload the new Okta certificate under Settings → Security [1] and ask users to sign in again [1].";

  it("counts a draft sent as is, markers removed, as accepted", () => {
    const sent = "Hi Pat, upload the new Okta certificate under Settings → Security and ask users to sign in again.";
    expect(draftOutcome(draft, sent)).toMatchObject({ outcome: "accepted", editDistance: 0, similarity: 1 });
  });

  it("counts a reworded draft as edited and an unrelated reply as discarded", () => {
    const edited =
      "Hi Pat, please upload the new Okta certificate in Settings and then ask your users to log in again.";
    expect(draftOutcome(draft, edited).outcome).toBe("edited");
    expect(draftOutcome(draft, "Thanks, I have escalated this to our engineers.").outcome).toBe("discarded");
  });

  it("measures words: one substitution is one edit", () => {
    expect(wordDistance(words("a b c"), words("a x c"))).toBe(1);
    expect(wordDistance([], words("a b"))).toBe(2);
  });

  it("is a distance: symmetric, zero on itself, bounded by the longer text", () => {
    const text = fc.array(fc.constantFrom("a", "b", "c", "d"), { maxLength: 12 });
    fc.assert(
      fc.property(text, text, (a, b) => {
        const d = wordDistance(a, b);
        expect(d).toBe(wordDistance(b, a));
        expect(wordDistance(a, a)).toBe(0);
        expect(d).toBeLessThanOrEqual(Math.max(a.length, b.length));
        expect(d).toBeGreaterThanOrEqual(Math.abs(a.length - b.length));
      }),
    );
  });
});
