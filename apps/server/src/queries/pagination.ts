// Keyset pagination: a cursor is the (timestamp, id) of the last row, opaque to clients.
import { type SQL, sql } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import { invalid } from "../domain/errors";

export interface Cursor {
  at: Date;
  id: string;
}

export function encodeCursor(at: Date, id: string): string {
  return Buffer.from(`${at.toISOString()}|${id}`).toString("base64url");
}

export function decodeCursor(cursor: string | undefined): Cursor | undefined {
  if (!cursor) return undefined;
  const [iso, id] = Buffer.from(cursor, "base64url").toString().split("|");
  const at = new Date(iso ?? "");
  if (!id || Number.isNaN(at.getTime()) || !/^[0-9a-f-]{36}$/.test(id)) throw invalid("The cursor is not valid.");
  return { at, id };
}

/**
 * Newest first, in the order our `.desc()` indexes keep (drizzle-kit writes them DESC NULLS LAST,
 * e.g. issue_ws_created_idx). A bare DESC means NULLS FIRST, which such an index cannot give: the
 * planner then sorted every match instead of walking the index and stopping at the page (a common
 * search word at 1M issues, 345 -> 6 ms). The columns are NOT NULL, so the NULLS clause changes no
 * result, only which index may serve the order.
 */
export const NEWEST_FIRST = sql`DESC NULLS LAST`;
export const newestFirst = (column: PgColumn | SQL): SQL => sql`${column} ${NEWEST_FIRST}`;

/** Oldest first: the same indexes walked backwards (ASC NULLS FIRST, see NEWEST_FIRST). */
export const OLDEST_FIRST = sql`ASC NULLS FIRST`;

/**
 * Rows after the cursor in (created_at DESC, id DESC) order. The cursor row itself supplies the
 * exact timestamp: PostgreSQL keeps microseconds, a JS Date (and so the cursor) only milliseconds,
 * and comparing against the rounded value skips rows created in the same millisecond.
 */
export function afterCursor(table: PgTable, createdAt: PgColumn, id: PgColumn, cursor: string | undefined) {
  const c = decodeCursor(cursor);
  if (!c) return undefined;
  const exact = sql`(SELECT ${createdAt} FROM ${table} WHERE ${id} = ${c.id}::uuid)`;
  const at = sql`coalesce(${exact}, ${c.at.toISOString()}::timestamptz)`;
  return sql`(${createdAt}, ${id}) < (${at}, ${c.id}::uuid)` as SQL;
}

/** Fetches limit+1 rows to know whether another page exists. */
export function page<T>(rows: T[], limit: number, key: (row: T) => Cursor) {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(key(last).at, key(last).id) : null };
}
