// AI priority: new issues get urgent/high/medium/low with a reason, from the local rules
// blended with a model learned from people's overrides. Recorded as an ai_decision.
import { loadClassifier, scorePriority, trainClassifier } from "../ai/local";
import { type Actor, type CommandContext, runCommand } from "../commands/context";
import { updateIssue } from "../commands/issues";
import { type IssueRow, loadIssueByIdForUpdate } from "../commands/lookup";
import { noteDecision, PRIORITY_TASK, saveModel } from "../commands/routing";
import {
  FRESH_READS,
  type IssueContext,
  labelsFor,
  loadIssueContext,
  type RoutingReads,
  storedModel,
} from "../queries/routing";
import type { Services } from "../services";

/** Account custom fields that carry its value (synced from the CRM), in order of preference. */
const VALUE_FIELDS = ["tcv", "arr", "acv", "value"];

export async function prioritise(
  services: Services,
  workspaceId: string,
  issueId: string,
  reads: RoutingReads = FRESH_READS,
): Promise<void> {
  const context = await loadIssueContext(services.database.db, workspaceId, issueId, { reads });
  const decided = context && (await decidePriority(services, workspaceId, context, reads));
  if (!decided) return;
  await runCommand(services, { workspaceId, actor: PRIORITY_ACTOR }, async (ctx) =>
    writePriority(ctx, await loadIssueByIdForUpdate(ctx, issueId), decided),
  );
}

export const PRIORITY_ACTOR: Actor = { type: "system", name: "AI priority" };

export type PriorityDecision = NonNullable<Awaited<ReturnType<typeof decidePriority>>>;

/** The AI's priority for a new issue, or null when a person, a trigger or the channel chose one. */
export async function decidePriority(
  services: Services,
  workspaceId: string,
  context: IssueContext,
  reads: RoutingReads = FRESH_READS,
) {
  // A person, a trigger or the channel already chose: the AI does not second-guess them.
  if (context.issue.prioritySetBy !== "default" || context.issue.state === "closed") return null;
  const db = services.database.db;
  const learned = await reads.once(`priorityModel:${workspaceId}`, async () => {
    const stored = await storedModel(db, workspaceId, PRIORITY_TASK);
    return stored ? loadClassifier(stored.model) : null;
  });
  const decision = scorePriority(
    {
      text: context.text,
      accountTier: context.account?.tier,
      accountValue: accountValue(context.account?.customFields),
    },
    learned,
  );
  return { decision, learned: learned !== null, text: context.text, accountTier: context.account?.tier ?? null };
}

/** Sets the decided priority on the issue (locked by the caller) and records the decision. */
export async function writePriority(ctx: CommandContext, issue: IssueRow, decided: PriorityDecision) {
  if (issue.prioritySetBy !== "default") return;
  const { decision } = decided;
  const reason = decision.reasons.join("; ");
  await updateIssue(ctx, issue, { priority: { to: decision.priority, setBy: "ai", reason } });
  await noteDecision(ctx, issue, {
    kind: "priority",
    input: { text: decided.text.slice(0, 4_000), accountTier: decided.accountTier },
    output: { priority: decision.priority },
    confidence: decision.confidence,
    reason,
    evidence: decision.reasons,
    provider: decided.learned ? "local (rules + learned)" : "local (rules)",
  });
}

function accountValue(fields: Record<string, unknown> | undefined): number | null {
  for (const key of VALUE_FIELDS) {
    const v = Number(fields?.[key]);
    if (fields?.[key] !== undefined && Number.isFinite(v)) return v;
  }
  return null;
}

/** Retrains the priority learner from every priority override so far. */
export async function retrainPriority(services: Services, workspaceId: string): Promise<void> {
  const labels = await labelsFor(services.database.db, workspaceId, PRIORITY_TASK);
  if (labels.length === 0) return;
  const model = trainClassifier(labels.map((l) => ({ text: l.text, label: l.label })));
  await runCommand(services, { workspaceId, actor: { type: "system", name: "priority training" } }, (ctx) =>
    saveModel(ctx, PRIORITY_TASK, model.toJSON(), labels.length),
  );
}
