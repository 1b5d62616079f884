// "Which recent issues would this trigger have matched, and why not the others?" — evaluated
// against real facts, changing nothing, so an admin can check a rule before switching it on.
import type { ConditionNode, TriggerEvent } from "@switchboard/api";
import type { ConditionTrace } from "../domain/conditions/evaluate";
import { evaluateConditions } from "../domain/conditions/evaluate";
import type { ConditionFacts } from "../domain/conditions/facts";
import { recentIssueContexts } from "../queries/routing";
import type { Services } from "../services";

export interface DryRunMatch {
  number: number;
  title: string;
  trace: ConditionTrace[];
}

export interface DryRunFailure {
  field: string;
  op: ConditionTrace["op"];
  value?: unknown;
  count: number;
  actuals: unknown[];
}

export interface DryRunOutcome {
  checked: number;
  asArrived: boolean;
  matches: DryRunMatch[];
  failures: DryRunFailure[];
  misses: { number: number; title: string; failed: ConditionTrace[] }[];
}

const MISSES_SHOWN = 20;
const ACTUALS_SHOWN = 3;

export async function dryRunTrigger(
  services: Services,
  workspaceId: string,
  conditions: ConditionNode,
  limit: number,
  event: TriggerEvent,
): Promise<DryRunOutcome> {
  const contexts = await recentIssueContexts(services.database.db, workspaceId, limit);
  const asArrived = event === "issue_created";
  const outcome: DryRunOutcome = { checked: contexts.length, asArrived, matches: [], failures: [], misses: [] };
  const failures = new Map<string, DryRunFailure>();
  for (const c of contexts) {
    const result = evaluateConditions(conditions, asArrived ? arrived(c.facts) : c.facts);
    if (result.matched) {
      outcome.matches.push({ number: c.issue.number, title: c.issue.title, trace: result.trace });
      continue;
    }
    const failed = result.trace.filter((t) => !t.matched);
    if (outcome.misses.length < MISSES_SHOWN)
      outcome.misses.push({ number: c.issue.number, title: c.issue.title, failed });
    for (const leaf of failed) countFailure(failures, leaf);
  }
  outcome.failures = [...failures.values()].sort((a, b) => b.count - a.count);
  return outcome;
}

function countFailure(failures: Map<string, DryRunFailure>, leaf: ConditionTrace) {
  const key = JSON.stringify([leaf.field, leaf.op, leaf.value]);
  const entry = failures.get(key) ?? { field: leaf.field, op: leaf.op, value: leaf.value, count: 0, actuals: [] };
  entry.count++;
  const seen = entry.actuals.some((a) => JSON.stringify(a) === JSON.stringify(leaf.actual));
  if (!seen && entry.actuals.length < ACTUALS_SHOWN) entry.actuals.push(leaf.actual ?? null);
  failures.set(key, entry);
}

/**
 * The issue as "Issue created" triggers saw it: before the routing order gave it a team, an
 * assignee or a priority, and before anyone worked it.
 */
function arrived(facts: ConditionFacts): ConditionFacts {
  return {
    ...facts,
    issue: {
      ...facts.issue,
      state: "new",
      priority: "none",
      teamId: null,
      assigneeUserId: null,
      assigneeAgentId: null,
    },
  };
}
