// The Router's model: trained from its runbooks (instructions and examples), its home team's
// description ("none") and people's corrections, stored as JSON in router_model.

import { type LabelledText, loadClassifier, type TextClassifier, trainClassifier } from "../ai/local";
import { runCommand } from "../commands/context";
import { routeTask, saveModel } from "../commands/routing";
import { type AgentWithRunbooks, labelsFor, storedModel } from "../queries/routing";
import type { Services } from "../services";

export const NONE_LABEL = "none";
/** A person's correction outweighs a line of runbook prose. */
const CORRECTION_WEIGHT = 3;

/** Runbook prose split into sentences: each is one labelled example of its team's scope. */
function sentences(text: string): string[] {
  return text
    .split(/(?<=[.!?])\s+|\n+|;\s*|•/)
    .map((s) => s.trim())
    .filter((s) => s.length >= 8);
}

export async function routerExamples(services: Services, agent: AgentWithRunbooks): Promise<LabelledText[]> {
  const examples: LabelledText[] = [];
  const targets = new Set<string>([NONE_LABEL]);
  for (const book of agent.runbooks) {
    if (!book.enabled || !book.targetTeamId) continue;
    targets.add(book.targetTeamId);
    for (const text of [...sentences(book.instructions), ...book.examples]) {
      examples.push({ text, label: book.targetTeamId });
    }
  }
  for (const text of sentences(agent.agent.homeInstructions)) examples.push({ text, label: NONE_LABEL });
  const labels = await labelsFor(services.database.db, agent.agent.workspaceId, routeTask(agent.agent.id));
  for (const l of labels) {
    // Corrections towards teams without a runbook cannot be learned by this agent.
    if (targets.has(l.label)) examples.push({ text: l.text, label: l.label, weight: CORRECTION_WEIGHT });
  }
  return examples;
}

export async function trainRouter(services: Services, agent: AgentWithRunbooks): Promise<TextClassifier> {
  const examples = await routerExamples(services, agent);
  const model = trainClassifier(examples, { threshold: agent.agent.threshold });
  const workspaceId = agent.agent.workspaceId;
  await runCommand(services, { workspaceId, actor: { type: "system", name: "router training" } }, (ctx) =>
    saveModel(ctx, routeTask(agent.agent.id), model.toJSON(), examples.length),
  );
  return model;
}

/** The stored model, or a freshly trained one when runbooks changed since (or none was stored). */
export async function routerModel(services: Services, agent: AgentWithRunbooks): Promise<TextClassifier> {
  const stored = await storedModel(services.database.db, agent.agent.workspaceId, routeTask(agent.agent.id));
  return stored ? loadClassifier(stored.model) : trainRouter(services, agent);
}
