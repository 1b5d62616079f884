// The Router AI agent. When an issue first lands on its team (Support) it takes the issue,
// reads its runbooks, and either moves the issue to a runbook's team or unassigns itself and
// leaves it with Support — recording an ai_decision with confidence, evidence and alternatives.
import { and, eq } from "drizzle-orm";
import type { Prediction } from "../ai/local";
import { type RouteAnswer, type RouteRequest, routeEngineFor } from "../ai/provider";
import { type Actor, type CommandContext, runCommand } from "../commands/context";
import { applyAssignment } from "../commands/issues";
import { type IssueRow, loadIssueByIdForUpdate } from "../commands/lookup";
import { noteDecision } from "../commands/routing";
import { aiDecisions, teams } from "../db/schema";
import {
  type AgentRow,
  type AgentWithRunbooks,
  FRESH_READS,
  getAgent,
  loadIssueContext,
  type RoutingReads,
  routerForTeam,
} from "../queries/routing";
import type { Services } from "../services";
import { NONE_LABEL, routerModel } from "./model";

/** Runs the Router on the issue if its team has one and it has not routed this issue before. */
export async function routeWithAgent(
  services: Services,
  workspaceId: string,
  issueId: string,
  reads: RoutingReads = FRESH_READS,
): Promise<boolean> {
  const db = services.database.db;
  const context = await loadIssueContext(db, workspaceId, issueId, { reads });
  const teamId = context?.issue.teamId;
  if (!context || !teamId || context.issue.assigneeUserId || context.issue.state === "closed") return false;
  const agent = await reads.once(`router:${workspaceId}:${teamId}`, () => routerForTeam(db, workspaceId, teamId));
  if (!agent || (await alreadyRouted(services, issueId, agent))) return false;

  const actor = agentActor(agent);
  await runCommand(services, { workspaceId, actor }, async (ctx) =>
    applyAssignment(ctx, await loadIssueByIdForUpdate(ctx, issueId), { assigneeAgentId: agent.id }),
  );
  const decided = await decideRoute(services, workspaceId, agent, context.text, reads);
  await runCommand(services, { workspaceId, actor }, async (ctx) =>
    recordRoute(ctx, await loadIssueByIdForUpdate(ctx, issueId), agent, context.text, decided),
  );
  return true;
}

export const agentActor = (agent: AgentRow): Actor => ({ type: "agent", agentId: agent.id, name: agent.name });

export type RouteDecision = Awaited<ReturnType<typeof decideRoute>>;

/**
 * Records the Router's decision on the issue (locked by the caller, which the agent holds) and
 * moves it to the chosen runbook's team, or leaves it with the agent's own team.
 */
export async function recordRoute(
  ctx: CommandContext,
  issue: IssueRow,
  agent: AgentRow,
  text: string,
  { book, homeName, request, answer }: RouteDecision,
): Promise<IssueRow> {
  const target = request.options.find((o) => o.label === answer.label);
  const runbook = book.runbooks.find((r) => r.targetTeamId === target?.label);
  await noteDecision(ctx, issue, {
    kind: "route",
    agentId: agent.id,
    input: { text: text.slice(0, 4_000), teamId: issue.teamId },
    output: target
      ? {
          action: "route",
          teamId: target.label,
          teamName: target.name,
          runbookId: runbook?.id,
          runbookName: runbook?.name,
        }
      : { action: "stay", teamId: agent.teamId, teamName: homeName, runbookId: null, runbookName: null },
    confidence: answer.confidence,
    reason: answer.reason,
    evidence: answer.evidence,
    alternatives: answer.scores.map((s) => ({ ...s, name: nameOf(request, s.label) })),
    provider: answer.provider,
  });
  // Someone took the issue while the Router was thinking: record, but do not move it.
  if (issue.assigneeAgentId !== agent.id) return issue;
  return applyAssignment(
    ctx,
    issue,
    target ? { teamId: target.label, assigneeAgentId: null } : { assigneeAgentId: null },
  );
}

/** The agent's answer for a text: its runbooks as options, scored by the configured engine. */
export async function decideRoute(
  services: Services,
  workspaceId: string,
  agent: AgentRow,
  text: string,
  reads: RoutingReads = FRESH_READS,
) {
  const book = await reads.once(`agent:${agent.id}`, () => getAgent(services.database.db, workspaceId, agent.id));
  const homeName = await reads.once(`teamName:${agent.teamId}`, () => teamName(services, workspaceId, agent.teamId));
  const request = routeRequest(text, book, homeName);
  const model = await reads.once(`model:${agent.id}`, () => routerModel(services, book));
  const answer = await routeEngineFor(services.config).route(request, () => localAnswer(model.predict(text), request));
  return { book, homeName, request, answer };
}

async function alreadyRouted(services: Services, issueId: string, agent: AgentRow): Promise<boolean> {
  const [row] = await services.database.db
    .select({ id: aiDecisions.id })
    .from(aiDecisions)
    .where(and(eq(aiDecisions.issueId, issueId), eq(aiDecisions.kind, "route"), eq(aiDecisions.agentId, agent.id)))
    .limit(1);
  return Boolean(row);
}

async function teamName(services: Services, workspaceId: string, teamId: string | null): Promise<string> {
  if (!teamId) return "its team";
  const [team] = await services.database.db
    .select({ name: teams.name })
    .from(teams)
    .where(and(eq(teams.workspaceId, workspaceId), eq(teams.id, teamId)));
  return team?.name ?? "its team";
}

function routeRequest(text: string, book: AgentWithRunbooks, homeName: string): RouteRequest {
  return {
    text,
    options: book.runbooks
      .filter((r) => r.enabled && r.targetTeamId)
      .map((r) => ({
        label: r.targetTeamId ?? "",
        name: r.targetTeamName ?? r.name,
        instructions: r.instructions,
        examples: r.examples,
      })),
    home: { name: homeName, instructions: book.agent.homeInstructions },
  };
}

export function nameOf(request: RouteRequest, label: string): string {
  if (label === NONE_LABEL) return `Stay with ${request.home.name}`;
  return request.options.find((o) => o.label === label)?.name ?? label;
}

/** The local classifier's prediction as a route answer with a human-readable reason. */
export function localAnswer(prediction: Prediction, request: RouteRequest): RouteAnswer {
  const label = prediction.label && prediction.label !== NONE_LABEL ? prediction.label : null;
  const quoted = prediction.evidence.map((e) => `“${e}”`).join(", ");
  const best = prediction.scores.find((s) => s.label !== NONE_LABEL);
  const pct = (p: number) => `${Math.round(p * 100)}%`;
  const reason = label
    ? `Matches the ${nameOf(request, label)} runbook (${pct(prediction.confidence)})${quoted ? `: ${quoted}` : ""}.`
    : `No runbook fits well enough${best ? ` (closest: ${nameOf(request, best.label)}, ${pct(best.probability)})` : ""}; stays with ${request.home.name}.`;
  return {
    label,
    // Staying is itself a decision: its confidence is that no runbook applies.
    confidence: label ? prediction.confidence : 1 - (best?.probability ?? 0),
    reason,
    evidence: prediction.evidence,
    scores: prediction.scores,
    provider: "local",
  };
}
