// Intake's hot inserts send their rows as one JSON parameter (db/jsonRows.ts). What they store and
// return must be what Drizzle's own INSERT … RETURNING stores and returns for the same rows.
import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import type { PgInsertValue } from "drizzle-orm/pg-core";
import { describe, expect, it } from "vitest";
import { insertJsonRows } from "../../src/db/jsonRows";
import { issues, messages } from "../../src/db/schema";
import { buildWorkspace, unique, useTestApp } from "../harness";

const app = useTestApp();

/** Rows as stored, without what differs by construction (ids, numbers). */
const comparable = (rows: Record<string, unknown>[]) =>
  rows.map(({ id, number, issueId, externalId, threadKey, ...rest }) => rest);

describe("JSON row inserts", () => {
  it("store and return what Drizzle's INSERT does, defaults and SQL values included", async () => {
    const ws = await buildWorkspace(app());
    const { db } = app().services.database;
    const at = new Date(Date.UTC(2026, 10, 20, 9, 30, 15, 123));
    await db.execute(sql`CREATE SEQUENCE IF NOT EXISTS json_rows_test_number START 100000`);
    const number = sql`nextval('json_rows_test_number')`;
    const issueRows = (prefix: string): PgInsertValue<typeof issues>[] => [
      {
        id: randomUUID(),
        workspaceId: ws.workspaceId,
        number,
        title: "Export fails — “quoted” ünïcode \\ and 'quotes'",
        channel: "email",
        threadKey: `${prefix}-a`,
        source: { inbox: "support@x.test", nested: "yes" },
        tags: ["billing", "urgent"],
        // Set in this row only: the other row gets the column's (absent) default, NULL.
        lastMessageAt: at,
        lastCustomerMessageAt: at,
        createdAt: at,
        updatedAt: at,
      },
      {
        id: randomUUID(),
        workspaceId: ws.workspaceId,
        number,
        title: "Second",
        channel: "email",
        threadKey: `${prefix}-b`,
        source: {},
        tags: [],
        createdAt: at,
        updatedAt: at,
      },
    ];

    const viaDrizzle = await db
      .insert(issues)
      .values(issueRows(unique("drizzle")))
      .returning();
    const viaJson = await insertJsonRows(db, issues, issueRows(unique("json")));

    expect(comparable(viaJson)).toEqual(comparable(viaDrizzle));
    expect(viaJson[0]).toMatchObject({ source: { nested: "yes" }, tags: ["billing", "urgent"], lastMessageAt: at });
    expect(viaJson[1]).toMatchObject({ lastMessageAt: null, state: "new", priority: "none", customFields: {} });
    // The SQL value was evaluated once per row, and the row as read back is the row returned.
    expect(viaJson[1]?.number).toBe((viaJson[0]?.number as number) + 1);
    const [stored] = await db
      .select()
      .from(issues)
      .where(eq(issues.id, viaJson[0]?.id as string));
    expect(stored).toEqual(viaJson[0]);
  });

  it("skips rows that break a unique key when asked, returning only the rows it wrote", async () => {
    const ws = await buildWorkspace(app());
    const { db } = app().services.database;
    const [issue] = await insertJsonRows(db, issues, [
      { workspaceId: ws.workspaceId, number: sql`1`, title: "Dedupe", channel: "email" },
    ]);
    const message = (externalId: string) => ({
      id: randomUUID(),
      workspaceId: ws.workspaceId,
      issueId: issue?.id as string,
      authorType: "system" as const,
      visibility: "public" as const,
      bodyText: `Body ${externalId}`,
      attachments: [],
      channel: "email" as const,
      externalId,
    });
    const first = await insertJsonRows(db, messages, [message("<a@x>")], { onConflictDoNothing: true });
    const again = await insertJsonRows(db, messages, [message("<a@x>"), message("<b@x>")], {
      onConflictDoNothing: true,
    });

    expect(first.map((m) => m.externalId)).toEqual(["<a@x>"]);
    expect(again.map((m) => m.externalId)).toEqual(["<b@x>"]);
    expect(again[0]?.createdAt).toBeInstanceOf(Date);
  });
});
