// Commands that change an issue's own fields. Each writes, appends events and notifies in
// the caller's transaction. Messages live in messages.ts; channel intake in inbound.ts.
import { randomUUID } from "node:crypto";
import { and, eq, type SQL, sql } from "drizzle-orm";
import type { PgInsertValue } from "drizzle-orm/pg-core";
import { insertJsonRows } from "../db/jsonRows";
import { customFields, issues, messages, teams, users } from "../db/schema";
import { checkFieldValue, missingRequiredOnClose } from "../domain/customFields";
import { conflict, invalid } from "../domain/errors";
import { type IssueState, type LifecycleEvent, messageActivity, nextState, type Priority } from "../domain/lifecycle";
import { authorize } from "./authorize";
import { type CommandContext, nowOf } from "./context";
import { appendEvent, enqueueIssueChanged } from "./events";
import { assertReferences, assertTeam, assertUser, type IssueRow, loadIssueForUpdate, referencesExist } from "./lookup";
import { notifyAssigned } from "./notifications";

export interface OpenIssueInput {
  title: string;
  accountId?: string | null;
  requesterContactId?: string | null;
  channel?: IssueRow["channel"];
  threadKey?: string | null;
  source?: Record<string, string>;
  /** The team, set at once: a person's choice when opening the issue. */
  teamId?: string | null;
  /**
   * The channel's team (an email inbox's): the fallback routing applies after the triggers on
   * creation, only when none of them set a team. The one routing order, for every channel.
   */
  defaultTeamId?: string | null;
  priority?: Priority;
  tags?: string[];
  /**
   * The message the issue is opened for (channel intake), whose activity times the row gets at
   * once; `addMessages` then finds nothing left to write. The message itself is still added by it.
   */
  firstMessage?: { at: Date; event: LifecycleEvent };
  /** History (an import): when the issue was opened; the row and its event carry this time. */
  at?: Date;
}

export async function openIssue(ctx: CommandContext, input: OpenIssueInput): Promise<IssueRow> {
  const [issue] = await openIssues(ctx, [input]);
  if (!issue) throw new Error("insert returned no issue");
  return issue;
}

/** Opens several issues in one statement (a burst of mail); each is recorded as `openIssue` would. */
export async function openIssues(ctx: CommandContext, inputs: readonly OpenIssueInput[]): Promise<IssueRow[]> {
  authorize(ctx, "issue.write");
  if (inputs.length === 0) return [];
  const refs = inputs.map((input) => ({
    accountId: input.accountId,
    contactId: input.requesterContactId,
    teamId: input.teamId,
  }));
  const clock = nowOf(ctx);
  const number = nextIssueNumber(ctx);
  // Ids are drawn here so each input finds its row whatever order RETURNING uses.
  const rows = inputs.map((input): PgInsertValue<typeof issues> & { id: string } => {
    const now = input.at ?? clock;
    return {
      id: randomUUID(),
      workspaceId: ctx.workspaceId,
      number,
      title: input.title.trim() || "(no subject)",
      accountId: input.accountId ?? null,
      requesterContactId: input.requesterContactId ?? null,
      channel: input.channel ?? "api",
      threadKey: input.threadKey ?? null,
      source: input.source ?? {},
      teamId: input.teamId ?? null,
      priority: input.priority ?? "none",
      prioritySetBy: input.priority ? (ctx.actor.type === "user" ? "user" : "trigger") : "default",
      tags: normaliseTags(input.tags ?? []),
      ...(input.firstMessage &&
        messageActivity({ firstResponseAt: null }, input.firstMessage.event, input.firstMessage.at)),
      createdAt: now,
      updatedAt: now,
    };
  });
  // The insert checks the account, contact and team it names exist; when it wrote nothing, say which is missing.
  const written = await insertJsonRows(ctx.tx, issues, rows, { where: referencesExist(ctx, refs) });
  if (written.length === 0) await assertReferences(ctx, refs);
  const inserted = new Map(written.map((r) => [r.id, r]));
  return Promise.all(
    rows.map(async ({ id }, i) => {
      const defaultTeamId = inputs[i]?.defaultTeamId ?? null;
      const at = inputs[i]?.at;
      const issue = inserted.get(id);
      if (!issue) throw new Error("insert returned no issue");
      await appendEvent(at ? { ...ctx, now: () => at } : ctx, issue, "created", {
        channel: issue.channel,
        teamId: issue.teamId,
        accountId: issue.accountId,
        ...(defaultTeamId && { defaultTeamId }),
      });
      await ctx.enqueue("issue.created", { issueId: issue.id, defaultTeamId });
      return issue;
    }),
  );
}

