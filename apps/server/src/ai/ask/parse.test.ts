import { describe, expect, it } from "vitest";
import { editDistance, parseQuestion } from "./parse";

const catalog = {
  accounts: [
    { id: "a1", name: "Northwind" },
    { id: "a2", name: "Northwind Logistics" },
  ],
  teams: [{ id: "t1", name: "Billing" }],
  tags: ["sync-failure", "billing"],
  tiers: ["Enterprise", "Pro"],
};
const now = new Date("2026-12-06T12:00:00Z"); // a Sunday

describe("parseQuestion", () => {
  it("reads a count over a tier, a tag and last month", () => {
    const f = parseQuestion("How many billing issues from Enterprise accounts last month?", catalog, now);
    expect(f).toMatchObject({ intent: "count", tier: "Enterprise", tag: "billing", terms: [] });
    expect(f.window?.since.toISOString()).toBe("2026-11-01T00:00:00.000Z");
    expect(f.window?.until?.toISOString()).toBe("2026-12-01T00:00:00.000Z");
  });

  it("prefers the longest account name and starts weeks on Monday", () => {
    const f = parseQuestion("Summarize Northwind Logistics's issues this week", catalog, now);
    expect(f).toMatchObject({ intent: "summary", account: { id: "a2" } });
    expect(f.window?.since.toISOString()).toBe("2026-11-30T00:00:00.000Z");
  });

  it("takes feature requests and leaves the topic words for search", () => {
    const f = parseQuestion(
      "What are the most common feature requests related to our Customer Portal feature?",
      catalog,
      now,
    );
    expect(f).toMatchObject({ intent: "ranking", featureRequests: true, terms: ["portal"] });
  });

  it("reads a team only when called a team, and a spoken tag", () => {
    const f = parseQuestion("open sync failure issues for the Billing team via slack", catalog, now);
    expect(f).toMatchObject({ team: { id: "t1" }, tag: "sync-failure", channel: "slack" });
    expect(f.states).toContain("on_you");
  });

  it("reads a misspelled account name as the closest one, and says what it read", () => {
    const typo = parseQuestion("Summarize recent issues with Nortwind", catalog, now);
    expect(typo.account).toEqual({ id: "a1", name: "Northwind", spelled: "nortwind" });
    expect(typo.terms).toEqual([]);
    const swapped = parseQuestion("how many issues from nortwhind logsitics this week", catalog, now);
    expect(swapped.account).toMatchObject({ id: "a2", name: "Northwind Logistics" });
    // Too far from any name, or a word questions are made of: no account.
    expect(parseQuestion("Summarize issues with Northland", catalog, now).account).toBeUndefined();
    expect(parseQuestion("what is new", { ...catalog, accounts: [{ id: "a3", name: "Whats" }] }, now).account).toBe(
      undefined,
    );
  });

  it("measures edits with swaps as one", () => {
    expect(editDistance("nortwind", "northwind", 2)).toBe(1);
    expect(editDistance("nrothwind", "northwind", 2)).toBe(1);
    expect(editDistance("acme", "zzzzzzzz", 2)).toBe(3);
  });
});
