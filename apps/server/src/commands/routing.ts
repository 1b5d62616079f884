// Routing configuration (triggers, AI agents, runbooks, team assignment rules) and the AI
// decision record: recording a decision, a person overriding it, the label that becomes.
import { and, eq } from "drizzle-orm";
import {
  aiAgents,
  aiDecisions,
  aiLabels,
  routerModels,
  runbookExamples,
  runbooks,
  type TEAM_ASSIGNMENT_STRATEGIES,
  teamRouting,
  triggers,
} from "../db/schema";
import { conflict, invalid, notFound } from "../domain/errors";
import type { Priority } from "../domain/lifecycle";
import { invalidReasonFor, type TriggerRule } from "../domain/triggers";
import { getDecision, loadCatalog } from "../queries/routing";
import { recordSettingChange } from "./audit";
import { authorize } from "./authorize";
import type { CommandContext } from "./context";
import { appendEvent } from "./events";
import { applyAssignment, setIssueFields, setPriority } from "./issues";
import { assertTeam, type IssueRow, loadIssueByIdForUpdate, loadIssueForUpdate } from "./lookup";

// ---- triggers --------------------------------------------------------------------------

export type TriggerInput = Omit<TriggerRule, "id" | "enabled"> & { enabled?: boolean; position?: number };

export async function createTrigger(ctx: CommandContext, input: TriggerInput) {
  authorize(ctx, "settings.write");
  await assertRunnable(ctx, input);
  const [row] = await ctx.tx
    .insert(triggers)
    .values({
      workspaceId: ctx.workspaceId,
      ...input,
      noReplyHours: input.noReplyHours ?? null,
      slaWarningMinutes: input.slaWarningMinutes ?? null,
    })
    .returning();
  if (!row) throw new Error("trigger insert returned nothing");
  await recordSettingChange(ctx, { type: "trigger", id: row.id }, null, row);
  await ctx.notify({ kind: "settings", id: row.id, action: "trigger.created" });
  return row;
}

export async function updateTrigger(ctx: CommandContext, id: string, input: Partial<TriggerInput>) {
  authorize(ctx, "settings.write");
  const current = await loadTrigger(ctx, id);
  await assertRunnable(ctx, {
    conditions: input.conditions ?? current.conditions,
    actions: input.actions ?? current.actions,
  });
  const [row] = await ctx.tx
    .update(triggers)
    // Saving a trigger that passes validation clears an earlier flag.
    .set({ ...input, invalidReason: null, updatedAt: new Date() })
    .where(eq(triggers.id, id))
    .returning();
  if (!row) throw new Error("trigger vanished");
  await recordSettingChange(ctx, { type: "trigger", id }, current, row);
  await ctx.notify({ kind: "settings", id, action: "trigger.updated" });
  return row;
}

export async function deleteTrigger(ctx: CommandContext, id: string) {
  authorize(ctx, "settings.write");
  const before = await loadTrigger(ctx, id);
  await ctx.tx.delete(triggers).where(eq(triggers.id, id));
  await recordSettingChange(ctx, { type: "trigger", id }, before, null);
  await ctx.notify({ kind: "settings", id, action: "trigger.deleted" });
}

/** The pipeline marks a trigger that names something deleted; it is skipped until fixed. */
export async function flagTrigger(ctx: CommandContext, id: string, reason: string | null) {
  await ctx.tx
    .update(triggers)
    .set({ invalidReason: reason })
    .where(and(eq(triggers.workspaceId, ctx.workspaceId), eq(triggers.id, id)));
}

async function assertRunnable(ctx: CommandContext, trigger: Pick<TriggerRule, "conditions" | "actions">) {
  const reason = invalidReasonFor(trigger, await loadCatalog(ctx.tx, ctx.workspaceId));
  if (reason) throw invalid(`This trigger cannot run: ${reason}.`, { reason });
}

async function loadTrigger(ctx: CommandContext, id: string) {
  const [row] = await ctx.tx
    .select()
    .from(triggers)
    .where(and(eq(triggers.workspaceId, ctx.workspaceId), eq(triggers.id, id)));
  if (!row) throw notFound("Trigger");
  return row;
}

// ---- AI agents and runbooks -------------------------------------------------------------

export interface AgentInput {
  name: string;
  teamId?: string | null;
  homeInstructions?: string;
  threshold?: number;
  enabled?: boolean;
}

