// Set-wise routing (routing/batch.ts): the new issues of one worker fetch routed in one pass end
// up exactly as routing them one at a time would leave them — team, assignee, priority, the AI
// decisions and the event trail — and a batch run again (its jobs retried after a crash past the
// commit) writes nothing twice.
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { runCommand } from "../../src/commands/context";
import { ingestInbound } from "../../src/commands/inbound";
import { notifications } from "../../src/db/schema";
import { routingReads } from "../../src/queries/routing";
import { routeNewIssues } from "../../src/routing/batch";
import { onIssueCreated } from "../../src/routing/pipeline";
import { type TestApp, unique, useTestApp } from "../harness";
import { routingWorkspace, settle } from "./fixture";

const app = useTestApp();
/** Builds the seed's routing and routes a dozen issues twice: minutes on a busy machine. */
const SLOWER = { timeout: 300_000 };

const MAILS = [
  "Our invoice for April charged us twice for the same seats. Can you refund the duplicate charge?",
  "How do I create a view that shows only my team's issues? The filter button does not seem to work.",
  "We are moving from Zendesk next month and need help importing our ticket history and macros.",
  "Everything is down for our whole company, nobody can log in since an hour. This is urgent!",
  "Our renewal is coming up and we would like to review the contract and the seat count with someone.",
  "The CSV export stops at 10,000 rows; we need the full quarter for the board meeting.",
];

/** The seed's routing without its triggers: new issues fall to the inbox's team (Support) and its Router. */
async function world(test: TestApp) {
  const w = await routingWorkspace(test);
  for (const trigger of (await w.as.get("/triggers")).json().items as { id: string }[]) {
    expect((await w.as.delete(`/triggers/${trigger.id}`)).statusCode).toBe(200);
  }
  const enterprise = await w.account({ type: "customer", tier: "Enterprise" });
  const owned = await w.account({ type: "customer", ownerUserId: w.users.sam });
  const accounts = [undefined, enterprise, owned];
  // Issues written as mail arrives, with no jobs (replay): the test runs routing itself.
  const arrive = async (text: string, i: number) => {
    const result = await runCommand(
      { ...test.services, replay: true },
      { workspaceId: w.ws.workspaceId, actor: { type: "system", name: "email" } },
      (ctx) =>
        ingestInbound(ctx, {
          workspaceId: w.ws.workspaceId,
          channel: "email",
          threadKey: `<${unique("t")}@customer.test>`,
          externalId: `<${unique("m")}@customer.test>`,
          author: { email: `${unique("c")}@customer.test` },
          subject: text.split(/[.?!]/)[0],
          text,
          sentAt: new Date(),
          source: { inbox: "support@example.test" },
          accountId: accounts[i % accounts.length],
          defaultTeamId: w.teams.support,
        }),
    );
    return { workspaceId: w.ws.workspaceId, issueId: result.issue.id, number: result.issue.number };
  };
  /** What routing left on an issue, in words that do not depend on which issue it is. */
  const outcome = async (n: number) => {
    const issue = await w.issue(n);
    const decisions = (await w.decisions(n)).map((d) => ({
      kind: d.kind,
      output: d.output,
      confidence: d.confidence,
      reason: d.reason,
      agentId: d.agentId,
    }));
    const events = (await w.events(n)).map((e) => ({
      type: e.type,
      actorType: e.actorType,
      ...(e.type === "team" && { to: e.data.to, reason: e.data.reason }),
      ...(e.type === "assignee" && { to: e.data.to }),
      ...(e.type === "priority" && { to: e.data.to, setBy: e.data.setBy }),
    }));
    // Written under write-behind in the batch (commands/writeBehind.ts): the assignee is told as alone.
    const told = await test.services.database.db
      .select({ userId: notifications.userId, kind: notifications.kind })
      .from(notifications)
      .where(eq(notifications.issueId, issue.id));
    return {
      team: issue.team?.id,
      assignee: issue.assignee?.id ?? null,
      told,
      agent: issue.assigneeAgentId,
      priority: issue.priority,
      decisions: decisions.sort((a, b) => a.kind.localeCompare(b.kind)),
      events,
    };
  };
  return { ...w, arrive, outcome };
}

