// The view filter language as the editor presents it: which fields exist, their operators,
// and a sensible blank condition when the agent picks a field.
import type { Condition } from "../../api/types";

export type ConditionField = Condition["field"];

export const FIELD_LABELS: Record<ConditionField, string> = {
  state: "State",
  priority: "Priority",
  channel: "Channel",
  team: "Team",
  assignee: "Assignee",
  account: "Account",
  account_owner: "Account owner",
  account_type: "Account type",
  account_tier: "Account tier",
  tag: "Tags",
  field: "Custom field",
  created: "Created",
  updated: "Updated",
  text: "Text",
};

export const FIELDS = Object.keys(FIELD_LABELS) as ConditionField[];

export const OP_LABELS: Record<string, string> = {
  in: "is any of",
  not_in: "is none of",
  has_any: "has any of",
  has_none: "has none of",
  is_set: "is set",
  not_set: "is not set",
  within_days: "within the last (days)",
  older_than_days: "more than (days) ago",
  matches: "matches",
};

export const ACCOUNT_TYPES = ["prospect", "trial", "customer", "churned"];

export function blankCondition(field: ConditionField): Condition {
  switch (field) {
    case "state":
      return { field, op: "in", values: ["new", "on_you"] };
    case "priority":
      return { field, op: "in", values: ["urgent", "high"] };
    case "channel":
      return { field, op: "in", values: ["slack"] };
    case "account_type":
      return { field, op: "in", values: ["customer"] };
    case "account_tier":
      return { field, op: "in", values: [] };
    case "team":
    case "account":
    case "account_owner":
      return { field, op: "in", values: [] };
    case "assignee":
      return { field, op: "in", values: ["me"] };
    case "tag":
      return { field, op: "has_any", values: [] };
    case "field":
      return { field, key: "", op: "is_set" };
    case "created":
    case "updated":
      return { field, op: "within_days", days: 7 };
    case "text":
      return { field, op: "matches", query: "" };
  }
}

export function opsOf(field: ConditionField): string[] {
  if (field === "tag") return ["has_any", "has_none"];
  if (field === "field") return ["in", "not_in", "is_set", "not_set"];
  if (field === "created" || field === "updated") return ["within_days", "older_than_days"];
  if (field === "text") return ["matches"];
  return ["in", "not_in"];
}

/** What is still missing before the server would accept this condition, if anything. */
export function problemOf(c: Condition): string | null {
  if (c.field === "text") return c.query.trim() ? null : "Type the text to match.";
  if (c.field === "created" || c.field === "updated") return null;
  if (c.field === "field") {
    if (!c.key) return "Pick a custom field.";
    if ((c.op === "in" || c.op === "not_in") && !c.values?.length) return "Pick at least one value.";
    return null;
  }
  return "values" in c && c.values.length ? null : `Pick at least one ${FIELD_LABELS[c.field].toLowerCase()} value.`;
}
