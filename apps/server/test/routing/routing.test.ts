// The seed's routing, end to end through the API: triggers pick Sales or Support, the Router
// moves Support's issues to Customer Success / Migrations / Billing or leaves them, scoped
// teams hand issues to their owners, and every decision is explained and overridable.
import { describe, expect, it } from "vitest";
import { useTestApp } from "../harness";
import { routingWorkspace, SLOW, settle } from "./fixture";

const app = useTestApp();

const BILLING_QUESTION =
  "Hi, our invoice for April charged us twice for the same seats. Can you refund the duplicate charge?";
const HOW_TO_QUESTION =
  "How do I create a view that shows only my team's issues? The filter button does not seem to work.";

describe("routing a new issue to the right team", SLOW, () => {
  it("sends a prospect's issue to Sales by trigger, to the rep who owns the account", async () => {
    const w = await routingWorkspace(app());
    const prospect = await w.account({ type: "prospect", ownerUserId: w.users.sam });
    const n = await w.open("Pricing for 50 agents?", "What would Switchboard cost for 50 agents?", prospect);

    const issue = await w.issue(n);
    expect(issue.team?.id).toBe(w.teams.sales);
    expect(issue.assignee?.id).toBe(w.users.sam);
    const run = (await w.events(n)).find((e) => e.type === "trigger");
    expect(run?.actorType).toBe("trigger");
    expect(run?.data.name).toBe("Prospects and trials go to Sales");
    expect(run?.data.conditions).toContainEqual(
      expect.objectContaining({ field: "account.type", actual: "prospect", matched: true }),
    );
    // The Router serves Support only: a Sales issue has no routing decision.
    expect((await w.decisions(n)).filter((d) => d.kind === "route")).toEqual([]);
  });

  it("moves a customer's billing question from Support to Billing through the Router, with evidence", async () => {
    const w = await routingWorkspace(app());
    const customer = await w.account({ type: "customer" });
    const n = await w.open("Question about our invoice", BILLING_QUESTION, customer);

    const issue = await w.issue(n);
    expect(issue.team?.id).toBe(w.teams.billing);
    expect(issue.assigneeAgentId).toBeNull();
    expect(issue.assignee).toBeNull(); // Billing is pooled: the issue waits in the team queue

    const [route] = (await w.decisions(n)).filter((d) => d.kind === "route");
    expect(route?.output).toMatchObject({ action: "route", teamId: w.teams.billing, teamName: "Billing" });
    expect(route?.output.runbookName).toBe("Billing");
    expect(route?.confidence).toBeGreaterThan(0.5);
    expect(route?.evidence).toEqual(expect.arrayContaining(["invoice"]));
    expect(route?.alternatives.map((a) => a.name)).toEqual(expect.arrayContaining(["Migrations", "Customer Success"]));
    expect(route?.reason).toContain("Billing");
    expect(route?.provider).toBe("local");

    // The trail: trigger → Support, the Router takes the issue, then hands it to Billing.
    const events = await w.events(n);
    const teamMoves = events.filter((e) => e.type === "team").map((e) => [e.actorType, e.data.to]);
    expect(teamMoves).toEqual([
      ["trigger", w.teams.support],
      ["agent", w.teams.billing],
    ]);
    const agentHolds = events
      .filter((e) => e.type === "assignee")
      .map((e) => (e.data.to as { agentId: string }).agentId);
    expect(agentHolds).toEqual([w.router.id, null]);
  });

  it("leaves a how-to question with Support and the Router unassigns itself", async () => {
    const w = await routingWorkspace(app());
    const customer = await w.account({ type: "customer" });
    const n = await w.open("How do I create a view?", HOW_TO_QUESTION, customer);

    const issue = await w.issue(n);
    expect(issue.team?.id).toBe(w.teams.support);
    expect(issue.assigneeAgentId).toBeNull();
    expect(issue.assignee).toBeNull();
    const [route] = (await w.decisions(n)).filter((d) => d.kind === "route");
    expect(route?.output).toMatchObject({ action: "stay", teamId: w.teams.support, runbookId: null });
    expect(route?.reason).toMatch(/stays with Support/);
    const holds = (await w.events(n)).filter((e) => e.type === "assignee");
    expect(holds.map((e) => e.actorType)).toEqual(["agent", "agent"]);
  });

  it("sets an AI priority with its reason, and takes a person's override as a label", async () => {
    const w = await routingWorkspace(app());
    const n = await w.open("Production is down", "URGENT: our whole team cannot log in, production is down!!");
    const issue = await w.issue(n);
    expect(issue.priority).toBe("urgent");
    expect(issue.prioritySetBy).toBe("ai");
    const priority = (await w.decisions(n)).find((d) => d.kind === "priority");
    expect(priority?.output).toEqual({ priority: "urgent" });
    expect(priority?.reason).toBeTruthy();

    const res = await w.as.post(`/issues/${n}/decisions/${priority?.id}/override`, { priority: "high" });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ overriddenBy: w.users.admin, correction: { priority: "high" } });
    const after = await w.issue(n);
    expect(after.priority).toBe("high");
    expect(after.prioritySetBy).toBe("user");
  });
});

