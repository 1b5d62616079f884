// Checking routing before trusting it: a dry run that matches nothing says which condition kept
// each recent issue out, and the routing tester runs a pasted message through the routing order
// (triggers, the inbox's fallback, the Router's runbook scores) without changing anything.
import type { DryRunResult, RoutingTestResult } from "@switchboard/api";
import { describe, expect, it } from "vitest";
import { useTestApp } from "../harness";
import { routingWorkspace, SLOW } from "./fixture";

const app = useTestApp();

describe("a dry run that matches nothing", SLOW, () => {
  it("says which condition failed on each recent issue, and what those issues had instead", async () => {
    const w = await routingWorkspace(app());
    const customer = await w.account({ type: "customer", tier: "Growth" });
    const first = await w.open("Invoice", "Our invoice for April is wrong.", customer);
    const second = await w.open("Views", "How do I share a view with my team?", customer);
    const trigger = await w.as.post("/triggers", {
      name: "Enterprise escalations",
      event: "issue_created",
      enabled: false,
      conditions: { all: [{ field: "account.tier", op: "eq", value: "Enterprise" }] },
      actions: [{ type: "set_priority", priority: "high" }],
    });
    const res = await w.as.post(`/triggers/${trigger.json().id}/dry-run`, { limit: 20 });
    expect(res.statusCode).toBe(200);
    const result = res.json() as DryRunResult;
    expect(result.matches).toEqual([]);
    expect(result.failures).toEqual([
      { field: "account.tier", op: "eq", value: "Enterprise", count: 2, actuals: ["Growth"] },
    ]);
    expect(result.misses.map((m) => m.number).sort()).toEqual([first, second].sort());
    expect(result.misses[0]?.failed).toEqual([
      { field: "account.tier", op: "eq", value: "Enterprise", actual: "Growth", matched: false },
    ]);
  });

  it("checks “Issue created” triggers against issues as they arrived, before routing gave them a team", async () => {
    const w = await routingWorkspace(app());
    const customer = await w.account({ type: "customer" });
    const n = await w.open("Views", "How do I share a view with my team?", customer);
    const team = (await w.issue(n)).team?.id;
    expect(team).toBeTruthy();
    const triggers = (await w.as.get("/triggers")).json().items as { id: string; name: string }[];
    const rest = triggers.find((t) => t.name === "Everything else goes to Support");
    const created = (await w.as.post(`/triggers/${rest?.id}/dry-run`, {})).json() as DryRunResult;
    expect(created.asArrived).toBe(true);
    expect(created.matches.map((m) => m.number)).toContain(n);
    // The same conditions on a later event see the issue as it is now: it has a team.
    const changed = (
      await w.as.post(`/triggers/${rest?.id}/dry-run`, { event: "issue_changed" })
    ).json() as DryRunResult;
    expect(changed.asArrived).toBe(false);
    expect(changed.matches).toEqual([]);
    expect(changed.failures[0]).toMatchObject({ field: "issue.team", op: "is_not_set", actuals: [team] });
  });
});

describe("the routing tester", SLOW, () => {
  const BILLING = "Hi, our invoice for April charged us twice for the same seats. Can you refund the duplicate charge?";

  it("shows the trial rule matching and Sales as the team, with no Router on Sales", async () => {
    const w = await routingWorkspace(app());
    const trial = await w.account({ type: "trial" });
    const res = await w.as.post("/routing/test", { subject: "Pricing", text: BILLING, accountId: trial });
    expect(res.statusCode).toBe(200);
    const result = res.json() as RoutingTestResult;
    expect(result.triggers.map((t) => [t.name, t.matched])).toEqual([
      ["Prospects and trials go to Sales", true],
      ["Everything else goes to Support", false],
    ]);
    expect(result.triggers[0]?.actions).toEqual(["Move to Sales"]);
    // The second rule saw the first one's team.
    expect(result.triggers[1]?.trace).toEqual([
      { field: "issue.team", op: "is_not_set", actual: w.teams.sales, matched: false },
    ]);
    expect(result.team).toEqual({ id: w.teams.sales, name: "Sales" });
    expect(result.teamBy).toEqual({ kind: "trigger", name: "Prospects and trials go to Sales" });
    expect(result.router).toBeNull();
  });

  it("scores each runbook for a customer's message and names the team the Router would pick", async () => {
    const w = await routingWorkspace(app());
    const customer = await w.account({ type: "customer" });
    const res = await w.as.post("/routing/test", { text: BILLING, accountId: customer, channel: "slack" });
    const result = res.json() as RoutingTestResult;
    expect(result.team?.name).toBe("Support");
    expect(result.router).toMatchObject({
      agentName: "Router",
      action: "route",
      team: { id: w.teams.billing, name: "Billing" },
      runbookName: "Billing",
    });
    const scores = result.router?.scores ?? [];
    expect(scores.map((s) => s.runbookName)).toEqual(
      expect.arrayContaining(["Billing", "Migrations", "Customer Success", null]),
    );
    expect(scores.find((s) => s.runbookName === null)?.teamName).toBe("Support");
    const billing = scores.find((s) => s.runbookName === "Billing")?.probability ?? 0;
    expect(Math.max(...scores.map((s) => s.probability))).toBe(billing);
    // Nothing was written: no issue, no decision.
    expect((await w.as.get("/issues")).json().items).toEqual([]);
  });

  it("falls back to the inbox's team when no trigger sets one, and refuses an empty message", async () => {
    const w = await routingWorkspace(app());
    const inbox = await w.as.post("/inboxes", { address: "billing@tester.test", teamId: w.teams.billing });
    const triggers = (await w.as.get("/triggers")).json().items as { id: string; name: string }[];
    for (const t of triggers) await w.as.patch(`/triggers/${t.id}`, { enabled: false });
    const result = (
      await w.as.post("/routing/test", { text: "Where is my receipt?", inboxId: inbox.json().id })
    ).json() as RoutingTestResult;
    expect(result.triggers.every((t) => t.skipped === "switched off")).toBe(true);
    expect(result.team).toEqual({ id: w.teams.billing, name: "Billing" });
    expect(result.teamBy).toEqual({ kind: "inbox", name: "billing@tester.test" });
    const empty = await w.as.post("/routing/test", { text: "  " });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.code).toBe("validation_failed");
  });
});
