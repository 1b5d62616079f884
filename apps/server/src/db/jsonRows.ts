// Multi-row INSERTs with the rows as one JSON parameter. Drizzle's VALUES builder spends tens of
// microseconds per row on the event loop, and PostgreSQL parses one parameter per value; a burst
// of mail writes hundreds of rows per transaction, so intake's hot inserts go this way.
import { type Column, getTableColumns, is, SQL, sql } from "drizzle-orm";
import type { PgInsertValue, PgTable } from "drizzle-orm/pg-core";
import type { Executor } from "./connect";
import { selectRows } from "./raw";

export interface JsonInsertOptions {
  /** ON CONFLICT DO NOTHING: a row that would break a unique key is skipped (and not returned). */
  onConflictDoNothing?: boolean;
  /** Rows are inserted only where this holds (a check the insert makes itself); the others are not returned. */
  where?: SQL;
}

/**
 * `INSERT INTO table (…) SELECT … FROM json_populate_recordset(NULL::table, $rows)`: every row
 * is read with the table's own column types from its JSON form (dates as ISO strings, jsonb as
 * nested JSON, arrays as arrays). A column no row sets keeps its database default. A value may
 * be SQL (an issue number drawn from a sequence) when every row gives that same SQL object; it
 * is evaluated once per row. A column some rows leave unset gets, in those rows,
 * its literal default, or NULL when it has none.
 */
export function insertJsonRowsStatement<T extends PgTable>(
  table: T,
  rows: readonly PgInsertValue<T>[],
  options: JsonInsertOptions = {},
): SQL {
  const columns = Object.entries(getTableColumns(table)) as [string, Column][];
  const set = columns.filter(([key]) => rows.some((row) => fieldOf(row, key) !== undefined));
  const expressions = set.map(([key, column]) => {
    const first = fieldOf(rows[0], key);
    if (!is(first, SQL)) return sql`v.${sql.identifier(column.name)}`;
    if (rows.some((row) => fieldOf(row, key) !== first))
      throw new Error(`${column.name}: an SQL value must be the same object in every row`);
    return first;
  });
  const records = rows.map((row) => {
    const record: Record<string, unknown> = {};
    for (const [key, column] of set) {
      const value = fieldOf(row, key);
      if (is(value, SQL)) continue;
      record[column.name] = value === undefined ? unsetValue(column) : value;
    }
    return record;
  });
  const names = sql.join(
    set.map(([, column]) => sql.identifier(column.name)),
    sql`, `,
  );
  return sql`INSERT INTO ${table} (${names}) SELECT ${sql.join(expressions, sql`, `)} FROM json_populate_recordset(NULL::${table}, ${JSON.stringify(records)}::json) AS v${options.where ? sql` WHERE ${options.where}` : sql``}${options.onConflictDoNothing ? sql` ON CONFLICT DO NOTHING` : sql``}`;
}

/**
 * `UPDATE table SET … FROM json_populate_recordset(NULL::table, $rows)`: one statement sets
 * `keys` (property names) of many rows, each row found by its `id` and read with the table's own
 * column types, as `insertJsonRowsStatement` reads them. Every row gives every key.
 */
export function updateJsonRowsStatement<T extends PgTable>(
  table: T,
  keys: readonly string[],
  rows: readonly ({ id: string } & Record<string, unknown>)[],
): SQL {
  const columns = getTableColumns(table) as Record<string, Column>;
  const id = columns.id;
  if (!id) throw new Error("updateJsonRowsStatement: the table has no id column");
  const set = keys.map((key) => {
    const column = columns[key];
    if (!column) throw new Error(`updateJsonRowsStatement: no column ${key}`);
    return column;
  });
  const records = rows.map((row) => {
    const record: Record<string, unknown> = { [id.name]: row.id };
    for (const [i, key] of keys.entries()) {
      if (!(key in row)) throw new Error(`updateJsonRowsStatement: a row does not set ${key}`);
      record[(set[i] as Column).name] = row[key];
    }
    return record;
  });
  const assignments = sql.join(
    set.map((column) => sql`${sql.identifier(column.name)} = v.${sql.identifier(column.name)}`),
    sql`, `,
  );
  return sql`UPDATE ${table} SET ${assignments} FROM json_populate_recordset(NULL::${table}, ${JSON.stringify(records)}::json) AS v WHERE ${table}.${sql.identifier(id.name)} = v.${sql.identifier(id.name)}`;
}

/** Inserts the rows (see `insertJsonRowsStatement`) and returns them as stored, as Drizzle would. */
export async function insertJsonRows<T extends PgTable>(
  executor: Executor,
  table: T,
  rows: readonly PgInsertValue<T>[],
  options: JsonInsertOptions = {},
): Promise<T["$inferSelect"][]> {
  if (rows.length === 0) return [];
  const columns = Object.entries(getTableColumns(table)) as [string, Column][];
  const returning = sql.join(
    columns.map(([, column]) => sql.identifier(column.name)),
    sql`, `,
  );
  const stored = await selectRows(
    executor,
    sql`${insertJsonRowsStatement(table, rows, options)} RETURNING ${returning}`,
  );
  return stored.map((raw) => {
    const row: Record<string, unknown> = {};
    for (const [key, column] of columns) {
      const value = raw[column.name];
      row[key] = value === null || value === undefined ? null : column.mapFromDriverValue(value);
    }
    return row as T["$inferSelect"];
  });
}

function fieldOf(row: object | undefined, key: string): unknown {
  return (row as Record<string, unknown> | undefined)?.[key];
}

/** What Drizzle's INSERT would write for a column a row leaves unset, where JSON can say it. */
function unsetValue(column: Column): unknown {
  const value = column.defaultFn ? column.defaultFn() : column.default;
  if (value === undefined) {
    if (column.hasDefault) throw new Error(`${column.name}: set it in every row or in none (database default)`);
    return null;
  }
  if (is(value, SQL)) throw new Error(`${column.name}: set it in every row or in none (SQL default)`);
  return value;
}
