// Building blocks of response schemas: timestamps, pages, `{ ok: true }`, the one error body,
// and the type helpers that name both sides of a response (see index.ts for the convention).
import { z } from "zod";
import { errorCodes } from "./vocabulary";

/**
 * Presenters hand out `Date`s; JSON carries ISO-8601 strings. A codec says both: the server's
 * serializer *encodes* a response (Date → string), a client that parses one decodes it back.
 */
export const Timestamp = z.codec(z.iso.datetime({ offset: true }), z.date(), {
  decode: (iso) => new Date(iso),
  encode: (date) => date.toISOString(),
});

/** JSON as it travels: what a client receives (timestamps are strings). */
export type Wire<S extends z.ZodType> = z.input<S>;
/** What the server hands the serializer: what a presenter returns (timestamps are Dates). */
export type Presented<S extends z.ZodType> = z.output<S>;

export const ErrorBody = z.object({
  error: z.object({ code: z.enum(errorCodes), message: z.string(), details: z.unknown().optional() }),
});
export type ErrorBody = Wire<typeof ErrorBody>;

/** The answer of a write that has nothing else to say. */
export const Ok = z.strictObject({ ok: z.boolean() });
export type Ok = Wire<typeof Ok>;

/** `GET /readyz`: the database answers (a 503 in the error body says it does not). */
export const Readiness = z.strictObject({ ok: z.boolean(), database: z.enum(["up", "down"]) });
export type Readiness = Wire<typeof Readiness>;

/** A cursor-paged list. */
export const page = <T extends z.ZodType>(item: T) =>
  z.strictObject({ items: z.array(item), nextCursor: z.string().nullable() });
export type Page<T> = { items: T[]; nextCursor: string | null };

/** A whole list in one answer. */
export const items = <T extends z.ZodType>(item: T) => z.strictObject({ items: z.array(item) });
export type Items<T> = { items: T[] };

export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429;

/**
 * A route's `schema.response`: its success schema(s) plus the error codes it can answer, all with
 * the one error body. `replies({ 200: Issue }, 401, 404)`.
 */
export function replies<R extends Record<number, z.ZodType>, C extends ErrorStatus>(
  success: R,
  ...errors: C[]
): R & { [K in C]: typeof ErrorBody } {
  const out: Record<number, z.ZodType> = { ...success };
  for (const code of errors) out[code] = ErrorBody;
  return out as R & { [K in C]: typeof ErrorBody };
}
