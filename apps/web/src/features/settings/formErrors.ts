// Maps the server's error shape onto a form: zod issues ({ path: "body.key", message }) become
// inline messages beside the field they name; anything else is shown once for the whole form.
import { useState } from "react";
import { ApiError } from "../../api/client";
import { messageOf } from "../../ui/ErrorNotice";

export type FieldErrors = Record<string, string>;

type Issue = { path?: unknown; message?: unknown };

export function serverFieldErrors(error: unknown): FieldErrors {
  if (!(error instanceof ApiError) || typeof error.details !== "object" || error.details === null) return {};
  const issues = (error.details as { issues?: unknown }).issues;
  if (!Array.isArray(issues)) return {};
  const out: FieldErrors = {};
  for (const issue of issues as Issue[]) {
    if (typeof issue.path !== "string" || typeof issue.message !== "string") continue;
    // "body.options.2" → "options": the field, not the element.
    const field = issue.path.split(".")[1];
    if (field && !out[field]) out[field] = issue.message;
  }
  return out;
}

/** Client-side problems first (they stop the request), then what the server said. */
export function formErrors(local: FieldErrors, error: unknown) {
  const server = serverFieldErrors(error);
  const fields = { ...server, ...local };
  const general = error && Object.keys(server).length === 0 ? messageOf(error) : null;
  return { fields, general };
}

/**
 * A form's errors as the person types: nothing until the first submit, then the client-side
 * checks re-run on every change (so a fixed field loses its message), plus the server's answer.
 */
export function useFormErrors(validate: () => Partial<FieldErrors>, error: unknown) {
  const [attempted, setAttempted] = useState(false);
  const { fields, general } = formErrors(attempted ? clean(validate()) : {}, error);
  return {
    fields,
    general,
    /** Marks the form submitted; true when the client-side checks pass. */
    passes: () => {
      setAttempted(true);
      return Object.keys(clean(validate())).length === 0;
    },
    reset: () => setAttempted(false),
  };
}

const clean = (errors: Partial<FieldErrors>): FieldErrors =>
  Object.fromEntries(Object.entries(errors).filter((e): e is [string, string] => typeof e[1] === "string"));