describe("routing the new issues of a batch in one pass", SLOWER, () => {
  it("decides each issue as routing it alone does: team, assignee, priority, decisions and events", async () => {
    const w = await world(app());
    const alone = [];
    for (const [i, text] of MAILS.entries()) alone.push(await w.arrive(text, i));
    const together = [];
    for (const [i, text] of MAILS.entries()) together.push(await w.arrive(text, i));

    for (const issue of alone) {
      await onIssueCreated(app().services, { ...issue, defaultTeamId: w.teams.support });
    }
    const routed = await routeNewIssues(
      app().services,
      w.ws.workspaceId,
      together.map((issue) => ({ ...issue, defaultTeamId: w.teams.support })),
      routingReads(),
    );
    expect(routed.size).toBe(MAILS.length);
    await settle(app());

    for (const [i, issue] of alone.entries()) {
      const one = await w.outcome(issue.number);
      const batch = await w.outcome(together[i]?.number ?? 0);
      expect(batch).toEqual(one);
    }
    // Not a vacuous match: the Router moved some issues, a scoped team gave one to a person, AI set priorities.
    const outcomes = await Promise.all(together.map((issue) => w.outcome(issue.number)));
    expect(new Set(outcomes.map((o) => o.team)).size).toBeGreaterThan(1);
    expect(outcomes.some((o) => o.assignee !== null)).toBe(true);
    expect(outcomes.some((o) => o.told.length > 0)).toBe(true);
    expect(outcomes.every((o) => o.decisions.some((d) => d.kind === "priority"))).toBe(true);
    expect(outcomes.some((o) => o.decisions.some((d) => d.kind === "route"))).toBe(true);
  });

  it("writes nothing twice when the batch's jobs run again after a crash past the commit", async () => {
    const w = await world(app());
    const issues = [];
    for (const [i, text] of MAILS.entries()) issues.push(await w.arrive(text, i));
    const jobs = issues.map((issue) => ({ ...issue, defaultTeamId: w.teams.support }));
    await routeNewIssues(app().services, w.ws.workspaceId, jobs, routingReads());
    await settle(app());
    const before = await Promise.all(issues.map((issue) => w.outcome(issue.number)));

    // pg-boss hands the same jobs out again: through the worker (the batch pass) and one by one.
    for (const job of jobs) await app().services.jobs.enqueue("issue.created", job);
    await settle(app());
    for (const job of jobs) await onIssueCreated(app().services, job);
    expect(await routeNewIssues(app().services, w.ws.workspaceId, jobs, routingReads())).toEqual(
      new Set(jobs.map((j) => j.issueId)),
    );
    await settle(app());

    const after = await Promise.all(issues.map((issue) => w.outcome(issue.number)));
    expect(after).toEqual(before);
  });

  it("leaves an issue a trigger acts on to the step-by-step path, which runs the trigger", async () => {
    const w = await world(app());
    const trigger = await w.as.post("/triggers", {
      name: "Refunds are urgent",
      event: "issue_created",
      conditions: { all: [{ field: "issue.title", op: "contains", value: "invoice" }] },
      actions: [{ type: "set_priority", priority: "urgent" }],
    });
    expect(trigger.statusCode).toBe(201);
    const invoice = await w.arrive(MAILS[0] ?? "", 0);
    const howTo = await w.arrive(MAILS[1] ?? "", 0);
    const [first, second] = [invoice, howTo].map((issue) => ({ ...issue, defaultTeamId: w.teams.support }));
    if (!first || !second) throw new Error("two issues expected");
    const jobs = [first, second];

    const routed = await routeNewIssues(app().services, w.ws.workspaceId, jobs, routingReads());
    expect([...routed]).toEqual([howTo.issueId]);
    await onIssueCreated(app().services, first);
    await settle(app());
    const issue = await w.issue(invoice.number);
    expect(issue.priority).toBe("urgent");
    expect((await w.events(invoice.number)).some((e) => e.type === "trigger")).toBe(true);
  });
});