/**
 * Issue numbers are per workspace, from the workspace's own sequence (migration 0006): a
 * sequence never blocks concurrent opens, where a counter row would serialise them until
 * commit. A rolled-back open leaves a gap. Evaluated inside the INSERT (no extra round trip).
 */
function nextIssueNumber(ctx: CommandContext): SQL {
  return sql`nextval(issue_number_sequence(${ctx.workspaceId}::uuid)::regclass)`;
}

export async function changeState(ctx: CommandContext, number: number, to: IssueState): Promise<IssueRow> {
  authorize(ctx, "issue.write");
  return changeLockedIssueState(ctx, await loadIssueForUpdate(ctx, number), to);
}

/** `changeState` for an issue locked FOR UPDATE in this transaction, as stored. */
export async function changeLockedIssueState(ctx: CommandContext, issue: IssueRow, to: IssueState): Promise<IssueRow> {
  authorize(ctx, "issue.write");
  const transition = nextState(issue.state, { kind: "manual", to });
  if (!transition.ok) throw conflict(transition.reason);
  if (transition.state === issue.state) return issue;
  if (to === "closed") await assertRequiredFieldsSet(ctx, issue);
  return applyState(ctx, issue, transition.state, transition.reopened);
}

/** Shared by manual moves and message-driven moves, so both record the same events. */
export async function applyState(
  ctx: CommandContext,
  issue: IssueRow,
  state: IssueState,
  reopened: boolean,
): Promise<IssueRow> {
  if (state === issue.state) return issue;
  const [updated] = await ctx.tx
    .update(issues)
    .set(stateChange(issue, state, reopened, nowOf(ctx)))
    .where(eq(issues.id, issue.id))
    .returning();
  if (!updated) throw new Error("issue vanished");
  await recordStateChange(ctx, issue, state, reopened);
  return updated;
}

/** The fields a move to `state` sets: closing stamps resolvedAt, reopening clears it. */
export function stateChange(issue: IssueRow, state: IssueState, reopened: boolean, now: Date) {
  return { state, updatedAt: now, resolvedAt: state === "closed" ? now : reopened ? null : issue.resolvedAt };
}

/** The event log and the jobs of a move from `issue.state` to `state` (the row is written by the caller). */
export async function recordStateChange(
  ctx: CommandContext,
  issue: IssueRow,
  state: IssueState,
  reopened: boolean,
): Promise<void> {
  await appendEvent(ctx, issue, "state", { from: issue.state, to: state });
  if (reopened) await appendEvent(ctx, issue, "reopened", {});
  await enqueueIssueChanged(ctx, issue.id, "state", issue.state, state);
}

async function assertRequiredFieldsSet(ctx: CommandContext, issue: IssueRow): Promise<void> {
  const fields = await ctx.tx
    .select()
    .from(customFields)
    .where(and(eq(customFields.workspaceId, ctx.workspaceId), eq(customFields.object, "issue")));
  const missing = missingRequiredOnClose(fields, issue.customFields);
  if (missing.length > 0) {
    throw invalid(`Set ${missing.join(", ")} before closing this issue.`, { missingFields: missing });
  }
}

export interface AssignInput {
  teamId?: string | null;
  /** Why the team changed when it was not a person's choice (recorded on the team event). */
  teamReason?: string;
  assigneeUserId?: string | null;
  assigneeAgentId?: string | null;
}

