// Trigger shapes as the /triggers API speaks them. They mirror apps/server/src/domain/triggers.ts
// (the server validates again); the web app keeps its own copy so zod stays out of the bundle.
import type { Condition, ConditionNode, ConditionOp } from "@switchboard/api";
import type { IssueState, Priority } from "../../../api/types";

export const TRIGGER_EVENTS = ["issue_created", "message_received", "issue_changed", "no_reply"] as const;
export type TriggerEvent = (typeof TRIGGER_EVENTS)[number];

export const EVENT_LABEL: Record<TriggerEvent, string> = {
  issue_created: "An issue is created",
  message_received: "A customer message arrives",
  issue_changed: "An issue changes",
  no_reply: "A customer waits for a reply",
};

// The condition language is shared with views; its types come from the API package (type-only).
export type { Condition, ConditionNode, ConditionOp, ConditionValue } from "@switchboard/api";

export const ASSIGN_STRATEGIES = ["team_rules", "round_robin", "least_loaded"] as const;

export type TriggerAction =
  | { type: "set_team"; teamId: string }
  | { type: "assign_user"; userId: string }
  | { type: "assign_agent"; agentId: string }
  | { type: "assign_in_team"; strategy: (typeof ASSIGN_STRATEGIES)[number] }
  | { type: "set_priority"; priority: Priority }
  | { type: "add_tags"; tags: string[] }
  | { type: "remove_tags"; tags: string[] }
  | { type: "set_field"; key: string; value: string | number | boolean | string[] | null }
  | { type: "set_state"; state: IssueState }
  | { type: "macro_reply"; macroId: string }
  | { type: "internal_note"; body: string };
export type ActionType = TriggerAction["type"];

export type Trigger = {
  id: string;
  name: string;
  event: TriggerEvent;
  position: number;
  enabled: boolean;
  conditions: ConditionNode;
  actions: TriggerAction[];
  noReplyHours: number | null;
  invalidReason: string | null;
};

export type TriggerInput = Omit<Trigger, "id" | "invalidReason">;

export type TraceStep = { field: string; op: ConditionOp; value?: unknown; actual: unknown; matched: boolean };
export type DryRunResult = { checked: number; matches: { number: number; title: string; trace: TraceStep[] }[] };

export const isLeaf = (node: ConditionNode): node is Condition => "field" in node;

/** A condition tree as the editor shows one level of it: all / any of a list (a lone condition is "all of" itself). */
export function topLevel(node: ConditionNode): { match: "all" | "any"; items: ConditionNode[] } {
  if ("all" in node) return { match: "all", items: node.all };
  if ("any" in node) return { match: "any", items: node.any };
  return { match: "all", items: [node] };
}
