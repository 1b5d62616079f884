// Set-wise routing: the new issues of one worker fetch are routed in one pass — their facts read
// together, each decided in memory (default team, the Router's runbook, the team rule, the AI
// priority) and everything written in one transaction — instead of five commands per issue. The
// steps and their events are those of `onIssueCreated`, each under the actor that takes it there.
// An issue a trigger would act on, or one that changed while the pass decided, is left to
// `onIssueCreated` (the job's own turn), as is every issue of a pass that failed. A retried batch
// (the worker died after the commit) finds its issues routed and writes nothing again.
import { and, asc, eq, inArray } from "drizzle-orm";
import { type CommandContext, runCommand } from "../commands/context";
import { applyAssignment } from "../commands/issues";
import type { CommandJobPayload } from "../commands/jobs";
import type { IssueRow } from "../commands/lookup";
import { issues, teams } from "../db/schema";
import { evaluateTrigger, invalidReasonFor } from "../domain/triggers";
import {
  type AgentRow,
  type IssueContext,
  listTriggers,
  loadCatalog,
  loadIssueContexts,
  type RoutingReads,
  routedBy,
  routerForTeam,
  type TriggerRow,
} from "../queries/routing";
import type { Services } from "../services";
import { assignWithinTeam, type TeamsInTransaction } from "./assignment";
import { awaitsPerson, ROUTING, setDefaultTeam } from "./pipeline";
import { decidePriority, PRIORITY_ACTOR, type PriorityDecision, writePriority } from "./priority";
import { agentActor, decideRoute, type RouteDecision, recordRoute } from "./router";

type NewIssue = CommandJobPayload<"issue.created">;

interface Plan {
  context: IssueContext;
  /** The channel's team, when the issue has none (it exists: checked while planning). */
  defaultTeamId: string | null;
  route: { agent: AgentRow; decided: RouteDecision } | null;
  priority: PriorityDecision | null;
}

/**
 * Routes these new issues of one workspace in one pass; returns the ids it routed (their AI
 * fields are still to fill). The rest take `onIssueCreated`, one at a time.
 */
export async function routeNewIssues(
  services: Services,
  workspaceId: string,
  jobs: readonly NewIssue[],
  reads: RoutingReads,
): Promise<Set<string>> {
  const db = services.database.db;
  // A retried job may share its fetch with its first run: each issue is planned once.
  const created = [...new Map(jobs.map((job) => [job.issueId, job])).values()];
  const contexts = await loadIssueContexts(
    db,
    workspaceId,
    created.map((c) => c.issueId),
    { now: services.now?.(), reads },
  );
  const untriggered = await withoutTriggers(services, workspaceId, created, contexts, reads);
  const plans: Plan[] = [];
  for (const item of untriggered) {
    const context = contexts.get(item.issueId);
    if (context) plans.push(await plan(services, workspaceId, item, context, reads));
  }
  await skipRouted(services, plans);
  if (plans.length === 0) return new Set();
  try {
    // Write-behind: the steps' UPDATEs and decisions are one statement at the end, not a round trip each.
    return await runCommand(services, { workspaceId, actor: ROUTING, writeBehind: true }, async (ctx) => {
      const locked = await ctx.tx
        .select()
        .from(issues)
        .where(
          and(
            eq(issues.workspaceId, workspaceId),
            inArray(
              issues.id,
              plans.map((p) => p.context.issue.id),
            ),
          ),
        )
        .orderBy(asc(issues.id))
        .for("update");
      const current = new Map(locked.map((row) => [row.id, row]));
      const teamsRead: TeamsInTransaction = new Map();
      const routed = new Set<string>();
      for (const p of plans) {
        const row = current.get(p.context.issue.id);
        // Changed since it was read (a person, a reply): decided again on its own.
        if (!row || row.updatedAt.getTime() !== p.context.issue.updatedAt.getTime()) continue;
        await carryOut(ctx, row, p, teamsRead);
        routed.add(row.id);
      }
      return routed;
    });
  } catch {
    // Every issue of the batch is routed again on its own, each with its own outcome.
    return new Set();
  }
}

