// The zod forms of the API's basic words, shared by every resource's schemas.
import { z } from "zod";
import { channels, issueStates, priorities } from "./vocabulary";

export const IssueState = z.enum(issueStates);
export type IssueState = z.infer<typeof IssueState>;
export const Priority = z.enum(priorities);
export type Priority = z.infer<typeof Priority>;
export const Channel = z.enum(channels);
export type Channel = z.infer<typeof Channel>;
export const Uuid = z.string().uuid();

export const IdParams = z.strictObject({ id: Uuid });

export const ListQuery = z.strictObject({
  q: z.string().trim().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
});

/** A trimmed, non-blank string of at most `max` characters. */
export const text = (max: number) => z.string().trim().min(1).max(max);

/** Free-form JSON objects the server stores as given (custom field values, event data…). */
export const JsonObject = z.record(z.string(), z.unknown());

/**
 * The one text rule for every input the API reads (bodies, queries, path parameters, and the keys
 * of objects): PostgreSQL cannot store NUL, and a lone UTF-16 surrogate is not Unicode. Both are
 * refused at the boundary with `validation_failed` naming the field; inbound channels strip them
 * from customer content instead (a customer's mail is never refused for its bytes).
 */
export function textProblem(value: string): string | undefined {
  if (value.includes("\u0000")) return "Text must not contain the NUL character (U+0000).";
  // In a `u` pattern a paired surrogate is one code point; only a lone one is of category Cs.
  if (/\p{Cs}/u.test(value)) return "Text must not contain a lone UTF-16 surrogate.";
  return undefined;
}

/** Adds an issue for every string (value or key) in `input` that breaks the text rule, at its path. */
function checkText(input: unknown, ctx: z.RefinementCtx): void {
  // Iterative: a hostile body may nest deeper than the call stack.
  const stack: [unknown, PropertyKey[]][] = [[input, []]];
  for (let next = stack.pop(); next; next = stack.pop()) {
    const [value, path] = next;
    if (typeof value === "string") {
      const message = textProblem(value);
      if (message) ctx.addIssue({ code: "custom", message, path, input: value });
    } else if (typeof value === "object" && value !== null) {
      for (const [key, child] of Object.entries(value)) {
        const message = textProblem(key);
        if (message) ctx.addIssue({ code: "custom", message: `Field name: ${message}`, path, input: key });
        stack.push([child, [...path, Array.isArray(value) ? Number(key) : key]]);
      }
    }
  }
}

/** `schema`, behind the text rule: it never sees a string the rule refuses. */
export function underTextRule<T extends z.ZodType>(schema: T) {
  return z.unknown().superRefine(checkText).pipe(schema);
}

/**
 * A PATCH must name something to change: `{}` is refused (`validation_failed`) for every update,
 * rather than each command finding out it has nothing to write.
 */
export function somethingToChange<T extends z.ZodType>(schema: T) {
  return z
    .unknown()
    .refine(
      (v) => !(typeof v === "object" && v !== null && !Array.isArray(v) && Object.keys(v).length === 0),
      "Nothing to update: give at least one field to change.",
    )
    .pipe(schema);
}
