// The routing pipeline as job handlers. A new issue: triggers (Sales vs Support) → the channel's
// default team if no trigger set one → the team's Router agent → a person inside the team → AI
// priority → AI custom fields (ROUTING_ORDER says the same to admins). Later changes by people re-run the
// issue_changed triggers and teach the Router; changes made by routing itself are not re-reacted to.
import { and, eq } from "drizzle-orm";
import { type Actor, type CommandContext, runCommand } from "../commands/context";
import { applyAssignment } from "../commands/issues";
import type { CommandJobPayload } from "../commands/jobs";
import { type IssueRow, loadIssueByIdForUpdate } from "../commands/lookup";
import { markOverridden, PRIORITY_TASK, routeLabel } from "../commands/routing";
import { teams } from "../db/schema";
import {
  FRESH_READS,
  getAgent,
  latestEvent,
  listAgents,
  listDecisions,
  loadIssueContext,
  type RoutingReads,
  routingReads,
} from "../queries/routing";
import type { Services } from "../services";
import { fillAiFields } from "./aiFields";
import { assignWithinTeam } from "./assignment";
import { trainRouter } from "./model";
import { prioritise, retrainPriority } from "./priority";
import { routeWithAgent } from "./router";
import { runTriggers } from "./triggers";

export const ROUTING: Actor = { type: "system", name: "routing" };

/**
 * Routes one new issue. `reads` is shared by the issues of one worker fetch (a batch): the
 * workspace's triggers, calendars, agents and models are read once for all of them.
 */
export async function onIssueCreated(
  services: Services,
  data: CommandJobPayload<"issue.created">,
  reads: RoutingReads = routingReads(),
): Promise<void> {
  const { workspaceId, issueId } = data;
  await runTriggers(services, { workspaceId, issueId, event: "issue_created", reads });
  if (data.defaultTeamId) await applyDefaultTeam(services, workspaceId, issueId, data.defaultTeamId, reads);
  await routeWithAgent(services, workspaceId, issueId, reads);
  await assignInTeam(services, workspaceId, issueId, reads);
  await prioritise(services, workspaceId, issueId, reads);
  await fillAiFields(services, workspaceId, issueId, { reads });
}

export async function onMessageReceived(
  services: Services,
  data: CommandJobPayload<"message.received">,
  reads: RoutingReads = routingReads(),
): Promise<void> {
  await runTriggers(services, {
    workspaceId: data.workspaceId,
    issueId: data.issueId,
    event: "message_received",
    messageId: data.messageId,
    reads,
  });
}

/** Reacts to a person's team or state change; routing's own changes were handled inline. */
export async function onIssueChanged(services: Services, data: CommandJobPayload<"issue.changed">): Promise<void> {
  const { workspaceId, issueId, change } = data;
  // Not a person's change: nothing to learn or re-run. A person's later change has a job of its own.
  if (data.byUser === false) return;
  const event = await latestEvent(services.database.db, issueId, change);
  if (event?.actorType !== "user") return;
  if (change === "team") await learnFromMove(services, workspaceId, issueId, event.actorId, data.to);
  await runTriggers(services, {
    workspaceId,
    issueId,
    event: "issue_changed",
    change: { field: change, from: data.from, to: data.to },
  });
  if (change === "team") {
    await routeWithAgent(services, workspaceId, issueId);
    await assignInTeam(services, workspaceId, issueId);
  }
}

/** A person moving a routed issue elsewhere is a correction of the Router: a training label. */
async function learnFromMove(
  services: Services,
  workspaceId: string,
  issueId: string,
  userId: string | null,
  toTeam: string | null,
) {
  const decisions = await listDecisions(services.database.db, workspaceId, issueId);
  const decision = decisions.find((d) => d.kind === "route");
  if (!decision || decision.overriddenAt || decision.output.teamId === toTeam) return;
  await runCommand(services, { workspaceId, actor: ROUTING }, async (ctx) => {
    const label = await routeLabel(ctx, decision, toTeam);
    await markOverridden(ctx, decision, label, { teamId: toTeam, via: "moved" }, userId);
  });
}

/** The channel's team (an inbox's) is the fallback: it applies only when no trigger set a team. */
async function applyDefaultTeam(
  services: Services,
  workspaceId: string,
  issueId: string,
  teamId: string,
  reads: RoutingReads,
) {
  await runCommand(services, { workspaceId, actor: ROUTING }, async (ctx) => {
    const issue = await loadIssueByIdForUpdate(ctx, issueId);
    if (issue.teamId) return;
    // The inbox's team may have been deleted since the mail arrived; then the issue stays unrouted.
    const team = await reads.once(`team:${workspaceId}:${teamId}`, async () => {
      const [row] = await ctx.tx
        .select({ id: teams.id })
        .from(teams)
        .where(and(eq(teams.workspaceId, workspaceId), eq(teams.id, teamId)));
      return row ?? null;
    });
    if (!team) return;
    await setDefaultTeam(ctx, issue, teamId);
  });
}

/** The channel's team on an issue no trigger gave one (the team is known to exist). */
export async function setDefaultTeam(ctx: CommandContext, issue: IssueRow, teamId: string) {
  const via = issue.source.inbox ? `the inbox ${issue.source.inbox}` : `the ${issue.channel} channel`;
  return applyAssignment(ctx, issue, { teamId, teamReason: `default team of ${via}; no trigger set a team` });
}

/** An issue still held by an AI agent is not handed to a person yet. */
export const awaitsPerson = (issue: Pick<IssueRow, "teamId" | "assigneeUserId" | "assigneeAgentId">) =>
  Boolean(issue.teamId && !issue.assigneeUserId && !issue.assigneeAgentId);

async function assignInTeam(services: Services, workspaceId: string, issueId: string, reads = FRESH_READS) {
  const context = await loadIssueContext(services.database.db, workspaceId, issueId, { reads });
  if (!context || !awaitsPerson(context.issue)) return;
  await runCommand(services, { workspaceId, actor: ROUTING }, async (ctx) =>
    assignWithinTeam(ctx, await loadIssueByIdForUpdate(ctx, issueId)),
  );
}

export async function retrain(services: Services, data: CommandJobPayload<"routing.retrain">): Promise<void> {
  const { task } = data;
  if (task === PRIORITY_TASK) return retrainPriority(services, data.workspaceId);
  const agentId = task.startsWith("route:") ? task.slice("route:".length) : null;
  // The agent may have been deleted since the correction; then there is nothing to train.
  const agents = await listAgents(services.database.db, data.workspaceId);
  if (agentId && agents.some((a) => a.id === agentId)) {
    await trainRouter(services, await getAgent(services.database.db, data.workspaceId, agentId));
  }
}
