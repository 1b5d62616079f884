// Triggers through the API: validation, a trigger whose team was deleted, loops between
// triggers, and the dry run over recent issues.
import { describe, expect, it } from "vitest";
import { useTestApp } from "../harness";
import { routingWorkspace, SLOW, settle } from "./fixture";

const app = useTestApp();

describe("triggers", SLOW, () => {
  it("lists the demo's two triggers in order and rejects triggers that cannot run", async () => {
    const w = await routingWorkspace(app());
    const list = (await w.as.get("/triggers")).json().items;
    expect(list.map((t: { name: string }) => t.name)).toEqual([
      "Prospects and trials go to Sales",
      "Everything else goes to Support",
    ]);

    const missingTeam = await w.as.post("/triggers", {
      name: "To nowhere",
      event: "issue_created",
      actions: [{ type: "set_team", teamId: "00000000-0000-4000-8000-000000000000" }],
    });
    expect(missingTeam.statusCode).toBe(400);
    expect(missingTeam.json().error.message).toContain("no longer exists");

    const catastrophic = await w.as.post("/triggers", {
      name: "Backtracking",
      event: "issue_created",
      conditions: { field: "message.text", op: "matches", value: "(a+)+$" },
      actions: [{ type: "add_tags", tags: ["x"] }],
    });
    expect(catastrophic.statusCode).toBe(400);
    expect(catastrophic.json().error.message).toContain("Nested quantifiers");

    const badField = await w.as.post("/triggers", {
      name: "Bad field",
      event: "issue_created",
      conditions: { field: "issue.; DROP TABLE", op: "eq", value: 1 },
      actions: [{ type: "add_tags", tags: ["x"] }],
    });
    expect(badField.statusCode).toBe(400);
  });

  it("flags and skips a trigger whose team was deleted; the triggers after it still route", async () => {
    const w = await routingWorkspace(app());
    const legal = (await w.as.post("/teams", { name: "Legal" })).json().id;
    const created = await w.as.post("/triggers", {
      name: "Contracts go to Legal",
      event: "issue_created",
      position: 1,
      conditions: { any: [{ field: "message.text", op: "contains", value: "NDA" }] },
      actions: [{ type: "set_team", teamId: legal }],
    });
    expect(created.statusCode).toBe(201);
    // The team holds no work, so it goes without a receiver; the trigger naming it stays.
    expect((await w.as.delete(`/teams/${legal}`)).statusCode).toBe(200);

    const n = await w.open("NDA", "Can you sign our mutual NDA before the security call?");
    const issue = await w.issue(n);
    expect(issue.team?.id).toBeTruthy();
    const runs = (await w.events(n)).filter((e) => e.type === "trigger").map((e) => e.data.name);
    expect(runs).toEqual(["Everything else goes to Support"]);
    const flagged = (await w.as.get("/triggers")).json().items.find((t: { id: string }) => t.id === created.json().id);
    expect(flagged.invalidReason).toBe(`team ${legal} no longer exists`);
    expect((await w.as.get(`/triggers/${created.json().id}`)).json().invalidReason).toBe(flagged.invalidReason);
  });

  it("keeps what earlier actions changed when a later action adds a note", async () => {
    const w = await routingWorkspace(app());
    const created = await w.as.post("/triggers", {
      name: "Away customers wait on hold",
      event: "issue_created",
      position: 1,
      conditions: { any: [{ field: "message.text", op: "contains", value: "out of office" }] },
      actions: [
        { type: "set_state", state: "on_hold" },
        { type: "internal_note", body: "Customer is away; check back next week." },
      ],
    });
    expect(created.statusCode).toBe(201);
    const n = await w.open("Away", "We are out of office until Monday, then we need the export fixed.");

    expect((await w.issue(n)).state).toBe("on_hold");
    const notes = (await w.as.get(`/issues/${n}/messages`))
      .json()
      .items.filter((m: { visibility: string }) => m.visibility === "internal");
    expect(notes.map((m: { bodyText: string }) => m.bodyText)).toEqual(["Customer is away; check back next week."]);
  });

  it("stops two triggers undoing each other after a bounded number of passes", async () => {
    const w = await routingWorkspace(app());
    const flip = (name: string, from: string, to: string, position: number) =>
      w.as.post("/triggers", {
        name,
        event: "issue_changed",
        position,
        conditions: { all: [{ field: "issue.team", op: "eq", value: from }] },
        actions: [{ type: "set_team", teamId: to }],
      });
    expect((await flip("Billing → Migrations", w.teams.billing, w.teams.migrations, 1)).statusCode).toBe(201);
    expect((await flip("Migrations → Billing", w.teams.migrations, w.teams.billing, 2)).statusCode).toBe(201);
    const n = await w.open("Something", "How do I export a view to CSV?");

    await w.as.patch(`/issues/${n}`, { teamId: w.teams.billing });
    await settle(app());

    const runs = (await w.events(n)).filter((e) => e.type === "trigger" && e.data.event === "issue_changed");
    expect(runs.filter((e) => e.data.name)).toHaveLength(6); // 2 triggers × 3 passes
    expect(runs.at(-1)?.data.stopped).toMatch(/stopped after 3 passes/);
    expect((await w.issue(n)).team?.id).toBe(w.teams.billing);
  });

  it("dry-runs a trigger over recent issues without changing them", async () => {
    const w = await routingWorkspace(app());
    const billing = await w.open("Invoice", "Our invoice for April is wrong.");
    const howTo = await w.open("Views", "How do I share a view with my team?");
    const trigger = await w.as.post("/triggers", {
      name: "Tag invoices",
      event: "issue_created",
      enabled: false,
      conditions: { any: [{ field: "message.text", op: "matches", value: "invoice|receipt" }] },
      actions: [{ type: "add_tags", tags: ["invoice"] }],
    });
    const res = await w.as.post(`/triggers/${trigger.json().id}/dry-run`, { limit: 20 });
    expect(res.statusCode).toBe(200);
    const numbers = res.json().matches.map((m: { number: number }) => m.number);
    expect(numbers).toContain(billing);
    expect(numbers).not.toContain(howTo);
    expect(res.json().matches[0].trace[0]).toMatchObject({ field: "message.text", op: "matches", matched: true });
    expect((await w.issue(billing)).tags).toEqual([]);
  });
});
