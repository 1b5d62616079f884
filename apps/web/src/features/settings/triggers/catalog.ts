// What a condition can look at, in agents' words, and which comparisons make sense for each kind
// of value. Which fields and operators a context allows comes from the shared field catalog
// (@switchboard/api/conditionFields), the one the server validates with; custom fields join the
// list from the workspace's own definitions.
import {
  type ConditionContext,
  type ConditionOp,
  conditionField,
  isListOp as opIsList,
  needsValue as opNeedsValue,
  opsFor,
} from "@switchboard/api/conditionFields";
import { accountTypes, messageAuthorTypes, SLA_TARGETS } from "@switchboard/api/vocabulary";
import type { CustomField } from "../../../api/types";
import { CHANNEL_LABELS, ISSUE_STATES, PRIORITIES, PRIORITY_LABELS, STATE_LABELS } from "../../issueDisplay/labels";
import type { Option } from "../Fields";

export type { ConditionContext };
export type ValueKind =
  | "enum"
  | "text"
  | "number"
  | "boolean"
  | "team"
  | "user"
  | "account"
  | "tags"
  | "days"
  | "minutes"
  | "search";
export type FieldSpec = { path: string; label: string; group: string; kind: ValueKind; options?: Option[] };

const opts = (values: readonly string[], label: (v: string) => string = (v) => v) =>
  values.map((value) => ({ value, label: label(value) }));

const SLA_STATES = ["breached", "running", "paused"] as const;
const SLA_STATE_LABELS = { breached: "Breached", running: "Running", paused: "Paused" };
const SLA_TARGET_LABELS = {
  first_response: "First response",
  next_response: "Next response",
  resolution: "Resolution",
};

const BUILT_IN: FieldSpec[] = [
  {
    path: "issue.channel",
    label: "Channel",
    group: "Issue",
    kind: "enum",
    options: opts(Object.keys(CHANNEL_LABELS), (v) => CHANNEL_LABELS[v as keyof typeof CHANNEL_LABELS]),
  },
  { path: "issue.title", label: "Title", group: "Issue", kind: "text" },
  { path: "issue.team", label: "Team", group: "Issue", kind: "team" },
  { path: "issue.assignee", label: "Assignee", group: "Issue", kind: "user" },
  {
    path: "issue.priority",
    label: "Priority",
    group: "Issue",
    kind: "enum",
    options: opts(PRIORITIES, (v) => PRIORITY_LABELS[v as keyof typeof PRIORITY_LABELS]),
  },
  {
    path: "issue.state",
    label: "State",
    group: "Issue",
    kind: "enum",
    options: opts(ISSUE_STATES, (v) => STATE_LABELS[v as keyof typeof STATE_LABELS]),
  },
  { path: "issue.tags", label: "Tags", group: "Issue", kind: "tags" },
  /** Written by "Save as view" on a topic's page; the value is the topic's id (views only). */
  { path: "issue.topic", label: "Common topic (id)", group: "Issue", kind: "text" },
  { path: "issue.account", label: "Account", group: "Issue", kind: "account" },
  { path: "issue.created_at", label: "Created", group: "Issue", kind: "days" },
  { path: "issue.updated_at", label: "Updated", group: "Issue", kind: "days" },
  { path: "issue.text", label: "Text", group: "Issue", kind: "search" },
  { path: "issue.source.inbox", label: "Email inbox address", group: "Issue", kind: "text" },
  { path: "account.type", label: "Account type", group: "Account", kind: "enum", options: opts(accountTypes) },
  { path: "account.tier", label: "Account tier", group: "Account", kind: "text" },
  { path: "account.name", label: "Account name", group: "Account", kind: "text" },
  { path: "account.owner", label: "Account owner", group: "Account", kind: "user" },
  { path: "account.tags", label: "Account tags", group: "Account", kind: "text" },
  { path: "contact.email", label: "Requester email", group: "Requester", kind: "text" },
  { path: "contact.domain", label: "Requester email domain", group: "Requester", kind: "text" },
  { path: "contact.name", label: "Requester name", group: "Requester", kind: "text" },
  { path: "message.text", label: "Message text", group: "Message", kind: "text" },
  {
    path: "message.author",
    label: "Message author",
    group: "Message",
    kind: "enum",
    options: opts(messageAuthorTypes),
  },
  { path: "change.field", label: "Changed property", group: "Change", kind: "text" },
  { path: "change.to", label: "Changed to", group: "Change", kind: "text" },
  { path: "time.hour", label: "Hour of day (UTC)", group: "Time", kind: "number" },
  { path: "time.weekday", label: "Weekday (0 = Sunday)", group: "Time", kind: "number" },
  { path: "time.hours_since_customer_message", label: "Hours since customer message", group: "Time", kind: "number" },
  {
    path: "sla.state",
    label: "SLA state",
    group: "SLA",
    kind: "enum",
    options: opts(SLA_STATES, (v) => SLA_STATE_LABELS[v as keyof typeof SLA_STATE_LABELS]),
  },
  {
    path: "sla.breached",
    label: "SLA target missed",
    group: "SLA",
    kind: "enum",
    options: opts(SLA_TARGETS, (v) => SLA_TARGET_LABELS[v as keyof typeof SLA_TARGET_LABELS]),
  },
  { path: "sla.due_in", label: "Next SLA target due in (minutes)", group: "SLA", kind: "minutes" },
  { path: "sla.first_response_due_in", label: "First response due in (minutes)", group: "SLA", kind: "minutes" },
  { path: "sla.next_response_due_in", label: "Next response due in (minutes)", group: "SLA", kind: "minutes" },
  { path: "sla.resolution_due_in", label: "Resolution due in (minutes)", group: "SLA", kind: "minutes" },
];

