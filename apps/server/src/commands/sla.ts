// Business-hours calendars and SLA policies (admins edit them), and the one command that keeps an
// issue's SLA in step with its history: which policy applies, when each target is due, which
// were missed — recorded as `sla_applied` / `sla_breached` events, acted on by triggers.
import { conditionLeaves } from "@switchboard/api";
import { and, eq, sql } from "drizzle-orm";
import { selectRows } from "../db/raw";
import { businessCalendars, issues, slaPolicies, teams } from "../db/schema";
import { calendarProblem, type Holiday, type WorkingPeriod } from "../domain/businessHours";
import { evaluateConditions } from "../domain/conditions/evaluate";
import { conditionProblems } from "../domain/conditions/validate";
import { conflict, invalid, notFound } from "../domain/errors";
import { nextDue, SLA_TARGETS, type SlaPauseState, type SlaState, slaMoments, slaState } from "../domain/sla";
import type { ConditionNode } from "../domain/triggers";
import {
  FRESH_READS,
  type IssueContext,
  loadIssueContext,
  loadIssueContexts,
  type RoutingReads,
} from "../queries/routing";
import {
  issueCalendar,
  listSlaPolicies,
  type SlaEvent,
  type SlaPolicyRow,
  slaEvents,
  slaEventsOf,
} from "../queries/sla";
import { recordSettingChange } from "./audit";
import { authorize } from "./authorize";
import { type CommandContext, nowOf } from "./context";
import { appendEvent } from "./events";
import { assertTeam } from "./lookup";

export interface CalendarInput {
  name: string;
  timeZone: string;
  hours: WorkingPeriod[];
  holidays: Holiday[];
  isDefault?: boolean;
}

export async function createCalendar(ctx: CommandContext, input: CalendarInput) {
  authorize(ctx, "settings.write");
  checkCalendar(input);
  if (input.isDefault) await clearDefault(ctx);
  const [row] = await ctx.tx
    .insert(businessCalendars)
    .values({ ...input, workspaceId: ctx.workspaceId, isDefault: input.isDefault ?? false })
    .onConflictDoNothing()
    .returning();
  if (!row) throw conflict(`A calendar named "${input.name}" already exists.`);
  await recordSettingChange(ctx, { type: "business_hours", id: row.id }, null, row);
  await settingsChanged(ctx, row.id, "calendar");
  return row;
}

export async function updateCalendar(ctx: CommandContext, id: string, patch: Partial<CalendarInput>) {
  authorize(ctx, "settings.write");
  const current = await loadCalendar(ctx, id);
  checkCalendar({ ...current, ...patch });
  if (patch.isDefault) await clearDefault(ctx);
  const [row] = await ctx.tx
    .update(businessCalendars)
    .set({ ...patch, updatedAt: nowOf(ctx) })
    .where(and(eq(businessCalendars.workspaceId, ctx.workspaceId), eq(businessCalendars.id, id)))
    .returning();
  if (!row) throw notFound("Calendar");
  await recordSettingChange(ctx, { type: "business_hours", id }, current, row);
  await settingsChanged(ctx, id, "calendar");
  return row;
}

export async function deleteCalendar(ctx: CommandContext, id: string) {
  authorize(ctx, "settings.write");
  const before = await loadCalendar(ctx, id);
  await ctx.tx
    .delete(businessCalendars)
    .where(and(eq(businessCalendars.workspaceId, ctx.workspaceId), eq(businessCalendars.id, id)));
  await recordSettingChange(ctx, { type: "business_hours", id }, before, null);
  await settingsChanged(ctx, id, "calendar");
}

async function loadCalendar(ctx: CommandContext, id: string) {
  const [row] = await ctx.tx
    .select()
    .from(businessCalendars)
    .where(and(eq(businessCalendars.workspaceId, ctx.workspaceId), eq(businessCalendars.id, id)));
  if (!row) throw notFound("Calendar");
  return row;
}

function checkCalendar(calendar: CalendarInput) {
  const problem = calendarProblem(calendar);
  if (problem) throw invalid(problem);
}

