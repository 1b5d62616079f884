// Migration 0015 rewrites the demo's first rule as the seed states it ("prospects and trials →
// Sales", no "team is empty"), now that triggers decide before an inbox's team. The demo rule as
// it was stored is written into a migrated database, the migration runs again, and only that
// rule changes.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { useTestApp } from "../harness";
import { routingWorkspace, SLOW } from "./fixture";

const app = useTestApp();
const MIGRATION = path.resolve(import.meta.dirname, "../../src/db/migrations/0015_routing_order.sql");

const OLD_RULE = {
  all: [
    { field: "issue.team", op: "is_not_set" },
    { field: "account.type", op: "in", value: ["prospect", "trial"] },
  ],
};

describe("migration 0015: the demo's Sales rule", SLOW, () => {
  it("drops 'team is empty' from the demo rule and leaves every other trigger as it was", async () => {
    const { database } = app();
    const w = await routingWorkspace(app());
    const triggers = (await w.as.get("/triggers")).json().items as { id: string; name: string; conditions: unknown }[];
    const sales = triggers.find((t) => t.name === "Prospects and trials go to Sales");
    const rest = triggers.find((t) => t.name === "Everything else goes to Support");
    if (!sales || !rest) throw new Error("demo triggers missing");
    // A look-alike rule somebody edited keeps its own conditions.
    const edited = { all: [...OLD_RULE.all, { field: "account.tier", op: "eq", value: "Enterprise" }] };
    const lookalike = await w.as.post("/triggers", {
      name: "Prospects and trials go to Sales",
      event: "issue_created",
      conditions: edited,
      actions: [{ type: "set_team", teamId: w.teams.sales }],
    });
    expect(lookalike.statusCode).toBe(201);
    await database.query(`UPDATE "trigger" SET conditions = $1::jsonb WHERE id = $2`, [
      JSON.stringify(OLD_RULE),
      sales.id,
    ]);

    await database.query(readFileSync(MIGRATION, "utf8"));

    const after = async (id: string) => (await w.as.get(`/triggers/${id}`)).json().conditions;
    expect(await after(sales.id)).toEqual({
      all: [{ field: "account.type", op: "in", value: ["prospect", "trial"] }],
    });
    expect(await after(rest.id)).toEqual(rest.conditions);
    expect(await after(lookalike.json().id)).toEqual(edited);
  });
});
