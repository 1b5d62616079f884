// Trigger shapes as the /triggers API speaks them: the shared schemas' types (type-only, so zod
// stays out of the bundle) and their words from the zod-free vocabulary.
import type { Condition, ConditionNode, TriggerEvent, Trigger as TriggerOut } from "@switchboard/api";

export type {
  ConditionNode,
  ConditionOp,
  ConditionTrace as TraceStep,
  DryRunResult,
  TriggerAction,
  TriggerEvent,
} from "@switchboard/api";
export { ASSIGN_STRATEGIES, TRIGGER_EVENTS } from "@switchboard/api/vocabulary";

export const EVENT_LABEL: Record<TriggerEvent, string> = {
  issue_created: "An issue is created",
  message_received: "A customer message arrives",
  issue_changed: "An issue changes",
  no_reply: "A customer waits for a reply",
  sla_warning: "An SLA target will be missed soon",
  sla_breached: "An SLA target is missed",
};

// The condition language is shared with views; its types come from the API package (type-only).
export type { Condition, ConditionValue } from "@switchboard/api";
export type Trigger = TriggerOut;
export type ActionType = Trigger["actions"][number]["type"];
/** What the trigger dialog edits and sends. */
export type TriggerInput = Pick<
  Trigger,
  "name" | "event" | "position" | "enabled" | "conditions" | "actions" | "noReplyHours" | "slaWarningMinutes"
>;

export const isLeaf = (node: ConditionNode): node is Condition => "field" in node;

/** A condition tree as the editor shows one level of it: all / any of a list (a lone condition is "all of" itself). */
export function topLevel(node: ConditionNode): { match: "all" | "any"; items: ConditionNode[] } {
  if ("all" in node) return { match: "all", items: node.all };
  if ("any" in node) return { match: "any", items: node.any };
  return { match: "all", items: [node] };
}
