// Saved views: which issues a view selects is a condition tree of the one condition language
// (domain/conditions/) in its issue context. SQL selects them (queries/conditionSql.ts); the
// in-memory `matchesView` here says the same, and the tests hold the two together.
import { type ConditionNode, toConditionNode } from "@switchboard/api";
import { evaluateConditions } from "./conditions/evaluate";
import type { ConditionFacts, SlaFacts } from "./conditions/facts";
import { conditionProblems } from "./conditions/validate";
import { invalid } from "./errors";
import { type IssueState, PRIORITY_RANK, type Priority } from "./lifecycle";

/** The facts about an issue that views can test. */
export interface IssueFacts {
  state: IssueState;
  priority: Priority;
  teamId: string | null;
  assigneeUserId: string | null;
  accountId: string | null;
  accountOwnerId: string | null;
  accountType: string | null;
  accountTier: string | null;
  channel: string;
  tags: readonly string[];
  customFields: Readonly<Record<string, unknown>>;
  createdAt: Date;
  updatedAt: Date;
  title?: string;
  /** Title and message text, for in-memory matching only. */
  text?: string;
  sla?: SlaFacts | null;
  /** The common topics (ids) its customer questions are in. */
  topicIds?: readonly string[];
}

/** A filter to store: the one language, whichever dialect it came in; no filter selects everything. */
export function viewFilterOf(filter: unknown): ConditionNode {
  if (filter === undefined) return { all: [] };
  const node = toConditionNode(filter);
  if (!node) throw invalid("The view's filter is not in a known condition language.");
  const problems = conditionProblems(node, "issue");
  if (problems.length > 0) throw invalid(`The view's filter cannot be used: ${problems.join("; ")}.`);
  return node;
}

/** Whether the viewer's view selects the issue. Takes filters of the earlier view dialect too. */
export function matchesView(filter: ConditionNode | object, issue: IssueFacts, viewerId: string, now: Date): boolean {
  const node = toConditionNode(filter);
  if (!node) return false;
  return evaluateConditions(node, viewFacts(issue, now), { viewerId }).matched;
}

function viewFacts(issue: IssueFacts, now: Date): ConditionFacts {
  return {
    issue: {
      title: issue.title ?? "",
      channel: issue.channel,
      state: issue.state,
      priority: issue.priority,
      teamId: issue.teamId,
      assigneeUserId: issue.assigneeUserId,
      assigneeAgentId: null,
      tags: issue.tags,
      customFields: issue.customFields,
      source: {},
      accountId: issue.accountId,
      createdAt: issue.createdAt,
      updatedAt: issue.updatedAt,
      text: issue.text,
      topicIds: issue.topicIds ?? [],
    },
    account: issue.accountId
      ? {
          name: "",
          type: issue.accountType,
          tier: issue.accountTier,
          ownerUserId: issue.accountOwnerId,
          customFields: {},
        }
      : null,
    contact: null,
    message: null,
    now,
    sla: issue.sla ?? null,
  };
}

export const KANBAN_COLUMNS: readonly IssueState[] = ["new", "on_you", "on_customer", "on_hold", "closed"];

/** Kanban and "priority" sort: urgent first, then the oldest (waiting longest) first. */
export function compareByPriorityThenAge(
  a: { priority: Priority; createdAt: Date },
  b: { priority: Priority; createdAt: Date },
): number {
  return PRIORITY_RANK[a.priority] - PRIORITY_RANK[b.priority] || a.createdAt.getTime() - b.createdAt.getTime();
}
