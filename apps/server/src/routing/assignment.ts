// Who in the team gets an issue. Pooled teams work one shared queue (no assignee); scoped
// teams give each member their accounts — Sales by account owner, Customer Success by tier —
// and the team lead is the backstop for accounts nobody covers.

import { and, eq } from "drizzle-orm";
import type { CommandContext } from "../commands/context";
import { applyAssignment } from "../commands/issues";
import type { IssueRow } from "../commands/lookup";
import { type AssignmentStrategy, advanceRoundRobin } from "../commands/routing";
import { accounts } from "../db/schema";
import { type TeamForAssignment, teamForAssignment } from "../queries/routing";

export interface AssignmentPick {
  userId: string;
  name: string;
  /** Which rule chose them, for the event log. */
  rule: "owner" | "tier" | "backstop" | "round_robin" | "least_loaded";
}

type Account = { ownerUserId: string | null; tier: string | null } | null;

/** Pure: the member this issue goes to, or null to leave it in the team queue. */
export function chooseAssignee(team: TeamForAssignment, account: Account, override?: AssignmentStrategy) {
  const strategy = override ?? team.strategy;
  const available = team.members.filter((m) => !m.away);
  switch (strategy) {
    case "none":
      return null;
    case "auto":
      return team.team.mode === "pooled"
        ? null
        : (byOwner(available, account) ?? byTier(available, account) ?? lead(team));
    case "owner":
      return byOwner(available, account) ?? lead(team);
    case "tier":
      return byTier(available, account) ?? lead(team);
    case "round_robin":
      return roundRobin(available, team.lastAssignedUserId);
    case "least_loaded":
      return pick(leastLoaded(available), "least_loaded");
  }
}

type Member = TeamForAssignment["members"][number];

const pick = (m: Member | undefined, rule: AssignmentPick["rule"]): AssignmentPick | null =>
  m ? { userId: m.userId, name: m.name, rule } : null;

function byOwner(members: Member[], account: Account) {
  return pick(
    members.find((m) => account?.ownerUserId && m.userId === account.ownerUserId),
    "owner",
  );
}

function byTier(members: Member[], account: Account) {
  const tier = account?.tier?.trim().toLowerCase();
  if (!tier) return null;
  return pick(leastLoaded(members.filter((m) => m.tiers.some((t) => t.trim().toLowerCase() === tier))), "tier");
}

function lead(team: TeamForAssignment): AssignmentPick | null {
  const leadId = team.team.leadUserId;
  if (!leadId) return null;
  const member = team.members.find((m) => m.userId === leadId);
  return { userId: leadId, name: member?.name ?? "team lead", rule: "backstop" };
}

function leastLoaded(members: Member[]): Member | undefined {
  return [...members].sort((a, b) => a.openIssues - b.openIssues)[0];
}

function roundRobin(members: Member[], last: string | null): AssignmentPick | null {
  if (members.length === 0) return null;
  const at = members.findIndex((m) => m.userId === last);
  return pick(members[(at + 1) % members.length], "round_robin");
}

/**
 * The teams read by one transaction that assigns several issues (a routing batch): each team is
 * read once and kept current as its members get issues, so every pick sees the earlier ones as a
 * fresh read would.
 */
export type TeamsInTransaction = Map<string, TeamForAssignment | null>;

/** Gives the issue a person of its team, unless someone already has it. */
export async function assignWithinTeam(
  ctx: CommandContext,
  issue: IssueRow,
  override?: AssignmentStrategy,
  teams?: TeamsInTransaction,
): Promise<AssignmentPick | null> {
  if (!issue.teamId || issue.assigneeUserId) return null;
  const teamId = issue.teamId;
  const team = teams?.has(teamId) ? teams.get(teamId) : await teamForAssignment(ctx.tx, ctx.workspaceId, teamId);
  teams?.set(teamId, team ?? null);
  if (!team) return null;
  const [account] = issue.accountId
    ? await ctx.tx
        .select({ ownerUserId: accounts.ownerUserId, tier: accounts.tier })
        .from(accounts)
        .where(and(eq(accounts.workspaceId, ctx.workspaceId), eq(accounts.id, issue.accountId)))
    : [];
  const chosen = chooseAssignee(team, account ?? null, override);
  if (!chosen) return null;
  await applyAssignment(ctx, issue, { assigneeUserId: chosen.userId });
  if (chosen.rule === "round_robin") {
    await advanceRoundRobin(ctx, teamId, chosen.userId);
    team.lastAssignedUserId = chosen.userId;
  }
  // The issue is open (routing skips closed ones): one more on the member's load.
  const member = team.members.find((m) => m.userId === chosen.userId);
  if (member && issue.state !== "closed") member.openIssues++;
  return chosen;
}
