// Migration 0010 rewrites stored view filters of the earlier view dialect into the one condition
// language. Legacy rows are written through SQL into a migrated database, the migration's
// rewrite is run again over them, and the result must equal what the API's normaliser makes of
// the same filters — and the views must still list their issues.
import { readFileSync } from "node:fs";
import path from "node:path";
import { LegacyViewFilter, legacyViewFilterToNode } from "@switchboard/api";
import { describe, expect, it } from "vitest";
import { api, buildWorkspace, useTestApp } from "./harness";

const app = useTestApp();

const MIGRATION = path.resolve(import.meta.dirname, "../src/db/migrations/0010_one_condition_language.sql");

/** The migration's data rewrite: its UPDATE statement, re-runnable (it skips converted rows). */
function rewriteStatement(): string {
  const statements = readFileSync(MIGRATION, "utf8").split("--> statement-breakpoint");
  const update = statements.find((s) => s.includes('UPDATE "view"'));
  if (!update) throw new Error("migration 0010 has no UPDATE of views");
  return update;
}

const TEAM = "00000000-0000-4000-8000-0000000000aa";

const LEGACY: unknown[] = [
  {},
  { match: "any", conditions: [] },
  { conditions: [{ field: "state", op: "not_in", values: ["closed"] }] },
  { conditions: [{ field: "priority", op: "in", values: ["urgent", "high"] }] },
  { conditions: [{ field: "channel", op: "in", values: ["slack", "email"] }] },
  { conditions: [{ field: "team", op: "in", values: [TEAM, "none"] }] },
  { conditions: [{ field: "assignee", op: "not_in", values: ["me"] }] },
  { conditions: [{ field: "account", op: "in", values: ["none"] }] },
  { conditions: [{ field: "account_owner", op: "in", values: ["me"] }] },
  { conditions: [{ field: "account_type", op: "in", values: ["trial", "prospect"] }] },
  { conditions: [{ field: "account_tier", op: "not_in", values: ["Enterprise"] }] },
  { conditions: [{ field: "tag", op: "has_any", values: ["bug"] }] },
  { conditions: [{ field: "tag", op: "has_none", values: ["bug", "howto"] }] },
  { conditions: [{ field: "field", key: "product_area", op: "in", values: ["views", 3, true] }] },
  { conditions: [{ field: "field", key: "product_area", op: "is_set" }] },
  { conditions: [{ field: "field", key: "product_area", op: "not_set" }] },
  { conditions: [{ field: "created", op: "within_days", days: 7 }] },
  { conditions: [{ field: "updated", op: "older_than_days", days: 3 }] },
  { conditions: [{ field: "text", op: "matches", query: "export fails" }] },
  {
    match: "any",
    conditions: [
      { field: "state", op: "in", values: ["on_customer"] },
      { field: "updated", op: "older_than_days", days: 3 },
      { field: "tag", op: "has_any", values: ["howto"] },
    ],
  },
];

describe("migration 0010: one condition language", () => {
  it("rewrites every kind of legacy view filter as the API's normaliser does, and the views still list", async () => {
    const ws = await buildWorkspace(app());
    const { database } = app();
    const ids: string[] = [];
    for (const filter of LEGACY) {
      const { rows } = await database.query(
        `INSERT INTO "view" (workspace_id, name, owner_type, owner_user_id, filter)
         VALUES ($1, 'legacy', 'user', $2, $3::jsonb) RETURNING id`,
        [ws.workspaceId, ws.adminId, JSON.stringify(filter)],
      );
      ids.push(String(rows[0]?.id));
    }
    const tree = { any: [{ field: "issue.priority", op: "in", value: ["urgent"] }] };
    const { rows: kept } = await database.query(
      `INSERT INTO "view" (workspace_id, name, owner_type, owner_user_id, filter)
       VALUES ($1, 'tree', 'user', $2, $3::jsonb) RETURNING id`,
      [ws.workspaceId, ws.adminId, JSON.stringify(tree)],
    );

    await database.query(rewriteStatement());

    const { rows } = await database.query(`SELECT id, filter FROM "view" WHERE workspace_id = $1`, [ws.workspaceId]);
    const stored = new Map(rows.map((r) => [String(r.id), r.filter]));
    for (const [i, legacy] of LEGACY.entries()) {
      const expected = legacyViewFilterToNode(LegacyViewFilter.parse(legacy));
      expect(stored.get(ids[i] ?? ""), JSON.stringify(legacy)).toEqual(expected);
    }
    expect(stored.get(String(kept[0]?.id))).toEqual(tree);

    const as = api(app(), ws.admin);
    for (const id of ids) {
      const res = await as.get(`/views/${id}/issues`);
      expect(res.statusCode, res.body).toBe(200);
      expect((await as.get(`/views/${id}`)).json().filter).toEqual(stored.get(id));
    }
  });
});
