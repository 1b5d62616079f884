// --profile of the benches: counts the statements sent to PostgreSQL at the pg driver (the one seam
// every query goes through), by their first words. PGlite's statements do not pass through it.
import pg from "pg";

/** Statements sent since the counter was installed, by kind (their first `width` characters). */
export function countStatements(width: number): Map<string, number> {
  const statements = new Map<string, number>();
  const query = pg.Client.prototype.query;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const first = args[0];
    const text = typeof first === "string" ? first : ((first as { text?: string } | undefined)?.text ?? "?");
    const kind = text.replace(/\s+/g, " ").trim().slice(0, width);
    statements.set(kind, (statements.get(kind) ?? 0) + 1);
    return (query as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof pg.Client.prototype.query;
  return statements;
}
