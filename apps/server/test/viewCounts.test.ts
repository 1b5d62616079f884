import type { Issue } from "@switchboard/api";
import { describe, expect, it } from "vitest";
import { createAccount } from "../src/commands/customers";
import { createTeam } from "../src/commands/team";
import { api, buildWorkspace, useTestApp } from "./harness";

const app = useTestApp();

// The sidebar's counts from the open-issue counter rows (migration 0053) against the views' own
// pages, after every kind of change the rows must follow.
describe("view counts", () => {
  it("stay exact after inserts, moves, closes, merges, deletes and copies, and count only their workspace", async () => {
    const ws = await buildWorkspace(app());
    const other = await buildWorkspace(app());
    const as = api(app(), ws.admin);
    const f = await ws.run(async (ctx) => {
      const support = await createTeam(ctx, { name: "Support" });
      const billing = await createTeam(ctx, { name: "Billing" });
      const acme = await createAccount(ctx, { name: "Acme", tier: "Enterprise", ownerUserId: ws.adminId });
      const trial = await createAccount(ctx, { name: "Trialco", tier: "starter" });
      return { support, billing, acme, trial };
    });
    const filters = {
      all: { all: [] },
      support: { all: [{ field: "issue.team", op: "in", value: [f.support.id] }] },
      mine: { all: [{ field: "issue.assignee", op: "eq", value: "me" }] },
      "owner me": { all: [{ field: "account.owner", op: "eq", value: "me" }] },
      enterprise: { all: [{ field: "account.tier", op: "eq", value: "enterprise" }] },
      "new or on you, not urgent": {
        all: [
          { field: "issue.state", op: "in", value: ["new", "on_you"] },
          { field: "issue.priority", op: "neq", value: "urgent" },
        ],
      },
      "no team or billing": {
        any: [
          { field: "issue.team", op: "eq", value: "none" },
          { field: "issue.team", op: "eq", value: f.billing.id },
        ],
      },
      // Not answered by the counter rows: counted from the issues.
      tagged: { all: [{ field: "issue.tags", op: "eq", value: "bug" }] },
    };
    const views: Record<string, string> = {};
    for (const [name, filter] of Object.entries(filters)) {
      const res = await as.post("/views", { name, ownerType: "user", filter });
      expect(res.statusCode, res.body).toBe(201);
      views[name] = res.json().id;
    }
    /** Every view's count against its own page's open issues. */
    const expectExact = async (step: string) => {
      const counts = (await as.get("/views/counts")).json().counts as Record<string, number>;
      for (const [name, id] of Object.entries(views)) {
        const items = (await as.get(`/views/${id}/issues?limit=200`)).json().items as Issue[];
        const open = items.filter((i) => i.state !== "closed").length;
        expect(counts[id], `${step}: ${name}`).toBe(open);
      }
    };
    const open = async (body: Record<string, unknown>) => {
      const res = await as.post("/issues", body);
      expect(res.statusCode, res.body).toBe(201);
      return res.json() as Issue;
    };
    const patch = async (number: number, body: Record<string, unknown>) => {
      const res = await as.patch(`/issues/${number}`, body);
      expect(res.statusCode, res.body).toBe(200);
    };

    const a = await open({ title: "a", teamId: f.support.id, accountId: f.acme.id, priority: "urgent", tags: ["bug"] });
    const b = await open({ title: "b", accountId: f.trial.id });
    const c = await open({ title: "c", teamId: f.billing.id, accountId: f.acme.id });
    const d = await open({ title: "d", teamId: f.support.id, priority: "high", tags: ["bug"] });
    await expectExact("opened");
    await patch(c.number, { assigneeUserId: ws.adminId });
    await expectExact("assigned");

    await patch(b.number, { teamId: f.support.id, assigneeUserId: ws.adminId, priority: "low" });
    await patch(a.number, { priority: "medium", state: "on_customer" });
    await patch(d.number, { teamId: f.billing.id });
    await expectExact("moved");

    await patch(c.number, { state: "closed" });
    await patch(a.number, { state: "on_you" });
    await expectExact("closed");
    await patch(c.number, { state: "on_you" });
    await expectExact("reopened");

    const merged = await as.post(`/issues/${b.number}/merge`, { intoNumber: d.number });
    expect(merged.statusCode, merged.body).toBe(200);
    await expectExact("merged");

    // Fixture: rows changed behind the commands' back — one statement inserting copies, one
    // deleting, one moving many (the triggers, not the commands, keep the counts).
    const db = app().database;
    await db.query(
      `INSERT INTO issue (workspace_id, number, title, state, priority, team_id, assignee_user_id, account_id, tags)
       SELECT workspace_id, number + 100 * g, title || g, state, priority, team_id, assignee_user_id, account_id, tags
       FROM issue, generate_series(1, 3) g WHERE workspace_id = $1`,
      [ws.workspaceId],
    );
    await expectExact("copied");
    await db.query("DELETE FROM issue WHERE workspace_id = $1 AND number > 200", [ws.workspaceId]);
    await db.query("UPDATE issue SET account_id = $2 WHERE workspace_id = $1 AND account_id IS NULL", [
      ws.workspaceId,
      f.acme.id,
    ]);
    await expectExact("deleted and moved in bulk");

    // Another workspace's issues (one with this workspace's team id, by a hand-made row) never count.
    const theirs = api(app(), other.admin);
    await theirs.post("/issues", { title: "theirs" });
    await db.query(`INSERT INTO issue (workspace_id, number, title, team_id) SELECT $1, 900, 'forged', $2`, [
      other.workspaceId,
      f.support.id,
    ]);
    await expectExact("other workspace");
    const otherCounts = (await theirs.get("/views/counts")).json().counts as Record<string, number>;
    expect(otherCounts).toEqual({});
  });

  it("folds piled-up changes into totals and keeps counting the same", async () => {
    const ws = await buildWorkspace(app());
    const as = api(app(), ws.admin);
    const view = (
      await as.post("/views", {
        name: "High",
        ownerType: "user",
        filter: { all: [{ field: "issue.priority", op: "eq", value: "high" }] },
      })
    ).json() as { id: string };
    const first = (await as.post("/issues", { title: "first", priority: "high" })).json() as Issue;
    const db = app().database;
    // 1,200 priority flips, each a row update: 2,400 change rows before the next count.
    await db.query(
      `DO $$ BEGIN FOR k IN 1..1200 LOOP
         UPDATE issue SET priority = CASE priority WHEN 'high' THEN 'low' ELSE 'high' END WHERE id = '${first.id}';
       END LOOP; END $$`,
    );
    const pending = async () =>
      Number(
        (
          await db.query("SELECT count(*) AS n FROM issue_open_count WHERE workspace_id = $1 AND delta", [
            ws.workspaceId,
          ])
        ).rows[0]?.n,
      );
    expect(await pending()).toBeGreaterThan(2000);
    expect((await as.get("/views/counts")).json().counts[view.id]).toBe(1);
    expect(await pending()).toBe(0);
    expect((await as.get("/views/counts")).json().counts[view.id]).toBe(1);
    await as.patch(`/issues/${first.number}`, { priority: "low" });
    expect((await as.get("/views/counts")).json().counts[view.id]).toBe(0);
  });
});