describe("assignment inside scoped teams", SLOW, () => {
  it("gives a Customer Success issue to the member covering the account's tier", async () => {
    const w = await routingWorkspace(app());
    const enterprise = await w.account({ type: "customer", tier: "Enterprise" });
    const n = await w.open("Upgrade our plan", "We would like to upgrade and add more seats at renewal.", enterprise);
    const issue = await w.issue(n);
    expect(issue.team?.id).toBe(w.teams.success);
    expect(issue.assignee?.id).toBe(w.users.casey);
  });

  it("sends issues of accounts no member covers to the team lead (the backstop)", async () => {
    const w = await routingWorkspace(app());
    const startup = await w.account({ type: "customer", tier: "Startup" });
    const n = await w.open("Upgrade our plan", "We would like to upgrade and add more seats at renewal.", startup);
    expect((await w.issue(n)).assignee?.id).toBe(w.users.admin);

    const trial = await w.account({ type: "trial" }); // no owner
    const m = await w.open("Questions before we buy", "Does the trial include the AI features?", trial);
    const issue = await w.issue(m);
    expect(issue.team?.id).toBe(w.teams.sales);
    expect(issue.assignee?.id).toBe(w.users.admin);
  });

  it("skips away members for round-robin", async () => {
    const w = await routingWorkspace(app());
    await w.as.put(`/teams/${w.teams.billing}/members/${w.users.sam}`, {});
    await w.as.put(`/teams/${w.teams.billing}/members/${w.users.casey}`, {});
    expect((await w.as.put(`/teams/${w.teams.billing}/routing`, { strategy: "round_robin" })).statusCode).toBe(200);
    await w.as.patch(`/users/${w.users.sam}`, { away: true });
    const assignees = [];
    for (const month of ["May", "June"]) {
      const n = await w.open(`Invoice for ${month}`, `Our invoice for ${month} has the wrong amount, please refund.`);
      assignees.push((await w.issue(n)).assignee?.id);
    }
    expect(assignees).toEqual([w.users.casey, w.users.casey]);
  });
});

describe("learning from corrections", SLOW, () => {
  it("turns a person's move into a label; after retraining the Router routes the next similar issue", async () => {
    const w = await routingWorkspace(app());
    const text = "Could you share your SOC 2 report and answer our security questionnaire?";
    const first = await w.open("Security review", text);
    expect((await w.issue(first)).team?.id).toBe(w.teams.support);

    // An agent decides this belongs to Customer Success.
    await w.as.patch(`/issues/${first}`, { teamId: w.teams.success });
    await settle(app());
    const [corrected] = (await w.decisions(first)).filter((d) => d.kind === "route");
    expect(corrected?.overriddenBy).toBe(w.users.admin);
    expect(corrected?.correction).toMatchObject({ teamId: w.teams.success });

    const second = await w.open("SOC 2", "Please send the SOC 2 report; our security questionnaire is attached.");
    expect((await w.issue(second)).team?.id).toBe(w.teams.success);

    const accuracy = (await w.as.get(`/ai-agents/${w.router.id}/accuracy?limit=10`)).json();
    expect(accuracy).toMatchObject({ total: 2, correct: 1, accuracy: 0.5 });
    expect(accuracy.matrix).toContainEqual({ predicted: w.teams.support, actual: w.teams.success, count: 1 });
  });

  it("overrides a routing decision from the issue: the issue moves and the decision shows who overrode it", async () => {
    const w = await routingWorkspace(app());
    const n = await w.open("Invoice", BILLING_QUESTION);
    const [route] = (await w.decisions(n)).filter((d) => d.kind === "route");
    const res = await w.as.post(`/issues/${n}/decisions/${route?.id}/override`, { teamId: w.teams.migrations });
    expect(res.statusCode).toBe(200);
    await settle(app());
    expect((await w.issue(n)).team?.id).toBe(w.teams.migrations);
    const [after] = (await w.decisions(n)).filter((d) => d.kind === "route");
    expect(after).toMatchObject({ overriddenBy: w.users.admin, correction: { teamId: w.teams.migrations } });

    // The web app's shorter form, and the one error shape for a wrong kind of override.
    const wrong = await w.as.post(`/ai-decisions/${route?.id}/override`, { priority: "low" });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.code).toBe("validation_failed");
  });
});