async function clearDefault(ctx: CommandContext) {
  await ctx.tx
    .update(businessCalendars)
    .set({ isDefault: false })
    .where(and(eq(businessCalendars.workspaceId, ctx.workspaceId), eq(businessCalendars.isDefault, true)));
}

/** The calendar a team's issues run on (null: the workspace's default). */
export async function setTeamCalendar(ctx: CommandContext, teamId: string, calendarId: string | null) {
  authorize(ctx, "settings.write");
  await assertTeam(ctx, teamId);
  if (calendarId) await loadCalendar(ctx, calendarId);
  await ctx.tx
    .update(teams)
    .set({ calendarId })
    .where(and(eq(teams.workspaceId, ctx.workspaceId), eq(teams.id, teamId)));
  await settingsChanged(ctx, teamId, "team_calendar");
}

export interface SlaPolicyInput {
  name: string;
  conditions: ConditionNode;
  calendarId: string | null;
  firstResponseMinutes: number | null;
  nextResponseMinutes: number | null;
  resolutionMinutes: number | null;
  businessTime: boolean;
  pauseOn: SlaPauseState[];
  enabled?: boolean;
  position?: number;
}

export async function createSlaPolicy(ctx: CommandContext, input: SlaPolicyInput) {
  authorize(ctx, "settings.write");
  await checkPolicy(ctx, input);
  const [row] = await ctx.tx
    .insert(slaPolicies)
    .values({ ...input, workspaceId: ctx.workspaceId, position: input.position ?? (await nextPosition(ctx)) })
    .onConflictDoNothing()
    .returning();
  if (!row) throw conflict(`An SLA policy named "${input.name}" already exists.`);
  await recordSettingChange(ctx, { type: "sla_policy", id: row.id }, null, row);
  await settingsChanged(ctx, row.id, "sla_policy");
  return row;
}

export async function updateSlaPolicy(ctx: CommandContext, id: string, patch: Partial<SlaPolicyInput>) {
  authorize(ctx, "settings.write");
  const current = await loadPolicy(ctx, id);
  await checkPolicy(ctx, { ...current, ...patch });
  const [row] = await ctx.tx
    .update(slaPolicies)
    .set({ ...patch, updatedAt: nowOf(ctx) })
    .where(and(eq(slaPolicies.workspaceId, ctx.workspaceId), eq(slaPolicies.id, id)))
    .returning();
  if (!row) throw notFound("SLA policy");
  await recordSettingChange(ctx, { type: "sla_policy", id }, current, row);
  await settingsChanged(ctx, id, "sla_policy");
  return row;
}

export async function deleteSlaPolicy(ctx: CommandContext, id: string) {
  authorize(ctx, "settings.write");
  const before = await loadPolicy(ctx, id);
  await ctx.tx.delete(slaPolicies).where(and(eq(slaPolicies.workspaceId, ctx.workspaceId), eq(slaPolicies.id, id)));
  await recordSettingChange(ctx, { type: "sla_policy", id }, before, null);
  await settingsChanged(ctx, id, "sla_policy");
}

async function loadPolicy(ctx: CommandContext, id: string) {
  const [row] = await ctx.tx
    .select()
    .from(slaPolicies)
    .where(and(eq(slaPolicies.workspaceId, ctx.workspaceId), eq(slaPolicies.id, id)));
  if (!row) throw notFound("SLA policy");
  return row;
}

async function checkPolicy(ctx: CommandContext, policy: SlaPolicyInput) {
  // Policies select stored issues, as views do: the issue context of the condition language.
  const problems = conditionProblems(policy.conditions, "issue");
  if (problems.length > 0) throw invalid("The policy's conditions cannot be used.", problems);
  // A policy decides the SLA; it cannot depend on the SLA it decides.
  const circular = conditionLeaves(policy.conditions).filter((l) => l.field.startsWith("sla."));
  if (circular.length > 0)
    throw invalid(
      "An SLA policy cannot test the SLA itself.",
      circular.map((l) => `"${l.field}" cannot be used in SLA policy conditions`),
    );
  if (policy.calendarId) await loadCalendar(ctx, policy.calendarId);
}

