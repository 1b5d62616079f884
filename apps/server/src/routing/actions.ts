// A trigger's actions, each carried out by the same command a person would use.
import { and, eq } from "drizzle-orm";
import type { CommandContext } from "../commands/context";
import { applyAssignment, changeState, normaliseTags, setIssueFields, setPriority, setTags } from "../commands/issues";
import { type IssueRow, loadIssueByIdForUpdate } from "../commands/lookup";
import { applyMacro } from "../commands/macros";
import { addMessage } from "../commands/messages";
import { aiAgents } from "../db/schema";
import { notFound } from "../domain/errors";
import type { TriggerAction } from "../domain/triggers";
import { assignWithinTeam } from "./assignment";

/** Applies one action to the issue (reloaded FOR UPDATE); returns a short description of what it did. */
export async function applyTriggerAction(ctx: CommandContext, issueId: string, action: TriggerAction): Promise<string> {
  const issue = await loadIssueByIdForUpdate(ctx, issueId);
  switch (action.type) {
    case "set_team":
      await applyAssignment(ctx, issue, { teamId: action.teamId });
      return `team → ${action.teamId}`;
    case "assign_user":
      await applyAssignment(ctx, issue, { assigneeUserId: action.userId });
      return `assignee → user ${action.userId}`;
    case "assign_agent":
      await assertAgent(ctx, action.agentId);
      await applyAssignment(ctx, issue, { assigneeAgentId: action.agentId });
      return `assignee → AI agent ${action.agentId}`;
    case "assign_in_team": {
      const pick = await assignWithinTeam(ctx, issue, action.strategy === "team_rules" ? undefined : action.strategy);
      return pick ? `assignee → ${pick.name} (${pick.rule})` : "no team member to assign";
    }
    case "set_priority":
      await setPriority(ctx, issue.number, action.priority, "trigger");
      return `priority → ${action.priority}`;
    case "add_tags":
    case "remove_tags":
      await setTags(ctx, issue.number, nextTags(issue, action));
      return `${action.type === "add_tags" ? "tags +" : "tags −"} ${action.tags.join(", ")}`;
    case "set_field":
      await setIssueFields(ctx, issue.number, { [action.key]: action.value });
      return `${action.key} → ${JSON.stringify(action.value)}`;
    case "set_state":
      await changeState(ctx, issue.number, action.state);
      return `state → ${action.state}`;
    case "macro_reply":
      await applyMacro(ctx, issue.number, action.macroId);
      return `macro ${action.macroId} applied`;
    case "internal_note":
      await addMessage(ctx, issue, { visibility: "internal", bodyText: action.body, author: { type: "system" } });
      return "internal note added";
  }
}

function nextTags(issue: IssueRow, action: { type: "add_tags" | "remove_tags"; tags: string[] }): string[] {
  const tags = normaliseTags(action.tags);
  return action.type === "add_tags" ? [...issue.tags, ...tags] : issue.tags.filter((t) => !tags.includes(t));
}

async function assertAgent(ctx: CommandContext, agentId: string) {
  const [agent] = await ctx.tx
    .select({ id: aiAgents.id })
    .from(aiAgents)
    .where(and(eq(aiAgents.workspaceId, ctx.workspaceId), eq(aiAgents.id, agentId)));
  if (!agent) throw notFound("AI agent");
}