type FieldDefinition = Pick<CustomField, "object" | "key" | "label" | "type" | "options">;

function customSpec(f: FieldDefinition): FieldSpec {
  const kind: ValueKind =
    f.type === "number"
      ? "number"
      : f.type === "boolean"
        ? "boolean"
        : f.type === "select" || f.type === "multiselect"
          ? "enum"
          : f.type === "user"
            ? "user"
            : "text";
  return {
    path: `${f.object}.field.${f.key}`,
    label: f.label,
    group: f.object === "issue" ? "Issue fields" : "Account fields",
    kind,
    options: f.options ? opts(f.options) : undefined,
  };
}

/** The fields a context can use: triggers see the event, views only what issues store. */
export function fieldCatalog(fields: FieldDefinition[], context: ConditionContext): FieldSpec[] {
  return [...BUILT_IN, ...fields.map(customSpec)].filter((s) => conditionField(s.path)?.contexts.includes(context));
}

export const OP_LABEL: Record<ConditionOp, string> = {
  eq: "is",
  neq: "is not",
  in: "is any of",
  not_in: "is none of",
  contains: "contains",
  not_contains: "does not contain",
  matches: "matches pattern",
  is_set: "is set",
  is_not_set: "is empty",
  gt: ">",
  gte: "≥",
  lt: "<",
  lte: "≤",
  within_days: "within the last (days)",
  older_than_days: "more than (days) ago",
  search: "has the words",
};

/** The comparisons offered per kind, in the order the editor lists them. */
const OPS_BY_KIND: Record<ValueKind, ConditionOp[]> = {
  enum: ["in", "not_in", "is_set", "is_not_set"],
  team: ["in", "not_in", "is_set", "is_not_set"],
  user: ["in", "not_in", "is_set", "is_not_set"],
  account: ["in", "not_in", "is_set", "is_not_set"],
  tags: ["in", "not_in", "is_set", "is_not_set"],
  text: ["contains", "not_contains", "eq", "neq", "matches", "is_set", "is_not_set"],
  number: ["gte", "gt", "lte", "lt", "eq", "neq", "is_set", "is_not_set"],
  boolean: ["eq", "is_set", "is_not_set"],
  days: ["within_days", "older_than_days"],
  minutes: ["lte", "lt", "gte", "gt", "is_set", "is_not_set"],
  search: ["search"],
};

/** The comparisons a field offers in a context: the kind's, as far as the catalog allows them. */
export function opsOf(spec: FieldSpec, context: ConditionContext): ConditionOp[] {
  const def = conditionField(spec.path);
  const allowed = def ? opsFor(def, context) : OPS_BY_KIND[spec.kind];
  return OPS_BY_KIND[spec.kind].filter((op) => allowed.includes(op));
}

/** A field path not in the catalog (typed by hand, or a deleted custom field) is treated as text. */
export function specFor(catalog: FieldSpec[], path: string): FieldSpec {
  return catalog.find((s) => s.path === path) ?? { path, label: path, group: "Other", kind: "text" };
}

export const needsValue = opNeedsValue;
export const isListOp = opIsList;

/** The empty value that fits a kind and an operator. */
export function blankValue(kind: ValueKind, op: ConditionOp) {
  if (!needsValue(op)) return undefined;
  if (isListOp(op)) return [] as string[];
  if (kind === "number") return 0;
  if (kind === "days") return 7;
  if (kind === "minutes") return 30;
  if (kind === "boolean") return true;
  return "";
}