/** Changes to an issue's own fields, written together by `updateIssue`. */
export interface IssueChange extends AssignInput {
  priority?: { to: Priority; setBy: IssueRow["prioritySetBy"]; reason?: string };
  tags?: string[];
  /** Custom field values; null clears one. */
  customFields?: Record<string, unknown>;
}

export async function assignIssue(ctx: CommandContext, number: number, input: AssignInput): Promise<IssueRow> {
  authorize(ctx, "issue.write");
  const issue = await loadIssueForUpdate(ctx, number);
  return applyAssignment(ctx, issue, input);
}

export async function applyAssignment(ctx: CommandContext, issue: IssueRow, input: AssignInput): Promise<IssueRow> {
  const { teamId, teamReason, assigneeUserId, assigneeAgentId } = input;
  return writeChange(ctx, issue, { teamId, teamReason, assigneeUserId, assigneeAgentId });
}

export async function setPriority(
  ctx: CommandContext,
  number: number,
  priority: Priority,
  setBy: IssueRow["prioritySetBy"] = "user",
  reason?: string,
): Promise<IssueRow> {
  authorize(ctx, "issue.write");
  const issue = await loadIssueForUpdate(ctx, number);
  return writeChange(ctx, issue, { priority: { to: priority, setBy, reason } });
}

export async function setTags(ctx: CommandContext, number: number, tags: string[]): Promise<IssueRow> {
  authorize(ctx, "issue.write");
  const issue = await loadIssueForUpdate(ctx, number);
  return writeChange(ctx, issue, { tags });
}

export function normaliseTags(tags: readonly string[]): string[] {
  return [...new Set(tags.map((t) => t.trim().toLowerCase()).filter((t) => t.length > 0))].sort();
}

/** Sets some custom field values (null clears one); unknown keys and wrong types are rejected. */
export async function setIssueFields(
  ctx: CommandContext,
  number: number,
  values: Record<string, unknown>,
): Promise<IssueRow> {
  authorize(ctx, "issue.write");
  const issue = await loadIssueForUpdate(ctx, number);
  return writeChange(ctx, issue, { customFields: values });
}

/**
 * Changes team, assignee, priority, tags and custom fields of an issue locked FOR UPDATE in this
 * transaction with one UPDATE, recording exactly what `applyAssignment`, `setPriority`, `setTags`
 * and `setIssueFields` would one after the other (routing sets team and priority; a person taking
 * an issue its assignee, tags and fields). Field values are checked first, then the team and
 * person named (404).
 */
export async function updateIssue(ctx: CommandContext, issue: IssueRow, change: IssueChange): Promise<IssueRow> {
  authorize(ctx, "issue.write");
  return writeChange(ctx, issue, change);
}

async function writeChange(ctx: CommandContext, issue: IssueRow, change: IssueChange): Promise<IssueRow> {
  const fields = change.customFields && (await checkFieldValues(ctx, "issue", change.customFields));
  const patch = assignmentPatch(issue, change);
  const { priority } = change;
  if (priority && (issue.priority !== priority.to || issue.prioritySetBy !== priority.setBy)) {
    patch.priority = priority.to;
    patch.prioritySetBy = priority.setBy;
  }
  const tags = change.tags && normaliseTags(change.tags);
  const added = tags?.filter((t) => !issue.tags.includes(t)) ?? [];
  const removed = tags ? issue.tags.filter((t) => !tags.includes(t)) : [];
  if (tags && (added.length > 0 || removed.length > 0)) patch.tags = tags;
  // Fields given are written (and logged, one event each) even when they hold these values already.
  if (fields) patch.customFields = mergeFields(issue.customFields, fields);
  if (Object.keys(patch).length === 0) {
    await assertNamed(ctx, change);
    return issue;
  }
  const updated = await writePatch(ctx, issue, { ...patch, updatedAt: nowOf(ctx) }, change);
  await recordAssignment(ctx, issue, updated, patch, change.teamReason);
  if (priority && "priority" in patch) {
    const { to, setBy, reason } = priority;
    await appendEvent(ctx, issue, "priority", { from: issue.priority, to, setBy, reason });
  }
  if ("tags" in patch) await appendEvent(ctx, issue, "tags", { added, removed });
  for (const [key, value] of Object.entries(fields ?? {})) {
    await appendEvent(ctx, issue, "field", { key, from: issue.customFields[key] ?? null, to: value });
  }
  return updated;
}

