import { describe, expect, it } from "vitest";
import { scorePriority, trainClassifier } from "./index";
import { priorityExample } from "./priority";

describe("AI priority", () => {
  it("flags an outage as urgent, with the reason", () => {
    const d = scorePriority({ text: "Our whole dashboard is down, nobody on the team can work", accountTier: "pro" });
    expect(d.priority).toBe("urgent");
    expect(d.reasons.join(" ")).toMatch(/outage/);
    expect(d.confidence).toBeGreaterThan(0);
  });

  it("treats a how-to question as low or medium", () => {
    const d = scorePriority({ text: "How do I change the colour of the chat widget?", accountTier: "free" });
    expect(["low", "medium"]).toContain(d.priority);
  });

  it("flags a security incident and a data loss as urgent", () => {
    expect(scorePriority({ text: "We think an API token leaked, someone is exporting our contacts" }).priority).toBe(
      "urgent",
    );
    expect(scorePriority({ text: "All our conversation history from last week has disappeared" }).priority).toBe(
      "urgent",
    );
  });

  it("does not read 'not urgent' as urgent", () => {
    const d = scorePriority({ text: "Not urgent at all, but is there a way to export tags? No rush." });
    expect(d.priority).toBe("low");
  });

  it("raises a problem for a big enterprise account", () => {
    const small = scorePriority({ text: "Exports fail with an error", accountTier: "free" });
    const big = scorePriority({ text: "Exports fail with an error", accountTier: "enterprise", accountValue: 600_000 });
    const rank = ["low", "medium", "high", "urgent"];
    expect(rank.indexOf(big.priority)).toBeGreaterThan(rank.indexOf(small.priority));
    expect(big.reasons.join(" ")).toMatch(/enterprise/);
  });

  it("learns from labelled overrides", () => {
    const overrides = [
      ...["SAML certificate expires tomorrow", "our SAML cert rotation is due", "SAML certificate renewal needed"].map(
        (text) => priorityExample({ text, accountTier: "enterprise" }, "urgent"),
      ),
      ...["please update the logo", "typo on the portal page", "change the portal colours"].map((text) =>
        priorityExample({ text }, "low"),
      ),
    ];
    const learned = trainClassifier(overrides);
    const d = scorePriority({ text: "the SAML certificate expires tomorrow", accountTier: "enterprise" }, learned);
    expect(d.priority).toBe("urgent");
    expect(d.reasons.join(" ")).toMatch(/similar past issues/);
  });
});
