// One change applied to many issues (the lead clearing an unassigned queue), through the same
// commands as one issue's PATCH, so every issue gets its own permission and tenancy checks,
// events and jobs. Each issue runs in a savepoint of the one transaction: an issue refused
// (not in this workspace, missing a field required on close) is reported by number and reason,
// and the others still change.
import { AppError } from "../domain/errors";
import type { IssueState, Priority } from "../domain/lifecycle";
import { authorize } from "./authorize";
import type { CommandContext } from "./context";
import { assignIssue, changeState, setPriority, setTags } from "./issues";
import { assertTeam, assertUser, loadIssueForUpdate } from "./lookup";

export interface BulkChange {
  teamId?: string | null;
  assigneeUserId?: string | null;
  state?: IssueState;
  priority?: Priority;
  addTags?: string[];
  removeTags?: string[];
}

export interface BulkResult {
  updated: number[];
  failed: { number: number; code: AppError["code"]; message: string }[];
}

export async function bulkUpdateIssues(
  ctx: CommandContext,
  numbers: readonly number[],
  change: BulkChange,
): Promise<BulkResult> {
  // Checks that hold for the whole batch refuse it at once, not once per issue.
  authorize(ctx, "issue.write");
  if (change.teamId) await assertTeam(ctx, change.teamId);
  if (change.assigneeUserId) await assertUser(ctx, change.assigneeUserId);
  const result: BulkResult = { updated: [], failed: [] };
  for (const number of new Set(numbers)) {
    try {
      await inSavepoint(ctx, (one) => applyChange(one, number, change));
      result.updated.push(number);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      result.failed.push({ number, code: error.code, message: error.message });
    }
  }
  return result;
}

/** One issue's part, in the order of the single-issue PATCH: state last, after what it may need. */
async function applyChange(ctx: CommandContext, number: number, change: BulkChange): Promise<void> {
  if (change.teamId !== undefined || change.assigneeUserId !== undefined) {
    await assignIssue(ctx, number, { teamId: change.teamId, assigneeUserId: change.assigneeUserId });
  }
  if (change.priority !== undefined) await setPriority(ctx, number, change.priority);
  if (change.addTags?.length || change.removeTags?.length) {
    const issue = await loadIssueForUpdate(ctx, number);
    const remove = new Set(change.removeTags ?? []);
    await setTags(ctx, number, [...issue.tags.filter((t) => !remove.has(t)), ...(change.addTags ?? [])]);
  }
  if (change.state !== undefined) await changeState(ctx, number, change.state);
}

/**
 * Runs `fn` in a savepoint with its own list of side effects: they reach the command's list
 * only when the savepoint is kept, so a refused issue leaves neither rows nor events nor jobs.
 */
export async function inSavepoint(ctx: CommandContext, fn: (ctx: CommandContext) => Promise<void>): Promise<void> {
  const effects: ((parent: CommandContext) => Promise<void> | void)[] = [];
  await ctx.tx.transaction(async (tx) => {
    await fn({
      tx,
      workspaceId: ctx.workspaceId,
      actor: ctx.actor,
      now: ctx.now,
      imported: ctx.imported,
      enqueue: async (name, data, options) => {
        effects.push((parent) => parent.enqueue(name, data, options));
      },
      notify: async (change) => {
        effects.push((parent) => parent.notify(change));
      },
      record: (event) => {
        effects.push((parent) => parent.record(event));
      },
    });
  });
  for (const effect of effects) await effect(ctx);
}
