// Deleting a team folds it into another: its issues, inbox defaults, views, macros and AI agents
// move first, nothing is deleted from under them, and another tenant can touch none of it.
import type { Inbox, Macro, View } from "@switchboard/api";
import { describe, expect, it } from "vitest";
import { api, buildWorkspace, unique, useTestApp } from "../harness";
import { expectError } from "./support";

const app = useTestApp();

describe("deleting a team", () => {
  it("refuses while the team holds work, then moves all of it to the team named", async () => {
    const ws = await buildWorkspace(app());
    const as = api(app(), ws.admin);
    const created = async (path: string, body: unknown) => {
      const res = await as.post(path, body);
      expect(res.statusCode, res.body).toBe(201);
      return res.json();
    };
    const billing = (await created("/teams", { name: "Billing" })).id as string;
    const support = (await created("/teams", { name: "Support" })).id as string;
    const open = (await created("/issues", { title: "Refund please", teamId: billing })).number as number;
    const closed = (await created("/issues", { title: "Old invoice", teamId: billing })).number as number;
    expect((await as.patch(`/issues/${closed}`, { state: "closed" })).statusCode).toBe(200);
    const inbox = (await created("/inboxes", { address: `${unique("billing")}@acme.test`, teamId: billing })).id;
    const view = (await created("/views", { name: "Billing queue", ownerType: "team", ownerTeamId: billing })).id;
    const macro = (await created("/macros", { name: "Refund issued", body: "Done.", teamId: billing })).id;
    const trigger = (
      await created("/triggers", {
        name: "To Billing",
        event: "issue_created",
        actions: [{ type: "set_team", teamId: billing }],
      })
    ).id;

    const refused = await as.delete(`/teams/${billing}`);
    expectError(refused, 409, "conflict");
    expect(refused.json().error.message).toContain("pick the team it moves to");
    expectError(await as.delete(`/teams/${billing}?moveTo=${billing}`), 400, "validation_failed");
    expectError(await as.delete(`/teams/${billing}?moveTo=not-a-uuid`), 400, "validation_failed");
    expect((await as.get(`/issues/${open}`)).json().team?.id ?? (await as.get(`/issues/${open}`)).json().teamId).toBe(
      billing,
    );

    // Another tenant: neither the team nor a receiving team of theirs is reachable.
    const other = await buildWorkspace(app());
    const theirs = api(app(), other.admin);
    const theirTeam = (await theirs.post("/teams", { name: "Theirs" })).json().id;
    expectError(await theirs.delete(`/teams/${billing}?moveTo=${theirTeam}`), 404, "not_found");
    expectError(await as.delete(`/teams/${billing}?moveTo=${theirTeam}`), 404, "not_found");

    const deleted = await as.delete(`/teams/${billing}?moveTo=${support}`);
    expect(deleted.statusCode, deleted.body).toBe(200);
    expect(deleted.json().moved).toEqual({
      openIssues: 1,
      closedIssues: 1,
      inboxes: 1,
      views: 1,
      macros: 1,
      agents: 0,
    });

    const teams = (await as.get("/teams")).json().items.map((t: { name: string }) => t.name);
    expect(teams).not.toContain("Billing");
    const teamOf = async (n: number) => {
      const issue = (await as.get(`/issues/${n}`)).json();
      return issue.team?.id ?? issue.teamId;
    };
    expect([await teamOf(open), await teamOf(closed)]).toEqual([support, support]);
    const events = (await as.get(`/issues/${open}/events`)).json().items as {
      type: string;
      data: Record<string, unknown>;
    }[];
    expect(events.find((e) => e.type === "team" && e.data.to === support)?.data).toMatchObject({
      from: billing,
      reason: "team Billing deleted",
    });
    const inboxes = (await as.get("/inboxes")).json().items as Inbox[];
    expect(inboxes.find((i) => i.id === inbox)?.teamId).toBe(support);
    const views = (await as.get("/views")).json().items as View[];
    expect(views.find((v) => v.id === view)?.ownerTeamId).toBe(support);
    const macros = (await as.get("/macros")).json().items as Macro[];
    expect(macros.find((m) => m.id === macro)?.teamId).toBe(support);
    // A trigger naming the deleted team is not rewritten: it shows why it cannot run.
    expect((await as.get(`/triggers/${trigger}`)).json().invalidReason).toBe(`team ${billing} no longer exists`);

    // A team that holds nothing needs no receiver; a deleted one is gone.
    const empty = (await created("/teams", { name: "Temporary" })).id;
    expect((await as.delete(`/teams/${empty}`)).statusCode).toBe(200);
    expectError(await as.delete(`/teams/${empty}`), 404, "not_found");
  });
});
