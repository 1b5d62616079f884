// The one condition language: nested all/any groups of `{field, op, value}` leaves, checked
// against the field catalog (conditionFields.ts) for the context that uses it. Views take it as
// their `filter`, triggers as their `conditions`. Semantics: apps/server/src/domain/conditions/.
import { z } from "zod";
import { type ConditionContext, leafProblem } from "./conditionFields";
import { LegacyViewFilter, legacyViewFilterToNode } from "./legacyViewFilter";
import { CONDITION_OPS } from "./vocabulary";

/**
 * Fields are dotted paths into the facts: `account.type`, `account.tier`, `account.owner`,
 * `account.field.<key>`, `contact.email`, `contact.domain`, `issue.channel`,
 * `issue.source.<key>` (inbox address, Slack channel…), `issue.title`, `issue.team`,
 * `issue.priority`, `issue.state`, `issue.tags`, `issue.topic` (topic ids), `issue.field.<key>`, `issue.created_at`,
 * `issue.text`, `message.text`, `message.author`, `change.field`, `change.to`, `time.hour`,
 * `time.weekday`, `time.hours_since_customer_message`, `time.business_hours_since_customer_message`,
 * `sla.policy`, `sla.state`, `sla.breached`, `sla.due_in`, `sla.<target>_due_in` (minutes).
 */
const FIELD_PATTERN = /^(account|contact|issue|message|change|time|sla)\.[a-z_]+(\.[A-Za-z0-9_.:@-]+)?$/;

const Scalar = z.union([z.string().max(200), z.number(), z.boolean()]);
export const ConditionValue = z.union([z.string().max(1000), z.number(), z.boolean(), z.array(Scalar).max(100)]);
export type ConditionValue = z.infer<typeof ConditionValue>;

export const Condition = z.strictObject({
  field: z.string().max(200).regex(FIELD_PATTERN, "unknown condition field"),
  op: z.enum(CONDITION_OPS),
  value: ConditionValue.optional(),
});
export type Condition = z.infer<typeof Condition>;

export type ConditionNode = Condition | { all: ConditionNode[] } | { any: ConditionNode[] };
/** Typed on both sides, so a client reading a stored tree gets the tree, not `unknown`. */
export const ConditionNode: z.ZodType<ConditionNode, ConditionNode> = z.lazy(() =>
  z.union([
    Condition,
    z.strictObject({ all: z.array(ConditionNode).max(50) }),
    z.strictObject({ any: z.array(ConditionNode).max(50) }),
  ]),
);

/** Every leaf of a tree, in evaluation order. */
export function conditionLeaves(node: ConditionNode): Condition[] {
  if ("all" in node) return node.all.flatMap(conditionLeaves);
  if ("any" in node) return node.any.flatMap(conditionLeaves);
  return [node];
}

/** Refuses leaves that the context cannot evaluate. */
function fitsContext(context: ConditionContext) {
  return (node: ConditionNode, ctx: z.RefinementCtx) => {
    for (const leaf of conditionLeaves(node)) {
      const problem = leafProblem(leaf, context);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    }
  };
}

/** A condition tree checked against the catalog for one context. */
export function conditionsFor(context: ConditionContext) {
  return ConditionNode.superRefine(fitsContext(context));
}

/** What a trigger tests: an event on an issue. */
export const TriggerConditions = conditionsFor("event");

/**
 * A view's filter: which stored issues it selects. The view dialect of earlier versions
 * (`{match, conditions: [{field: "team", op: "in", values}]}`) is still accepted and rewritten.
 */
export const ViewFilter = z.union([
  conditionsFor("issue"),
  LegacyViewFilter.transform(legacyViewFilterToNode).superRefine(fitsContext("issue")),
]);

// Earlier names of the trigger leaf, kept for the routes and the web app that use them.
export { Condition as TriggerCondition };
