// A trigger action in words ("Move to Sales", "Assign to Tom Lindqvist"), for the activity log
// and the routing tester. Pure: the caller looks the names up.
import type { TriggerAction } from "@switchboard/api";

export interface ActionNames {
  team(id: string): string | undefined;
  user(id: string): string | undefined;
  agent(id: string): string | undefined;
  macro(id: string): string | undefined;
}

const STRATEGY: Record<Extract<TriggerAction, { type: "assign_in_team" }>["strategy"], string> = {
  team_rules: "by the team's rules",
  round_robin: "round-robin",
  least_loaded: "to the least loaded member",
};

export function describeTriggerAction(action: TriggerAction, names: ActionNames): string {
  const or = (name: string | undefined, what: string) => name ?? `a deleted ${what}`;
  switch (action.type) {
    case "set_team":
      return `Move to ${or(names.team(action.teamId), "team")}`;
    case "assign_user":
      return `Assign to ${or(names.user(action.userId), "user")}`;
    case "assign_agent":
      return `Assign to the AI agent ${or(names.agent(action.agentId), "AI agent")}`;
    case "assign_in_team":
      return `Assign within the team ${STRATEGY[action.strategy]}`;
    case "set_priority":
      return `Set priority to ${action.priority}`;
    case "add_tags":
      return `Add tags ${action.tags.join(", ")}`;
    case "remove_tags":
      return `Remove tags ${action.tags.join(", ")}`;
    case "set_field":
      return action.value === null ? `Clear ${action.key}` : `Set ${action.key} to ${valueText(action.value)}`;
    case "set_state":
      return `Set state to ${action.state.replaceAll("_", " ")}`;
    case "macro_reply":
      return `Reply with the macro ${or(names.macro(action.macroId), "macro")}`;
    case "internal_note":
      return "Add an internal note";
  }
}

function valueText(value: string | number | boolean | string[]): string {
  return Array.isArray(value) ? value.join(", ") : String(value);
}
