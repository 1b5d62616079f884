// Write-behind for set-wise passes (routing's batch): the commands a pass runs on many issues in
// one transaction keep their issue UPDATEs and their insert-only rows (AI decisions,
// notifications) in memory, and the pass writes them all in one statement before commit. Run one
// at a time, each issue's steps cost a round trip apiece, and a batch of new issues spent 24 ms
// per issue waiting on them (bench:email, issue 25).
//
// The rule that makes it safe: under write-behind a command never reads back what it changed.
// The pass locks its issues FOR UPDATE first and hands each command the row in memory; loading a
// changed issue again would see the row as it was, so `loadIssue…ForUpdate` refuses to.
import { randomUUID } from "node:crypto";
import { type SQL, sql } from "drizzle-orm";
import type { PgInsertValue, PgTable } from "drizzle-orm/pg-core";
import type { Tx } from "../db/connect";
import { insertJsonRowsStatement, updateJsonRowsStatement } from "../db/jsonRows";
import { issues } from "../db/schema";

type IssuePatch = Partial<typeof issues.$inferSelect>;

export class WriteBehind {
  /** Per issue, every column changed so far and its latest value. */
  private readonly patches = new Map<string, IssuePatch>();
  private readonly inserts = new Map<PgTable, PgInsertValue<PgTable>[]>();

  /** Records `patch` as written to the issue (locked FOR UPDATE by the pass). */
  updateIssue(issueId: string, patch: IssuePatch): void {
    this.patches.set(issueId, { ...this.patches.get(issueId), ...patch });
  }

  /** Queues a row no one reads back in this transaction; its id is made here so callers can refer to it. */
  insert<T extends PgTable>(table: T, row: Omit<PgInsertValue<T>, "id">): string {
    const id = randomUUID();
    const rows = this.inserts.get(table) ?? [];
    rows.push({ ...row, id } as PgInsertValue<PgTable>);
    this.inserts.set(table, rows);
    return id;
  }

  /** Whether this pass changed the issue (and so the database does not show it yet). */
  changed(issueId: string): boolean {
    return this.patches.has(issueId);
  }

  /**
   * Writes everything in one statement: an UPDATE per set of changed columns (issues changed the
   * same way share one) and an INSERT per table, as data-modifying CTEs.
   */
  async flush(tx: Tx): Promise<void> {
    const writes: SQL[] = [];
    const byColumns = new Map<string, { id: string }[]>();
    for (const [id, patch] of this.patches) {
      const key = Object.keys(patch).sort().join(",");
      const rows = byColumns.get(key) ?? [];
      rows.push({ id, ...patch });
      byColumns.set(key, rows);
    }
    for (const [key, rows] of byColumns) writes.push(updateJsonRowsStatement(issues, key.split(","), rows));
    // Inserts after updates: rows referring to an issue see it as changed (CTEs run on one snapshot anyway).
    for (const [table, rows] of this.inserts) writes.push(insertJsonRowsStatement(table, rows));
    this.patches.clear();
    this.inserts.clear();
    if (writes.length === 0) return;
    const ctes = writes.map((write, i) => sql`${sql.identifier(`behind${i}`)} AS (${write})`);
    await tx.execute(sql`WITH ${sql.join(ctes, sql`, `)} SELECT 1`);
  }
}
