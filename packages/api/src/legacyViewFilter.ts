// The view filter dialect of earlier versions, still accepted on input and rewritten into the one
// condition language. The SQL migration 0010_one_condition_language does the same to stored views;
// the two are tested against each other (apps/server/test/conditionsMigration.test.ts).
import { z } from "zod";
import type { ConditionNode } from "./conditions";
import { Channel, IssueState, Priority, Uuid } from "./primitives";

const Values = z.array(z.string().trim().min(1).max(200)).min(1).max(100);
const Ids = z
  .array(z.union([Uuid, z.literal("me"), z.literal("none")]))
  .min(1)
  .max(100);
const inOrNot = z.enum(["in", "not_in"]);

export const LegacyViewCondition = z.discriminatedUnion("field", [
  z.strictObject({ field: z.literal("state"), op: inOrNot, values: z.array(IssueState).min(1) }),
  z.strictObject({ field: z.literal("priority"), op: inOrNot, values: z.array(Priority).min(1) }),
  z.strictObject({ field: z.literal("channel"), op: inOrNot, values: z.array(Channel).min(1) }),
  z.strictObject({ field: z.literal("account_type"), op: inOrNot, values: Values }),
  z.strictObject({ field: z.literal("account_tier"), op: inOrNot, values: Values }),
  z.strictObject({ field: z.literal("team"), op: inOrNot, values: Ids }),
  z.strictObject({ field: z.literal("assignee"), op: inOrNot, values: Ids }),
  z.strictObject({ field: z.literal("account"), op: inOrNot, values: Ids }),
  z.strictObject({ field: z.literal("account_owner"), op: inOrNot, values: Ids }),
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
export type LegacyViewCondition = z.infer<typeof LegacyViewCondition>;

export const LegacyViewFilter = z.strictObject({
  match: z.enum(["all", "any"]).default("all"),
  conditions: z.array(LegacyViewCondition).max(50).default([]),
});
export type LegacyViewFilter = z.infer<typeof LegacyViewFilter>;

/** The legacy field names as dotted paths of the one language. */
export const LEGACY_VIEW_FIELDS = {
  state: "issue.state",
  priority: "issue.priority",
  channel: "issue.channel",
  team: "issue.team",
  assignee: "issue.assignee",
  account: "issue.account",
  account_owner: "account.owner",
  account_type: "account.type",
  account_tier: "account.tier",
  tag: "issue.tags",
  created: "issue.created_at",
  updated: "issue.updated_at",
  text: "issue.text",
} as const;

export function legacyViewFilterToNode(filter: LegacyViewFilter): ConditionNode {
  const leaves = filter.conditions.map(legacyConditionToNode);
  return filter.match === "any" ? { any: leaves } : { all: leaves };
}

function legacyConditionToNode(c: LegacyViewCondition): ConditionNode {
  switch (c.field) {
    case "field":
      if (c.op === "is_set" || c.op === "not_set")
        return { field: `issue.field.${c.key}`, op: c.op === "is_set" ? "is_set" : "is_not_set" };
      return { field: `issue.field.${c.key}`, op: c.op, value: c.values ?? [] };
    case "tag":
      return { field: LEGACY_VIEW_FIELDS.tag, op: c.op === "has_any" ? "in" : "not_in", value: c.values };
    case "created":
    case "updated":
      return { field: LEGACY_VIEW_FIELDS[c.field], op: c.op, value: c.days };
    case "text":
      return { field: LEGACY_VIEW_FIELDS.text, op: "search", value: c.query };
    default:
      return { field: LEGACY_VIEW_FIELDS[c.field], op: c.op, value: c.values };
  }
}

/** A stored or posted filter in either dialect, as the one language; null when it is neither. */
export function toConditionNode(filter: unknown): ConditionNode | null {
  if (isNode(filter)) return filter;
  const legacy = LegacyViewFilter.safeParse(filter ?? {});
  return legacy.success ? legacyViewFilterToNode(legacy.data) : null;
}

function isNode(v: unknown): v is ConditionNode {
  if (typeof v !== "object" || v === null) return false;
  return "all" in v || "any" in v || ("field" in v && typeof v.field === "string" && v.field.includes("."));
}
