// The condition languages: what a saved view selects and what a trigger tests. Semantics live in
// apps/server/src/domain/views.ts and domain/triggers.ts.
import { z } from "zod";
import { Channel, IssueState, Priority, Uuid } from "./primitives";
import { CONDITION_OPS } from "./vocabulary";

// ---- views ------------------------------------------------------------------------------
const Values = z.array(z.string().trim().min(1).max(200)).min(1).max(100);
export const ViewCondition = z.discriminatedUnion("field", [
  z.strictObject({ field: z.literal("state"), op: z.enum(["in", "not_in"]), values: z.array(IssueState).min(1) }),
  z.strictObject({ field: z.literal("priority"), op: z.enum(["in", "not_in"]), values: z.array(Priority).min(1) }),
  z.strictObject({ field: z.literal("channel"), op: z.enum(["in", "not_in"]), values: z.array(Channel).min(1) }),
  z.strictObject({ field: z.literal("account_type"), op: z.enum(["in", "not_in"]), values: Values }),
  z.strictObject({ field: z.literal("account_tier"), op: z.enum(["in", "not_in"]), values: Values }),
  ...(["team", "assignee", "account", "account_owner"] as const).map((field) =>
    z.strictObject({
      field: z.literal(field),
      op: z.enum(["in", "not_in"]),
      values: z
        .array(z.union([Uuid, z.literal("me"), z.literal("none")]))
        .min(1)
        .max(100),
    }),
  ),
  z.strictObject({ field: z.literal("tag"), op: z.enum(["has_any", "has_none"]), values: Values }),
  z.strictObject({
    field: z.literal("field"),
    key: z.string().regex(/^[a-z][a-z0-9_]{0,62}$/),
    op: z.enum(["in", "not_in", "is_set", "not_set"]),
    values: z
      .array(z.union([z.string().max(200), z.number(), z.boolean()]))
      .max(100)
      .optional(),
  }),
  z.strictObject({
    field: z.enum(["created", "updated"]),
    op: z.enum(["within_days", "older_than_days"]),
    days: z.number().int().min(0).max(3650),
  }),
  z.strictObject({ field: z.literal("text"), op: z.literal("matches"), query: z.string().trim().min(1).max(500) }),
]);
export const ViewFilter = z.strictObject({
  match: z.enum(["all", "any"]).default("all"),
  conditions: z.array(ViewCondition).max(50).default([]),
});

// ---- triggers ---------------------------------------------------------------------------

/**
 * Condition fields are dotted paths into the facts: `account.type`, `account.tier`,
 * `account.owner`, `account.field.<key>`, `contact.email`, `contact.domain`, `issue.channel`,
 * `issue.source.<key>` (inbox address, Slack channel…), `issue.title`, `issue.team`, `issue.priority`,
 * `issue.state`, `issue.tags`, `issue.field.<key>`, `message.text`, `message.author`,
 * `change.field`, `change.to`, `time.hour`, `time.weekday`, `time.hours_since_customer_message`,
 * `time.business_hours_since_customer_message`.
 */
const FIELD_PATTERN = /^(account|contact|issue|message|change|time)\.[a-z_]+(\.[A-Za-z0-9_.:@-]+)?$/;

export const TriggerCondition = z.strictObject({
  field: z.string().max(200).regex(FIELD_PATTERN, "unknown condition field"),
  op: z.enum(CONDITION_OPS),
  value: z.union([z.string().max(1000), z.number(), z.boolean(), z.array(z.string().max(200)).max(100)]).optional(),
});
export type TriggerCondition = z.infer<typeof TriggerCondition>;

export type ConditionNode = TriggerCondition | { all: ConditionNode[] } | { any: ConditionNode[] };
export const ConditionNode: z.ZodType<ConditionNode> = z.lazy(() =>
  z.union([
    TriggerCondition,
    z.strictObject({ all: z.array(ConditionNode).max(50) }),
    z.strictObject({ any: z.array(ConditionNode).max(50) }),
  ]),
);
