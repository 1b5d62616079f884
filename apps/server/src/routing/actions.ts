// A trigger's actions, each carried out by the same command a person would use.
import { and, eq } from "drizzle-orm";
import type { CommandContext } from "../commands/context";
import { applyAssignment, changeState, normaliseTags, setIssueFields, setPriority, setTags } from "../commands/issues";
import { type IssueRow, loadIssueByIdForUpdate } from "../commands/lookup";
import { applyMacro } from "../commands/macros";
import { addMessage } from "../commands/messages";
import { aiAgents } from "../db/schema";
import { notFound } from "../domain/errors";
import { type ActionNames, describeTriggerAction } from "../domain/triggerActions";
import type { TriggerAction } from "../domain/triggers";
import { assignWithinTeam } from "./assignment";

/**
 * Applies one action to the issue (reloaded FOR UPDATE); returns what it did in words, for the
 * activity log ("Move to Sales", "Assign to Tom Lindqvist (round-robin)").
 */
export async function applyTriggerAction(
  ctx: CommandContext,
  issueId: string,
  action: TriggerAction,
  names: ActionNames,
): Promise<string> {
  const issue = await loadIssueByIdForUpdate(ctx, issueId);
  const done = describeTriggerAction(action, names);
  switch (action.type) {
    case "set_team":
      await applyAssignment(ctx, issue, { teamId: action.teamId });
      return done;
    case "assign_user":
      await applyAssignment(ctx, issue, { assigneeUserId: action.userId });
      return done;
    case "assign_agent":
      await assertAgent(ctx, action.agentId);
      await applyAssignment(ctx, issue, { assigneeAgentId: action.agentId });
      return done;
    case "assign_in_team": {
      const pick = await assignWithinTeam(ctx, issue, action.strategy === "team_rules" ? undefined : action.strategy);
      return pick ? `Assign to ${pick.name} (${pick.rule})` : "No team member to assign";
    }
    case "set_priority":
      await setPriority(ctx, issue.number, action.priority, "trigger");
      return done;
    case "add_tags":
    case "remove_tags":
      await setTags(ctx, issue.number, nextTags(issue, action));
      return done;
    case "set_field":
      await setIssueFields(ctx, issue.number, { [action.key]: action.value });
      return done;
    case "set_state":
      await changeState(ctx, issue.number, action.state);
      return done;
    case "macro_reply":
      await applyMacro(ctx, issue.number, action.macroId);
      return done;
    case "internal_note":
      await addMessage(ctx, issue, { visibility: "internal", bodyText: action.body, author: { type: "system" } });
      return done;
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