async function nextPosition(ctx: CommandContext): Promise<number> {
  const [row] = await ctx.tx
    .select({ max: sql<number | null>`max(${slaPolicies.position})` })
    .from(slaPolicies)
    .where(eq(slaPolicies.workspaceId, ctx.workspaceId));
  return (row?.max ?? -1) + 1;
}

/**
 * A calendar or policy changed: every open issue's SLA is computed again by the sweep. The
 * `sla.stale` job marks them in batches (`markSlasStale`), each its own short transaction: one
 * statement over a big workspace's open issues would hold their row locks against every command.
 */
async function settingsChanged(ctx: CommandContext, id: string, action: string) {
  await ctx.enqueue("sla.stale", { workspaceId: ctx.workspaceId });
  await ctx.notify({ kind: "settings", id, action });
}

/**
 * Marks up to `limit` open issues after `after` (in id order) for the SLA sweep to compute
 * again. Returns the last id marked, null when none was left.
 */
export async function markSlasStale(ctx: CommandContext, after: string | null, limit: number): Promise<string | null> {
  const marked = await selectRows<{ id: string }>(
    ctx.tx,
    sql`UPDATE ${issues} SET sla_evaluated_at = NULL
        WHERE ${issues.id} IN (
          SELECT ${issues.id} FROM ${issues}
          WHERE ${issues.workspaceId} = ${ctx.workspaceId} AND ${issues.state} <> 'closed'
            ${after ? sql`AND ${issues.id} > ${after}::uuid` : sql``}
          ORDER BY ${issues.id} LIMIT ${limit})
        RETURNING ${issues.id} AS id`,
  );
  return (
    marked
      .map((r) => r.id)
      .sort()
      .at(-1) ?? null
  );
}

// ---- an issue's SLA --------------------------------------------------------------------------

/** What a refresh found: targets newly missed, and warnings whose time has come. */
export interface SlaRefresh {
  breaches: { target: string; dueAt: Date }[];
}

/**
 * Computes the issue's SLA from its history as of now and records what changed: `sla_applied`
 * when the policy or a due time moves, `sla_breached` once per missed target and due time.
 */
export async function refreshSla(
  ctx: CommandContext,
  issueId: string,
  reads: RoutingReads = FRESH_READS,
): Promise<SlaRefresh> {
  const now = nowOf(ctx);
  // Locked as it is read: the SLA is computed from the row no one else changes until commit.
  const context = await loadIssueContext(ctx.tx, ctx.workspaceId, issueId, { now, reads, lock: true });
  if (!context) throw notFound("Issue");
  return applySla(ctx, context, await slaEvents(ctx.tx, issueId), now, reads);
}

/**
 * `refreshSla` of many issues in one command, read in four statements whatever their number and
 * written under write-behind when the command has it (the sla.refresh jobs of one worker fetch).
 * Issues that no longer exist are left out of the answer.
 */
export async function refreshSlaOfIssues(
  ctx: CommandContext,
  issueIds: readonly string[],
  reads: RoutingReads,
): Promise<Map<string, SlaRefresh>> {
  const now = nowOf(ctx);
  const contexts = await loadIssueContexts(ctx.tx, ctx.workspaceId, issueIds, { now, reads, lock: true });
  const events = await slaEventsOf(ctx.tx, [...contexts.keys()]);
  const refreshed = new Map<string, SlaRefresh>();
  for (const [id, context] of contexts)
    refreshed.set(id, await applySla(ctx, context, events.get(id) ?? [], now, reads));
  return refreshed;
}

