// The card's AI badge and the Team field name who routed the issue, where to, and how sure.
import { describe, expect, it } from "vitest";
import { aiBadgeTitle, routeLine } from "./routeSummary";

const route = {
  decisionId: "d",
  agentName: "Router",
  action: "route" as const,
  teamName: "Billing",
  runbookName: "Billing",
  confidence: 0.987,
  overridden: false,
};

describe("the route in one line", () => {
  it("says who routed the issue where, and how sure it was", () => {
    expect(routeLine(route)).toBe("Routed by Router → Billing (99%)");
    expect(routeLine({ ...route, action: "stay", teamName: "Support", confidence: 0.71 })).toBe(
      "Router kept this with Support (71%)",
    );
    expect(routeLine({ ...route, overridden: true })).toBe(
      "Routed by Router → Billing (99%); a person changed it since",
    );
  });

  it("tooltips the card's AI badge with the route and the AI's priority", () => {
    expect(aiBadgeTitle({ route, prioritySetBy: "ai", priority: "high", assigneeAgentId: null })).toBe(
      "Routed by Router → Billing (99%)\nPriority set by AI: high",
    );
    expect(aiBadgeTitle({ route: null, prioritySetBy: "user", priority: "low", assigneeAgentId: "a" })).toBe(
      "An AI agent is routing this",
    );
  });
});
