// One line for what the AI did with an issue, for the card's AI badge and the Team field:
// "Routed by Router → Billing (99%)", "Router kept this with Support (87%)".
import type { Issue } from "../../api/types";

const pct = (p: number | null) => (p === null ? "" : ` (${Math.round(p * 100)}%)`);

export function routeLine(route: NonNullable<Issue["route"]>): string {
  const agent = route.agentName ?? "An AI agent";
  const team = route.teamName ?? "its team";
  const line =
    route.action === "route"
      ? `Routed by ${agent} → ${team}${pct(route.confidence)}`
      : `${agent} kept this with ${team}${pct(route.confidence)}`;
  return route.overridden ? `${line}; a person changed it since` : line;
}

/** The AI badge's tooltip: routing and priority, whichever the AI set. */
export function aiBadgeTitle(issue: Pick<Issue, "route" | "prioritySetBy" | "priority" | "assigneeAgentId">): string {
  const lines: string[] = [];
  if (issue.route) lines.push(routeLine(issue.route));
  else if (issue.assigneeAgentId) lines.push("An AI agent is routing this");
  if (issue.prioritySetBy === "ai") lines.push(`Priority set by AI: ${issue.priority}`);
  return lines.join("\n") || "Set by AI";
}