export async function createAgent(ctx: CommandContext, input: AgentInput) {
  authorize(ctx, "settings.write");
  if (input.teamId) await assertTeam(ctx, input.teamId);
  const rows = await ctx.tx
    .insert(aiAgents)
    .values({ workspaceId: ctx.workspaceId, ...input, name: input.name.trim() })
    .onConflictDoNothing()
    .returning();
  const agent = rows[0];
  if (!agent) throw conflict(`An AI agent named "${input.name}" already exists.`);
  await recordSettingChange(ctx, { type: "ai_agent", id: agent.id }, null, agent);
  return agent;
}

export async function updateAgent(ctx: CommandContext, agentId: string, input: Partial<AgentInput>) {
  authorize(ctx, "settings.write");
  const before = await loadAgent(ctx, agentId);
  if (input.teamId) await assertTeam(ctx, input.teamId);
  const [agent] = await ctx.tx
    .update(aiAgents)
    .set({ ...input, updatedAt: new Date() })
    .where(eq(aiAgents.id, agentId))
    .returning();
  await dropModel(ctx, routeTask(agentId));
  await recordSettingChange(ctx, { type: "ai_agent", id: agentId }, before, agent);
  return agent;
}

export interface RunbookInput {
  name: string;
  instructions: string;
  targetTeamId: string;
  examples?: string[];
  position?: number;
  enabled?: boolean;
}

export async function createRunbook(ctx: CommandContext, agentId: string, input: RunbookInput) {
  authorize(ctx, "settings.write");
  await loadAgent(ctx, agentId);
  await assertTeam(ctx, input.targetTeamId);
  const { examples, ...fields } = input;
  const [runbook] = await ctx.tx
    .insert(runbooks)
    .values({ workspaceId: ctx.workspaceId, agentId, ...fields })
    .returning();
  if (!runbook) throw new Error("runbook insert returned nothing");
  await replaceExamples(ctx, runbook.id, examples ?? []);
  await dropModel(ctx, routeTask(agentId));
  await recordSettingChange(ctx, { type: "runbook", id: runbook.id }, null, { ...runbook, examples });
  return runbook;
}

export async function updateRunbook(ctx: CommandContext, agentId: string, id: string, input: Partial<RunbookInput>) {
  authorize(ctx, "settings.write");
  const before = await loadRunbook(ctx, agentId, id);
  if (input.targetTeamId) await assertTeam(ctx, input.targetTeamId);
  const { examples, ...fields } = input;
  const [runbook] = await ctx.tx
    .update(runbooks)
    .set({ ...fields, updatedAt: new Date() })
    .where(eq(runbooks.id, id))
    .returning();
  if (examples) await replaceExamples(ctx, id, examples);
  await dropModel(ctx, routeTask(agentId));
  await recordSettingChange(ctx, { type: "runbook", id }, before, runbook);
  return runbook;
}

export async function deleteRunbook(ctx: CommandContext, agentId: string, id: string) {
  authorize(ctx, "settings.write");
  const before = await loadRunbook(ctx, agentId, id);
  await ctx.tx.delete(runbooks).where(eq(runbooks.id, id));
  await recordSettingChange(ctx, { type: "runbook", id }, before, null);
  await dropModel(ctx, routeTask(agentId));
}

async function replaceExamples(ctx: CommandContext, runbookId: string, examples: string[]) {
  await ctx.tx.delete(runbookExamples).where(eq(runbookExamples.runbookId, runbookId));
  const texts = examples.map((e) => e.trim()).filter(Boolean);
  if (texts.length === 0) return;
  await ctx.tx.insert(runbookExamples).values(texts.map((text) => ({ workspaceId: ctx.workspaceId, runbookId, text })));
}

async function loadAgent(ctx: CommandContext, agentId: string) {
  const [agent] = await ctx.tx
    .select()
    .from(aiAgents)
    .where(and(eq(aiAgents.workspaceId, ctx.workspaceId), eq(aiAgents.id, agentId)));
  if (!agent) throw notFound("AI agent");
  return agent;
}

async function loadRunbook(ctx: CommandContext, agentId: string, id: string) {
  const [row] = await ctx.tx
    .select()
    .from(runbooks)
    .where(and(eq(runbooks.workspaceId, ctx.workspaceId), eq(runbooks.agentId, agentId), eq(runbooks.id, id)));
  if (!row) throw notFound("Runbook");
  return row;
}

