import { describe, expect, it } from "vitest";
import { groundIssueCitations } from "./generative";

describe("groundIssueCitations", () => {
  it("keeps citations of issues read and removes the others", () => {
    const g = groundIssueCitations("Sync stalls (#12, #99). Billing asks #7.", new Set([12, 7]));
    expect(g.cited).toEqual([12, 7]);
    expect(g.refused).toEqual(["#99"]);
    expect(g.text).not.toContain("#99");
  });
});
