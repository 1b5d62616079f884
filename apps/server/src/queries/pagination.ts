// Keyset pagination: a cursor is the (timestamp, id) of the last row, opaque to clients.
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

/** Fetches limit+1 rows to know whether another page exists. */
export function page<T>(rows: T[], limit: number, key: (row: T) => Cursor) {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(key(last).at, key(last).id) : null };
}
