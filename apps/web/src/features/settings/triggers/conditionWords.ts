// A traced condition in words, for dry runs and the routing tester: "Account type is any of
// prospect, trial — was customer". Ids of teams and people read as their names.
import type { ConditionOp } from "@switchboard/api/conditionFields";
import { OP_LABEL } from "./catalog";

export interface TracedCondition {
  field: string;
  op: ConditionOp;
  value?: unknown;
  actual?: unknown;
}

export type NameOf = (id: string) => string | undefined;

export function valueWords(value: unknown, nameOf: NameOf): string {
  if (value === null || value === undefined || value === "" || (Array.isArray(value) && value.length === 0))
    return "empty";
  if (Array.isArray(value)) return value.map((v) => valueWords(v, nameOf)).join(", ");
  if (typeof value === "string") return nameOf(value) ?? value;
  if (typeof value === "boolean") return value ? "yes" : "no";
  return String(value);
}

export function conditionWords(c: TracedCondition, labelOf: (path: string) => string, nameOf: NameOf): string {
  const needsValue = c.op !== "is_set" && c.op !== "is_not_set";
  return `${labelOf(c.field)} ${OP_LABEL[c.op]}${needsValue ? ` ${valueWords(c.value, nameOf)}` : ""}`;
}
