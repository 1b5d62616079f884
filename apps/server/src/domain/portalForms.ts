// Pure rules of portal ticket forms: what a submission must hold before it becomes an issue.
// Every required field present (else `form_incomplete`, 422, naming each missing field), nothing
// the form does not ask for, numbers as numbers. The custom-field catalog checks the values then.
import type { PortalFormView } from "@switchboard/api";
import { AppError, invalid } from "./errors";

export interface Submission {
  subject: string;
  description: string;
  fields: Record<string, string | number | string[]>;
  files?: { filename: string; contentType: string; data: string }[];
  clientId: string;
}

const isEmpty = (value: unknown) =>
  value === undefined ||
  value === null ||
  (typeof value === "string" && value.trim() === "") ||
  (Array.isArray(value) && value.length === 0);

/** The custom-field values to set on the new issue; throws when the submission is incomplete. */
export function checkSubmission(form: PortalFormView, input: Submission): Record<string, unknown> {
  const missing: Record<string, string> = {};
  if (isEmpty(input.subject)) missing.subject = "Subject is required.";
  if (isEmpty(input.description)) missing.description = "Description is required.";
  const known = new Map(form.fields.map((f) => [f.key, f]));
  for (const field of form.fields) {
    const given = field.type === "file" ? input.files?.[0] : input.fields[field.key];
    if (field.required && isEmpty(given)) missing[field.key] = `${field.label} is required.`;
  }
  if (Object.keys(missing).length > 0) {
    const builtIn: Record<string, string> = { subject: "Subject", description: "Description" };
    const labels = Object.keys(missing).map((key) => known.get(key)?.label ?? builtIn[key] ?? key);
    throw new AppError("form_incomplete", `Please fill in: ${labels.join(", ")}.`, { fields: missing });
  }
  const unknown = Object.keys(input.fields).filter((key) => !known.has(key) || key === "file");
  if (unknown.length > 0) throw invalid(`This form has no field ${unknown.join(", ")}.`, { fields: unknown });
  if (input.files?.length && !known.has("file")) throw invalid("This form takes no files.");
  const values: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input.fields)) {
    if (isEmpty(value)) continue;
    const type = known.get(key)?.type;
    values[key] = type === "number" && typeof value === "string" ? Number(value) : value;
  }
  return values;
}
