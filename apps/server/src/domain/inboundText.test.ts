import { describe, expect, it } from "vitest";
import { inboundText, TRUNCATION_NOTE } from "./inboundText";

describe("inbound customer text", () => {
  it("keeps text within the limit as it is", () => {
    expect(inboundText("Printer on fire 🔥", 100)).toBe("Printer on fire 🔥");
  });
  it("truncates longer text to the limit, ending with the note", () => {
    const out = inboundText("x".repeat(500), 100);
    expect(out).toHaveLength(100);
    expect(out.endsWith(TRUNCATION_NOTE)).toBe(true);
  });
  it("drops NUL and replaces lone surrogates", () => {
    expect(inboundText("a\u0000b\ud800c", 100)).toBe("ab\uFFFDc");
  });
});
