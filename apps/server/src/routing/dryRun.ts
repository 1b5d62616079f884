// "Which recent issues would this trigger have matched?" — evaluated against real facts,
// changing nothing, so an admin can check a rule before switching it on.
import type { ConditionNode } from "@switchboard/api";
import { evaluateConditions } from "../domain/conditions/evaluate";
import { recentIssueContexts } from "../queries/routing";
import type { Services } from "../services";

export interface DryRunMatch {
  number: number;
  title: string;
  trace: ReturnType<typeof evaluateConditions>["trace"];
}

export async function dryRunTrigger(
  services: Services,
  workspaceId: string,
  conditions: ConditionNode,
  limit: number,
): Promise<{ checked: number; matches: DryRunMatch[] }> {
  const contexts = await recentIssueContexts(services.database.db, workspaceId, limit);
  const matches: DryRunMatch[] = [];
  for (const c of contexts) {
    const result = evaluateConditions(conditions, c.facts);
    if (result.matched) matches.push({ number: c.issue.number, title: c.issue.title, trace: result.trace });
  }
  return { checked: contexts.length, matches };
}
