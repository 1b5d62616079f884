// AI priority: new issues get urgent/high/medium/low with a reason, from the local rules
// blended with a model learned from people's overrides. Recorded as an ai_decision.
import { loadClassifier, scorePriority, trainClassifier } from "../ai/local";
import { runCommand } from "../commands/context";
import { setPriority } from "../commands/issues";
import { loadIssueByIdForUpdate } from "../commands/lookup";
import { PRIORITY_TASK, recordDecision, saveModel } from "../commands/routing";
import { FRESH_READS, labelsFor, loadIssueContext, type RoutingReads, storedModel } from "../queries/routing";
import type { Services } from "../services";

/** Account custom fields that carry its value (synced from the CRM), in order of preference. */
const VALUE_FIELDS = ["tcv", "arr", "acv", "value"];

export async function prioritise(
  services: Services,
  workspaceId: string,
  issueId: string,
  reads: RoutingReads = FRESH_READS,
): Promise<void> {
  const db = services.database.db;
  const context = await loadIssueContext(db, workspaceId, issueId, { reads });
  // A person, a trigger or the channel already chose: the AI does not second-guess them.
  if (context?.issue.prioritySetBy !== "default" || context.issue.state === "closed") return;
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
  const reason = decision.reasons.join("; ");
  await runCommand(services, { workspaceId, actor: { type: "system", name: "AI priority" } }, async (ctx) => {
    const issue = await loadIssueByIdForUpdate(ctx, issueId);
    if (issue.prioritySetBy !== "default") return;
    await setPriority(ctx, issue.number, decision.priority, "ai", reason);
    await recordDecision(ctx, issue, {
      kind: "priority",
      input: { text: context.text.slice(0, 4_000), accountTier: context.account?.tier ?? null },
      output: { priority: decision.priority },
      confidence: decision.confidence,
      reason,
      evidence: decision.reasons,
      provider: learned ? "local (rules + learned)" : "local (rules)",
    });
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