/**
 * Writes the patch, or under write-behind keeps it for the pass's one UPDATE. A pass names only
 * teams and people it read in this workspace, so the checks of `namedExist` are not repeated.
 */
async function writePatch(ctx: CommandContext, issue: IssueRow, patch: Partial<IssueRow>, change: IssueChange) {
  if (ctx.writeBehind) {
    ctx.writeBehind.updateIssue(issue.id, patch);
    return { ...issue, ...patch };
  }
  const [updated] = await ctx.tx
    .update(issues)
    .set(patch)
    .where(and(eq(issues.id, issue.id), ...namedExist(ctx, change)))
    .returning();
  if (!updated) {
    await assertNamed(ctx, change);
    throw new Error("issue vanished");
  }
  return updated;
}

function assignmentPatch(issue: IssueRow, input: AssignInput): Partial<IssueRow> {
  const patch: Partial<IssueRow> = {};
  if (input.teamId !== undefined && input.teamId !== issue.teamId) patch.teamId = input.teamId;
  if (input.assigneeUserId !== undefined && input.assigneeUserId !== issue.assigneeUserId) {
    patch.assigneeUserId = input.assigneeUserId;
    // A person taking the issue releases the AI agent holding it.
    if (input.assigneeUserId) patch.assigneeAgentId = null;
  }
  if (input.assigneeAgentId !== undefined && input.assigneeAgentId !== issue.assigneeAgentId) {
    patch.assigneeAgentId = input.assigneeAgentId;
    if (input.assigneeAgentId) patch.assigneeUserId = null;
  }
  return patch;
}

/**
 * The team and the person an assignment names must be this workspace's. The UPDATE checks that
 * itself (a query each was a third of an assignment's round trips); only when it matched nothing
 * are they looked up, to say which is missing.
 */
function namedExist(ctx: CommandContext, input: AssignInput): SQL[] {
  const checks: SQL[] = [];
  if (input.teamId)
    checks.push(
      sql`EXISTS (SELECT 1 FROM ${teams} WHERE ${teams.workspaceId} = ${ctx.workspaceId} AND ${teams.id} = ${input.teamId})`,
    );
  if (input.assigneeUserId)
    checks.push(
      sql`EXISTS (SELECT 1 FROM ${users} WHERE ${users.workspaceId} = ${ctx.workspaceId} AND ${users.id} = ${input.assigneeUserId})`,
    );
  return checks;
}

async function assertNamed(ctx: CommandContext, input: AssignInput): Promise<void> {
  if (input.teamId) await assertTeam(ctx, input.teamId);
  if (input.assigneeUserId) await assertUser(ctx, input.assigneeUserId);
}

async function recordAssignment(
  ctx: CommandContext,
  issue: IssueRow,
  updated: IssueRow,
  patch: Partial<IssueRow>,
  teamReason: string | undefined,
): Promise<void> {
  if ("teamId" in patch) {
    await appendEvent(ctx, issue, "team", {
      from: issue.teamId,
      to: updated.teamId,
      ...(teamReason && { reason: teamReason }),
    });
    await enqueueIssueChanged(ctx, issue.id, "team", issue.teamId, updated.teamId);
  }
  if ("assigneeUserId" in patch || "assigneeAgentId" in patch) {
    await appendEvent(ctx, issue, "assignee", {
      from: { userId: issue.assigneeUserId, agentId: issue.assigneeAgentId },
      to: { userId: updated.assigneeUserId, agentId: updated.assigneeAgentId },
    });
    if (updated.assigneeUserId && updated.assigneeUserId !== issue.assigneeUserId) {
      await notifyAssigned(ctx, updated, updated.assigneeUserId);
    }
  }
}

