// Hand-written SQL inside a Drizzle transaction: "$1, $2" style text (what pg-boss emits, so a
// job is enqueued atomically with the change that announces it) and queries Drizzle cannot build.
import { type SQL, sql } from "drizzle-orm";
import type { Executor, RawResult } from "./connect";

export async function executeRaw(executor: Executor, text: string, values: unknown[] = []): Promise<RawResult> {
  return { rows: await selectRows(executor, rawSql(text, values)) };
}

/** The rows of a hand-written query: node-postgres returns a QueryResult, PGlite a Results object, both with `rows`. */
export async function selectRows<T extends Record<string, unknown>>(executor: Executor, query: SQL): Promise<T[]> {
  const result = await executor.execute(query);
  return (result as unknown as { rows: T[] }).rows;
}

/** pg-boss's "$1, $2" style SQL as a Drizzle fragment (to run, or to embed in a larger statement). */
export function rawSql(text: string, values: unknown[]): SQL {
  const parts = text.split(/\$(\d+)/);
  const chunks: SQL[] = [];
  parts.forEach((part, i) => {
    if (i % 2 === 0) chunks.push(sql.raw(part));
    else chunks.push(sql`${jsonParam(values[Number(part) - 1])}`);
  });
  return sql.join(chunks);
}

function jsonParam(value: unknown): unknown {
  if (value === undefined) return null;
  if (value !== null && typeof value === "object" && !(value instanceof Date) && !Array.isArray(value)) {
    return JSON.stringify(value);
  }
  return value;
}
