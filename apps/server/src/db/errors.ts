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

/** SQLSTATE anywhere in the cause chain (drizzle wraps the driver's error). */
export function sqlStateOf(error: unknown): string | undefined {
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    const code = (e as Error & { code?: unknown }).code;
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return undefined;
}

/**
 * The server rolled the transaction back because it collided with another one (a deadlock, or a
 * serialization failure): nothing of it was written, and running it again is the documented answer.
 */
export function isTransactionConflict(error: unknown): boolean {
  const code = sqlStateOf(error);
  return code === "40P01" || code === "40001";
}

/** Driver and server codes meaning "the database cannot be reached right now", not "the query is wrong". */
const UNAVAILABLE_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
  "57P01", // admin_shutdown
  "57P02", // crash_shutdown
  "57P03", // cannot_connect_now (starting up, recovering)
  "53300", // too_many_connections
]);
const UNAVAILABLE_MESSAGES =
  /Connection terminated|connection timeout|timeout exceeded when trying to connect|not queryable|Client was closed|Connection ended|the database system is (starting up|shutting down)/i;

/**
 * The database is away (an outage, a restart, a cut network) anywhere in the cause chain. Callers
 * answer "try again later" (HTTP 503, SMTP 451) instead of reporting a fault of their own.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    const code = (e as Error & { code?: unknown }).code;
    if (typeof code === "string" && (UNAVAILABLE_CODES.has(code) || code.startsWith("08"))) return true;
    if (UNAVAILABLE_MESSAGES.test(e.message)) return true;
    if (e instanceof AggregateError && e.errors.some(isDatabaseUnavailable)) return true;
  }
  return false;
}