function mergeFields(current: IssueRow["customFields"], values: Record<string, unknown>) {
  const merged = { ...current };
  for (const [key, value] of Object.entries(values)) {
    if (value === null) delete merged[key];
    else merged[key] = value;
  }
  return merged;
}

export async function checkFieldValues(
  ctx: CommandContext,
  object: "issue" | "account",
  values: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const defs = await ctx.tx
    .select()
    .from(customFields)
    .where(and(eq(customFields.workspaceId, ctx.workspaceId), eq(customFields.object, object)));
  const byKey = new Map(defs.map((d) => [d.key, d]));
  const problems: Record<string, string> = {};
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) {
    const def = byKey.get(key);
    if (!def) {
      problems[key] = `Unknown ${object} field "${key}"`;
      continue;
    }
    const check = checkFieldValue(def, value);
    if (!check.ok) problems[key] = check.reason;
    // A user field names a person of this workspace, never an id from another tenant.
    else if (def.type === "user" && typeof check.value === "string" && !(await isWorkspaceUser(ctx, check.value)))
      problems[key] = `${def.label} must be a user of this workspace`;
    else out[key] = check.value;
  }
  if (Object.keys(problems).length > 0) throw invalid("Some custom field values are not valid.", { fields: problems });
  return out;
}

async function isWorkspaceUser(ctx: CommandContext, userId: string): Promise<boolean> {
  const [row] = await ctx.tx
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.workspaceId, ctx.workspaceId), eq(users.id, userId)));
  return row !== undefined;
}

export async function retitleIssue(ctx: CommandContext, number: number, title: string): Promise<IssueRow> {
  authorize(ctx, "issue.write");
  const issue = await loadIssueForUpdate(ctx, number);
  const [updated] = await ctx.tx
    .update(issues)
    .set({ title: title.trim(), updatedAt: new Date() })
    .where(eq(issues.id, issue.id))
    .returning();
  if (!updated) throw new Error("issue vanished");
  await appendEvent(ctx, issue, "title", { from: issue.title, to: updated.title });
  return updated;
}

/**
 * Merges `sourceNumber` into `targetNumber`: the source's messages move to the target, the
 * source closes and points at the target, so later channel replies follow it.
 */
export async function mergeIssues(ctx: CommandContext, sourceNumber: number, targetNumber: number): Promise<IssueRow> {
  authorize(ctx, "issue.write");
  if (sourceNumber === targetNumber) throw invalid("An issue cannot be merged into itself.");
  const source = await loadIssueForUpdate(ctx, sourceNumber);
  const target = await loadIssueForUpdate(ctx, targetNumber);
  if (source.mergedIntoIssueId) throw conflict(`Issue #${sourceNumber} is already merged.`);
  if (target.mergedIntoIssueId) throw conflict(`Issue #${targetNumber} was merged into another issue.`);
  await ctx.tx.update(messages).set({ issueId: target.id }).where(eq(messages.issueId, source.id));
  const [closedSource] = await ctx.tx
    .update(issues)
    // An already-closed source keeps its resolution time and logs no second close.
    .set({
      mergedIntoIssueId: target.id,
      state: "closed",
      resolvedAt: source.state === "closed" ? (source.resolvedAt ?? new Date()) : new Date(),
      updatedAt: new Date(),
    })
    .where(eq(issues.id, source.id))
    .returning();
  if (!closedSource) throw new Error("issue vanished");
  await appendEvent(ctx, source, "merged", { into: target.number });
  if (source.state !== "closed") await appendEvent(ctx, source, "state", { from: source.state, to: "closed" });
  await appendEvent(ctx, target, "merged_from", { from: source.number });
  const [touched] = await ctx.tx
    .update(issues)
    .set({ updatedAt: new Date() })
    .where(eq(issues.id, target.id))
    .returning();
  return touched ?? target;
}
