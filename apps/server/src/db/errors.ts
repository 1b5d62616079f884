// Recognising database errors the application answers differently (a lost race, a taken name).

/**
 * A unique-constraint violation anywhere in the cause chain: drizzle wraps driver errors in
 * "Failed query: …", and PostgreSQL and PGlite both report SQLSTATE 23505.
 */
export function isUniqueViolation(error: unknown): boolean {
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    if ((e as Error & { code?: string }).code === "23505" || /duplicate key|unique constraint/i.test(e.message))
      return true;
  }
  return false;
}
