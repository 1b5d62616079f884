// Custom field values: type checking and the required-on-close rule, over plain data.
import { aiFieldLimits } from "@switchboard/api/vocabulary";

export type CustomFieldType = "text" | "number" | "boolean" | "date" | "select" | "multiselect" | "url" | "user";

export interface FieldDefinition {
  key: string;
  label: string;
  type: CustomFieldType;
  options: readonly string[];
  requiredOnClose: boolean;
}

export type FieldCheck = { ok: true; value: unknown } | { ok: false; reason: string };

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Checks one value against its field; `null` always clears a value. */
export function checkFieldValue(field: FieldDefinition, value: unknown): FieldCheck {
  if (value === null) return { ok: true, value: null };
  const fail = (what: string): FieldCheck => ({ ok: false, reason: `${field.label} ${what}` });
  switch (field.type) {
    case "text":
      return typeof value === "string" && value.length <= 10_000
        ? { ok: true, value }
        : fail("must be text of at most 10,000 characters");
    case "number":
      return typeof value === "number" && Number.isFinite(value) ? { ok: true, value } : fail("must be a number");
    case "boolean":
      return typeof value === "boolean" ? { ok: true, value } : fail("must be true or false");
    case "date":
      return typeof value === "string" && ISO_DATE.test(value) && !Number.isNaN(Date.parse(value))
        ? { ok: true, value }
        : fail("must be a date (YYYY-MM-DD)");
    case "url":
      return typeof value === "string" && URL.canParse(value) && /^https?:/i.test(value)
        ? { ok: true, value }
        : fail("must be an http(s) URL");
    case "user":
      return typeof value === "string" && UUID.test(value) ? { ok: true, value } : fail("must be a user id");
    case "select":
      return typeof value === "string" && field.options.includes(value)
        ? { ok: true, value }
        : fail(`must be one of: ${field.options.join(", ")}`);
    case "multiselect":
      return Array.isArray(value) && value.every((v) => typeof v === "string" && field.options.includes(v))
        ? { ok: true, value: [...new Set(value)] }
        : fail(`must be a list of: ${field.options.join(", ")}`);
  }
}

/** Labels of required fields that have no value: an issue cannot close until they are set. */
export function missingRequiredOnClose(
  fields: readonly FieldDefinition[],
  values: Readonly<Record<string, unknown>>,
): string[] {
  return fields.filter((f) => f.requiredOnClose && isEmpty(values[f.key])).map((f) => f.label);
}

function isEmpty(value: unknown): boolean {
  return value === undefined || value === null || value === "" || (Array.isArray(value) && value.length === 0);
}

/**
 * Why one more AI-supported field is refused on this plan (two below Enterprise, no limit on it),
 * or undefined when it fits. `enabled` counts the workspace's other AI fields. A downgrade keeps
 * fields already enabled; only new ones are refused.
 */
export function aiFieldLimitProblem(plan: keyof typeof aiFieldLimits, enabled: number): string | undefined {
  const limit = aiFieldLimits[plan];
  if (limit === null || enabled < limit) return undefined;
  const tier = plan === "free" ? "Free" : "Pro";
  return `The ${tier} plan allows ${limit} AI-supported custom fields and ${enabled} already ${enabled === 1 ? "is" : "are"} on: turn AI off on one of them, or move to Enterprise (no limit).`;
}
