// The database adapter's shutdown: statements already issued finish before the connection closes,
// on PGlite (which yields a turn before each statement) and on PostgreSQL alike. pg-boss completes
// a job without awaiting it, so a close that raced such a statement failed the test run.
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { openDatabase, type RawResult } from "../../src/db/connect";

const url = process.env.SB_TEST_DB === "postgres" ? process.env.TEST_DATABASE_URL : undefined;

describe("database shutdown", () => {
  it("lets a statement issued just before close() finish", async () => {
    const database = await openDatabase({ url });
    const issued = database.query("SELECT $1::int AS answer", [42]);
    await database.close();
    await expect(issued).resolves.toMatchObject({ rows: [{ answer: 42 }] });
  });

  it("lets pg-boss's fire-and-forget statement and an open transaction finish", async () => {
    const database = await openDatabase({ url });
    const boss = database.bossConnection;
    const bossStatement =
      "db" in boss ? boss.db.executeSql("SELECT $1::text AS job", ["done"]) : database.query("SELECT 'done' AS job");
    const transaction = database.db.transaction(async (tx) => {
      await tx.execute(sql`SELECT 1`);
      const { rows } = (await tx.execute(sql`SELECT 2 AS two`)) as unknown as RawResult;
      return rows;
    });
    await database.close();
    await expect(bossStatement).resolves.toMatchObject({ rows: [{ job: "done" }] });
    await expect(transaction).resolves.toMatchObject([{ two: 2 }]);
  });

  it("never answers a pg-boss statement issued after close(), so pg-boss cannot reject unhandled", async () => {
    const database = await openDatabase({ url });
    const boss = database.bossConnection;
    if (!("db" in boss)) throw new Error("both adapters hand pg-boss a connection of their own");
    await database.close();
    // pg-boss's `fail` reads `rows[0].count` from whatever comes back: no answer is the only safe one.
    const late = boss.db.executeSql("SELECT 1 AS count", []).then(
      () => "answered",
      () => "rejected",
    );
    const waited = new Promise((resolve) => setTimeout(() => resolve("unanswered"), 200));
    await expect(Promise.race([late, waited])).resolves.toBe("unanswered");
  });
});
