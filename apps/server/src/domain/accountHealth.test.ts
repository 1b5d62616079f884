import { describe, expect, it } from "vitest";
import { accountHealth } from "./accountHealth";

const quiet = { sentiment: null, openIssues: 0, urgentOpenIssues: 0, csat: null, daysSinceCustomerMessage: null };

describe("accountHealth", () => {
  it("does not score an account nobody has heard from", () => {
    expect(accountHealth(quiet)).toBeNull();
  });

  it("weighs every part by the documented weights", () => {
    const h = accountHealth({
      sentiment: { average: -0.6, messages: 4 },
      openIssues: 3,
      urgentOpenIssues: 1,
      csat: { average: 3, responses: 2 },
      daysSinceCustomerMessage: 2,
    });
    // 0.4×20 + 0.25×60 + 0.2×50 + 0.15×100 = 48
    expect(h?.score).toBe(48);
    expect(h?.drivers.map((d) => [d.factor, d.score, d.weight])).toEqual([
      ["sentiment", 20, 0.4],
      ["csat", 50, 0.2],
      ["open_issues", 60, 0.25],
      ["recency", 100, 0.15],
    ]);
  });

  it("drops missing parts and scales the others up", () => {
    const h = accountHealth({ ...quiet, sentiment: { average: 0.5, messages: 1 }, daysSinceCustomerMessage: 0 });
    // sentiment 75 (0.4), recency 100 (0.15), open issues 100 (0.25) over 0.8.
    expect(h?.score).toBe(Math.round((75 * 0.4 + 100 * 0.15 + 100 * 0.25) / 0.8));
    expect(h?.drivers.reduce((s, d) => s + d.weight, 0)).toBeCloseTo(1, 1);
  });

  it("negative sentiment lowers health", () => {
    const base = { ...quiet, daysSinceCustomerMessage: 1 };
    const happy = accountHealth({ ...base, sentiment: { average: 0.4, messages: 3 } });
    const angry = accountHealth({ ...base, sentiment: { average: -0.7, messages: 3 } });
    expect(angry?.score).toBeLessThan(happy?.score ?? 0);
  });

  it("silence lowers health, down to a floor", () => {
    const at = (days: number) => accountHealth({ ...quiet, daysSinceCustomerMessage: days })?.score;
    expect(at(10)).toBe(100);
    expect(at(50) ?? 100).toBeLessThan(100);
    expect(at(200)).toBe(at(90));
  });
});