async function applySla(
  ctx: CommandContext,
  context: IssueContext,
  events: SlaEvent[],
  now: Date,
  reads: RoutingReads,
): Promise<SlaRefresh> {
  const issue = context.issue;
  const facts = {
    ...context.facts,
    issue: {
      ...context.facts.issue,
      accountId: issue.accountId,
      createdAt: issue.createdAt,
      updatedAt: issue.updatedAt,
    },
  };
  const all = await reads.once(`slaPolicies:${ctx.workspaceId}`, () => listSlaPolicies(ctx.tx, ctx.workspaceId));
  const policies = all.filter((p) => p.enabled);
  const policy = policies.find((p) => evaluateConditions(p.conditions, facts).matched) ?? null;
  const state = policy ? await stateOf(ctx, policy, issue.teamId, events, now, reads) : null;
  const due = (t: (typeof SLA_TARGETS)[number]) => {
    const s = state?.targets[t];
    return s && (s.status === "running" || s.status === "breached") ? s.dueAt : null;
  };
  const next = {
    slaPolicyId: policy?.id ?? null,
    slaFirstResponseDueAt: due("first_response"),
    slaNextResponseDueAt: due("next_response"),
    slaResolutionDueAt: due("resolution"),
  };
  const moved =
    next.slaPolicyId !== issue.slaPolicyId ||
    !sameTime(next.slaFirstResponseDueAt, issue.slaFirstResponseDueAt) ||
    !sameTime(next.slaNextResponseDueAt, issue.slaNextResponseDueAt) ||
    !sameTime(next.slaResolutionDueAt, issue.slaResolutionDueAt);
  if (moved) {
    await appendEvent(ctx, issue, "sla_applied", {
      policyId: policy?.id ?? null,
      name: policy?.name ?? null,
      firstResponseDueAt: iso(next.slaFirstResponseDueAt),
      nextResponseDueAt: iso(next.slaNextResponseDueAt),
      resolutionDueAt: iso(next.slaResolutionDueAt),
    });
  }
  const recorded = new Set(
    events.filter((e) => e.type === "sla_breached").map((e) => breachKey(e.data as { target: string; dueAt: string })),
  );
  const fresh = (state?.breaches ?? []).filter(
    (b) => !recorded.has(breachKey({ target: b.target, dueAt: iso(b.dueAt) })),
  );
  for (const b of fresh) {
    if (!policy) break;
    await appendEvent(ctx, issue, "sla_breached", {
      policyId: policy.id,
      target: b.target,
      dueAt: b.dueAt.toISOString(),
    });
  }
  const clocks = {
    ...next,
    slaDueAt: state ? nextDue(state) : null,
    slaBreached: [...new Set((state?.breaches ?? []).map((b) => b.target))],
    slaPaused: state?.paused ?? false,
    slaCheckAt: state ? nextCheck(state, now) : null,
    slaEvaluatedAt: new Date(Math.max(issue.updatedAt.getTime(), now.getTime())),
  };
  if (ctx.writeBehind) ctx.writeBehind.updateIssue(issue.id, clocks);
  else await ctx.tx.update(issues).set(clocks).where(eq(issues.id, issue.id));
  return { breaches: fresh };
}

async function stateOf(
  ctx: CommandContext,
  policy: SlaPolicyRow,
  teamId: string | null,
  events: SlaEvent[],
  now: Date,
  reads: RoutingReads,
): Promise<SlaState> {
  const calendar = await reads.once(`calendar:${ctx.workspaceId}:${teamId}:${policy.calendarId}`, () =>
    issueCalendar(ctx.tx, ctx.workspaceId, teamId, policy.calendarId),
  );
  const rules = {
    targets: {
      first_response: policy.firstResponseMinutes,
      next_response: policy.nextResponseMinutes,
      resolution: policy.resolutionMinutes,
    },
    businessTime: policy.businessTime,
    pauseOn: policy.pauseOn,
  };
  return slaState(rules, calendar, slaMoments(events), now);
}

/** The next due time still ahead (a breach to record then); null when nothing runs. */
function nextCheck(state: SlaState, now: Date): Date | null {
  let next: Date | null = null;
  for (const t of SLA_TARGETS) {
    const { status, dueAt } = state.targets[t];
    if (status === "running" && dueAt && dueAt > now && (!next || dueAt < next)) next = dueAt;
  }
  return next;
}

const iso = (d: Date | null) => d?.toISOString() ?? null;
const sameTime = (a: Date | null, b: Date | null) => iso(a) === iso(b);
const breachKey = (b: { target: string; dueAt: string | null }) => `${b.target}@${b.dueAt}`;
