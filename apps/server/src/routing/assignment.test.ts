import { describe, expect, it } from "vitest";
import type { TeamForAssignment } from "../queries/routing";
import { confusionMatrix, outcomeOf } from "./accuracy";
import { chooseAssignee } from "./assignment";

const member = (userId: string, extra: Partial<TeamForAssignment["members"][number]> = {}) => ({
  userId,
  name: userId,
  away: false,
  tiers: [],
  openIssues: 0,
  ...extra,
});

function team(
  mode: "pooled" | "scoped",
  members: TeamForAssignment["members"],
  extra: Partial<TeamForAssignment> = {},
) {
  return {
    team: {
      id: "t",
      workspaceId: "w",
      name: "T",
      mode,
      leadUserId: "lead",
      description: "",
      assignOnReply: null,
      calendarId: null,
      csatEnabled: true,
      csatScale: "1-5" as const,
      createdAt: new Date(),
    },
    strategy: "auto",
    lastAssignedUserId: null,
    members,
    ...extra,
  } satisfies TeamForAssignment;
}

describe("chooseAssignee", () => {
  it("leaves a pooled team's issue in the queue", () => {
    expect(chooseAssignee(team("pooled", [member("a")]), { ownerUserId: "a", tier: null })).toBeNull();
  });

  it("gives a scoped team's issue to the account owner, else to the member of its tier, else to the lead", () => {
    const sales = team("scoped", [member("sam"), member("casey", { tiers: ["Enterprise"] })]);
    expect(chooseAssignee(sales, { ownerUserId: "sam", tier: "Enterprise" })?.userId).toBe("sam");
    expect(chooseAssignee(sales, { ownerUserId: "someone-else", tier: "enterprise" })).toMatchObject({
      userId: "casey",
      rule: "tier",
    });
    expect(chooseAssignee(sales, { ownerUserId: null, tier: "SMB" })).toMatchObject({
      userId: "lead",
      rule: "backstop",
    });
    expect(chooseAssignee(sales, null)?.rule).toBe("backstop");
  });

  it("skips an away owner and falls back to the lead", () => {
    const sales = team("scoped", [member("sam", { away: true })]);
    expect(chooseAssignee(sales, { ownerUserId: "sam", tier: null })?.userId).toBe("lead");
  });

  it("rotates round-robin past away members and picks the least loaded", () => {
    const members = [member("a", { openIssues: 5 }), member("b", { away: true }), member("c", { openIssues: 1 })];
    const pooled = team("pooled", members, { strategy: "round_robin", lastAssignedUserId: "a" });
    expect(chooseAssignee(pooled, null)?.userId).toBe("c");
    expect(chooseAssignee({ ...pooled, lastAssignedUserId: "c" }, null)?.userId).toBe("a");
    expect(chooseAssignee(pooled, null, "least_loaded")?.userId).toBe("c");
    expect(chooseAssignee(team("pooled", [member("x", { away: true })]), null, "round_robin")).toBeNull();
  });
});

describe("confusionMatrix", () => {
  it("counts a corrected decision as a miss and an untouched one as a hit", () => {
    const outcomes = [
      outcomeOf({ output: { teamId: "billing" }, correction: null }),
      outcomeOf({ output: { teamId: "support" }, correction: { teamId: "success" } }),
      outcomeOf({ output: { teamId: "billing" }, correction: null }),
    ];
    const result = confusionMatrix(outcomes, new Map([["billing", "Billing"]]));
    expect(result).toMatchObject({ total: 3, correct: 2 });
    expect(result.accuracy).toBeCloseTo(2 / 3);
    expect(result.matrix).toEqual([
      { predicted: "billing", actual: "billing", count: 2 },
      { predicted: "support", actual: "success", count: 1 },
    ]);
    expect(result.labels).toContainEqual({ id: "billing", name: "Billing" });
    expect(confusionMatrix([], new Map()).accuracy).toBeNull();
  });
});