// ---- models ------------------------------------------------------------------------------

export const routeTask = (agentId: string) => `route:${agentId}`;
export const PRIORITY_TASK = "priority";

/** A runbook change makes the trained model stale: the next decision trains afresh. */
async function dropModel(ctx: CommandContext, task: string) {
  await ctx.tx
    .delete(routerModels)
    .where(and(eq(routerModels.workspaceId, ctx.workspaceId), eq(routerModels.task, task)));
}

export async function saveModel(ctx: CommandContext, task: string, model: unknown, exampleCount: number) {
  await ctx.tx
    .insert(routerModels)
    .values({ workspaceId: ctx.workspaceId, task, model, exampleCount })
    .onConflictDoUpdate({
      target: [routerModels.workspaceId, routerModels.task],
      set: { model, exampleCount, trainedAt: new Date() },
    });
}

// ---- team assignment rules ----------------------------------------------------------------

export type AssignmentStrategy = (typeof TEAM_ASSIGNMENT_STRATEGIES)[number];

export async function setTeamRouting(ctx: CommandContext, teamId: string, strategy: AssignmentStrategy) {
  authorize(ctx, "settings.write");
  await assertTeam(ctx, teamId);
  await ctx.tx
    .insert(teamRouting)
    .values({ workspaceId: ctx.workspaceId, teamId, strategy })
    .onConflictDoUpdate({ target: teamRouting.teamId, set: { strategy, updatedAt: new Date() } });
}

export async function advanceRoundRobin(ctx: CommandContext, teamId: string, userId: string) {
  await ctx.tx
    .insert(teamRouting)
    .values({ workspaceId: ctx.workspaceId, teamId, lastAssignedUserId: userId })
    .onConflictDoUpdate({ target: teamRouting.teamId, set: { lastAssignedUserId: userId, updatedAt: new Date() } });
}

// ---- decisions ------------------------------------------------------------------------------

export type DecisionInput = Omit<typeof aiDecisions.$inferInsert, "id" | "workspaceId" | "issueId" | "createdAt">;

export async function recordDecision(ctx: CommandContext, issue: IssueRow, input: DecisionInput) {
  const [row] = await ctx.tx
    .insert(aiDecisions)
    .values({ ...input, workspaceId: ctx.workspaceId, issueId: issue.id })
    .returning();
  if (!row) throw new Error("decision insert returned nothing");
  await appendDecisionEvent(ctx, issue, row.id, row);
  return row;
}

/**
 * `recordDecision` for a caller that does not need the row back (routing's steps): under
 * write-behind the row waits for the pass's one statement.
 */
export async function noteDecision(ctx: CommandContext, issue: IssueRow, input: DecisionInput): Promise<void> {
  if (!ctx.writeBehind) {
    await recordDecision(ctx, issue, input);
    return;
  }
  const decisionId = ctx.writeBehind.insert(aiDecisions, { ...input, workspaceId: ctx.workspaceId, issueId: issue.id });
  await appendDecisionEvent(ctx, issue, decisionId, input);
}

/** The decision in the issue's event log; a field the decision left unset is logged as its column's default. */
async function appendDecisionEvent(
  ctx: CommandContext,
  issue: IssueRow,
  decisionId: string,
  decision: Pick<DecisionInput, "kind" | "output" | "confidence" | "reason">,
) {
  await appendEvent(ctx, issue, "ai_decision", {
    decisionId,
    kind: decision.kind,
    output: decision.output ?? {},
    confidence: decision.confidence ?? null,
    reason: decision.reason ?? null,
  });
}

export type OverrideInput =
  | { teamId: string }
  | { priority: Exclude<Priority, "none"> }
  | { value: string | string[] | null };

/** An agent asks the AI to fill the issue's empty AI fields now: they must be able to edit it. */
export async function authorizeAiFieldFill(ctx: CommandContext, number: number): Promise<string> {
  authorize(ctx, "issue.write");
  return (await loadIssueForUpdate(ctx, number)).id;
}