/**
 * The issues no issue_created trigger acts on. A trigger that matches runs as its own command
 * (its actions may be anything), and one whose flag is out of date is re-flagged by that path:
 * such issues, or all of them, are left to `onIssueCreated`.
 */
async function withoutTriggers(
  services: Services,
  workspaceId: string,
  created: readonly NewIssue[],
  contexts: Map<string, IssueContext>,
  reads: RoutingReads,
): Promise<NewIssue[]> {
  const db = services.database.db;
  const listed = await reads.once(`triggers:${workspaceId}`, () => listTriggers(db, workspaceId));
  const all = listed.filter((t) => t.event === "issue_created" && t.enabled);
  if (all.length === 0) return [...created];
  const catalog = await reads.once(`catalog:${workspaceId}`, () => loadCatalog(db, workspaceId));
  const valid: TriggerRow[] = [];
  for (const trigger of all) {
    const reason = invalidReasonFor(trigger, catalog);
    if (reason !== trigger.invalidReason) return [];
    if (!reason) valid.push(trigger);
  }
  return created.filter((item) => {
    const context = contexts.get(item.issueId);
    if (!context) return false;
    const facts = { ...context.facts, change: null };
    return !valid.some((t) => evaluateTrigger({ ...t, invalidReason: null }, "issue_created", facts).matched);
  });
}

/** What routing will do to one issue, decided before any lock is taken (the Router may call out). */
async function plan(
  services: Services,
  workspaceId: string,
  item: NewIssue,
  context: IssueContext,
  reads: RoutingReads,
): Promise<Plan> {
  const db = services.database.db;
  const { issue } = context;
  let defaultTeamId: string | null = null;
  if (!issue.teamId && item.defaultTeamId) {
    const teamId = item.defaultTeamId;
    // The inbox's team may have been deleted since the mail arrived; then the issue stays unrouted.
    const team = await reads.once(`team:${workspaceId}:${teamId}`, async () => {
      const [row] = await db
        .select({ id: teams.id })
        .from(teams)
        .where(and(eq(teams.workspaceId, workspaceId), eq(teams.id, teamId)));
      return row ?? null;
    });
    if (team) defaultTeamId = teamId;
  }
  const teamId = issue.teamId ?? defaultTeamId;
  let route: Plan["route"] = null;
  if (teamId && !issue.assigneeUserId && issue.state !== "closed") {
    const agent = await reads.once(`router:${workspaceId}:${teamId}`, () => routerForTeam(db, workspaceId, teamId));
    if (agent) route = { agent, decided: await decideRoute(services, workspaceId, agent, context.text, reads) };
  }
  const priority = await decidePriority(services, workspaceId, context, reads);
  return { context, defaultTeamId, route, priority };
}

/** An agent routes an issue once: a retried batch finds its decisions and does not route again. */
async function skipRouted(services: Services, plans: Plan[]) {
  const byAgent = new Map<string, Plan[]>();
  for (const p of plans) if (p.route) byAgent.set(p.route.agent.id, [...(byAgent.get(p.route.agent.id) ?? []), p]);
  for (const [agentId, routing] of byAgent) {
    const done = await routedBy(
      services.database.db,
      agentId,
      routing.map((p) => p.context.issue.id),
    );
    for (const p of routing) if (done.has(p.context.issue.id)) p.route = null;
  }
}

/** `onIssueCreated`'s steps on one locked issue, each under its actor, in the shared transaction. */
async function carryOut(ctx: CommandContext, locked: IssueRow, p: Plan, teamsRead: TeamsInTransaction) {
  let issue = locked;
  if (p.defaultTeamId && !issue.teamId) issue = await setDefaultTeam(ctx, issue, p.defaultTeamId);
  if (p.route) {
    const agentCtx = { ...ctx, actor: agentActor(p.route.agent) };
    issue = await applyAssignment(agentCtx, issue, { assigneeAgentId: p.route.agent.id });
    issue = await recordRoute(agentCtx, issue, p.route.agent, p.context.text, p.route.decided);
  }
  if (awaitsPerson(issue)) await assignWithinTeam(ctx, issue, undefined, teamsRead);
  // The priority step reads only what routing leaves alone (who set the priority, the number).
  if (p.priority) await writePriority({ ...ctx, actor: PRIORITY_ACTOR }, issue, p.priority);
}