/** A person corrects an AI decision: the issue changes, and the correction becomes a label. */
export async function overrideDecision(ctx: CommandContext, number: number, decisionId: string, input: OverrideInput) {
  authorize(ctx, "issue.write");
  const issue = await loadIssueForUpdate(ctx, number);
  const decision = await getDecision(ctx.tx, ctx.workspaceId, decisionId);
  if (decision.issueId !== issue.id) throw notFound("AI decision");
  return applyOverride(ctx, issue, decision, input);
}

/** The web app's form: the decision alone identifies its issue. */
export async function overrideDecisionById(ctx: CommandContext, decisionId: string, input: OverrideInput) {
  authorize(ctx, "issue.write");
  const decision = await getDecision(ctx.tx, ctx.workspaceId, decisionId);
  const issue = await loadIssueByIdForUpdate(ctx, decision.issueId);
  return applyOverride(ctx, issue, decision, input);
}

async function applyOverride(
  ctx: CommandContext,
  issue: IssueRow,
  decision: typeof aiDecisions.$inferSelect,
  input: OverrideInput,
) {
  if ("value" in input) return overrideField(ctx, issue, decision, input.value);
  if ("teamId" in input) {
    if (decision.kind !== "route") throw invalid("Only a routing decision can be overridden with a team.");
    await applyAssignment(ctx, issue, { teamId: input.teamId, assigneeAgentId: null });
  } else {
    if (decision.kind !== "priority") throw invalid("Only a priority decision can be overridden with a priority.");
    await setPriority(ctx, issue.number, input.priority, "user", "overridden AI decision");
  }
  if ("teamId" in input) {
    return markOverridden(ctx, decision, await routeLabel(ctx, decision, input.teamId), { teamId: input.teamId });
  }
  return markOverridden(ctx, decision, input.priority, { priority: input.priority });
}

/**
 * A person's value for an AI custom field. Setting it as the user records a `field` event by a
 * person, which is exactly what the field classifier reads as a training label next time
 * (routing/aiFields.ts, labelledHistory) — so no separate ai_labels row is written for fields.
 */
async function overrideField(
  ctx: CommandContext,
  issue: IssueRow,
  decision: typeof aiDecisions.$inferSelect,
  value: string | string[] | null,
) {
  const key = decision.output.key;
  if (decision.kind !== "field" || typeof key !== "string") {
    throw invalid("Only an AI custom field decision can be overridden with a value.");
  }
  await setIssueFields(ctx, issue.number, { [key]: value });
  const [updated] = await ctx.tx
    .update(aiDecisions)
    .set({
      overriddenBy: ctx.actor.type === "user" ? ctx.actor.userId : null,
      overriddenAt: new Date(),
      correction: { key, value },
    })
    .where(eq(aiDecisions.id, decision.id))
    .returning();
  return updated ?? decision;
}

/** A route label is the target team, or "none" when the issue belongs with the agent's own team. */
export async function routeLabel(ctx: CommandContext, decision: { agentId: string | null }, teamId: string | null) {
  if (!decision.agentId || !teamId) return "none";
  const [agent] = await ctx.tx
    .select({ teamId: aiAgents.teamId })
    .from(aiAgents)
    .where(and(eq(aiAgents.workspaceId, ctx.workspaceId), eq(aiAgents.id, decision.agentId)));
  return agent?.teamId === teamId ? "none" : teamId;
}

/** Records that a person disagreed with `decision` (also used when they simply move the issue). */
export async function markOverridden(
  ctx: CommandContext,
  decision: typeof aiDecisions.$inferSelect,
  label: string,
  correction: Record<string, unknown>,
  byUserId: string | null = ctx.actor.type === "user" ? ctx.actor.userId : null,
) {
  const userId = byUserId;
  const [updated] = await ctx.tx
    .update(aiDecisions)
    .set({ overriddenBy: userId, overriddenAt: new Date(), correction })
    .where(eq(aiDecisions.id, decision.id))
    .returning();
  const task = decision.kind === "route" && decision.agentId ? routeTask(decision.agentId) : PRIORITY_TASK;
  const text = typeof decision.input.text === "string" ? decision.input.text : "";
  if (text) {
    await ctx.tx.insert(aiLabels).values({
      workspaceId: ctx.workspaceId,
      task,
      issueId: decision.issueId,
      decisionId: decision.id,
      text,
      label,
      createdBy: userId,
    });
    await ctx.enqueue("routing.retrain", { task });
  }
  return updated ?? decision;
}
