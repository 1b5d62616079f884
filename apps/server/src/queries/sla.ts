// Read models for business-hours calendars, SLA policies, the calendar an issue runs on, and the
// issues the SLA sweep should look at.
import { and, asc, eq, inArray, isNotNull, lte, sql } from "drizzle-orm";
import type { Executor } from "../db/connect";
import { businessCalendars, issueEvents, issues, slaPolicies, teams } from "../db/schema";
import { BUSINESS_HOURS, type BusinessCalendar } from "../domain/businessHours";

export type CalendarRow = typeof businessCalendars.$inferSelect;
export type SlaPolicyRow = typeof slaPolicies.$inferSelect;

export const listCalendars = (db: Executor, workspaceId: string) =>
  db
    .select()
    .from(businessCalendars)
    .where(eq(businessCalendars.workspaceId, workspaceId))
    .orderBy(asc(businessCalendars.name));

export const listSlaPolicies = (db: Executor, workspaceId: string) =>
  db
    .select()
    .from(slaPolicies)
    .where(eq(slaPolicies.workspaceId, workspaceId))
    .orderBy(asc(slaPolicies.position), asc(slaPolicies.createdAt));

export function calendarOf(row: Pick<CalendarRow, "timeZone" | "hours" | "holidays">): BusinessCalendar {
  return { timeZone: row.timeZone, hours: row.hours, holidays: row.holidays };
}

/**
 * The calendar that counts for an issue: the one named (an SLA policy's), else its team's, else
 * the workspace's default, else Monday to Friday 9–17 UTC.
 */
export async function issueCalendar(
  db: Executor,
  workspaceId: string,
  teamId: string | null,
  calendarId: string | null = null,
): Promise<BusinessCalendar> {
  const [team] = teamId
    ? await db
        .select({ calendarId: teams.calendarId })
        .from(teams)
        .where(and(eq(teams.workspaceId, workspaceId), eq(teams.id, teamId)))
    : [];
  const all = await listCalendars(db, workspaceId);
  const chosen =
    all.find((c) => c.id === calendarId) ?? all.find((c) => c.id === team?.calendarId) ?? all.find((c) => c.isDefault);
  return chosen ? calendarOf(chosen) : BUSINESS_HOURS;
}

/** An event an SLA clock reads. */
export type SlaEvent = Pick<typeof issueEvents.$inferSelect, "type" | "data" | "createdAt">;

/** The events an SLA clock reads, oldest first. */
export async function slaEvents(db: Executor, issueId: string): Promise<SlaEvent[]> {
  return (await slaEventsOf(db, [issueId])).get(issueId) ?? [];
}

/** `slaEvents` of many issues in one statement: issue id → its events, oldest first. */
export async function slaEventsOf(db: Executor, issueIds: readonly string[]): Promise<Map<string, SlaEvent[]>> {
  const out = new Map<string, SlaEvent[]>();
  if (issueIds.length === 0) return out;
  const rows = await db
    .select({
      issueId: issueEvents.issueId,
      type: issueEvents.type,
      data: issueEvents.data,
      createdAt: issueEvents.createdAt,
    })
    .from(issueEvents)
    .where(
      and(
        inArray(issueEvents.issueId, [...issueIds]),
        sql`${issueEvents.type} IN ('created', 'message', 'state', 'sla_breached')`,
      ),
    )
    .orderBy(asc(issueEvents.issueId), asc(issueEvents.seq));
  for (const { issueId, ...event } of rows) {
    const events = out.get(issueId) ?? [];
    events.push(event);
    out.set(issueId, events);
  }
  return out;
}

/**
 * Issues whose SLA needs a look: never evaluated or changed since (stale), or with a due time
 * that has come. Two bounded reads, each served by its partial index (migration 0021), so the
 * sweep costs what is due, not the size of the workspace. `workspaceId` "all" sweeps every one.
 */
export async function issuesForSlaCheck(db: Executor, workspaceId: string, now: Date, limit = 500) {
  const inWorkspace = workspaceId === "all" ? undefined : eq(issues.workspaceId, workspaceId);
  const columns = { id: issues.id, workspaceId: issues.workspaceId };
  const stale = await db
    .select(columns)
    .from(issues)
    .where(and(inWorkspace, sql`(${issues.slaEvaluatedAt} IS NULL OR ${issues.updatedAt} > ${issues.slaEvaluatedAt})`))
    .orderBy(asc(issues.updatedAt))
    .limit(limit);
  const due = await db
    .select(columns)
    .from(issues)
    .where(
      and(inWorkspace, isNotNull(issues.slaCheckAt), lte(issues.slaCheckAt, sql`${now.toISOString()}::timestamptz`)),
    )
    .orderBy(asc(issues.slaCheckAt))
    .limit(limit);
  const seen = new Set(stale.map((i) => i.id));
  return [...stale, ...due.filter((i) => !seen.has(i.id))];
}

/** Which teams use each calendar: calendar id → team ids. */
export async function calendarTeams(db: Executor, workspaceId: string): Promise<Map<string, string[]>> {
  const rows = await db
    .select({ id: teams.id, calendarId: teams.calendarId })
    .from(teams)
    .where(and(eq(teams.workspaceId, workspaceId), isNotNull(teams.calendarId)));
  const out = new Map<string, string[]>();
  for (const r of rows) if (r.calendarId) out.set(r.calendarId, [...(out.get(r.calendarId) ?? []), r.id]);
  return out;
}

/**
 * Each team's calendar at once (for many issues): team id (or null) → its calendar, else the
 * workspace's default, else Monday to Friday 9–17 UTC.
 */
export async function teamCalendars(
  db: Executor,
  workspaceId: string,
): Promise<(teamId: string | null) => BusinessCalendar> {
  const all = await listCalendars(db, workspaceId);
  const byTeam = await db
    .select({ id: teams.id, calendarId: teams.calendarId })
    .from(teams)
    .where(and(eq(teams.workspaceId, workspaceId), isNotNull(teams.calendarId)));
  const fallback = all.find((c) => c.isDefault);
  const fallbackCalendar = fallback ? calendarOf(fallback) : BUSINESS_HOURS;
  const ofTeam = new Map<string, BusinessCalendar>();
  for (const t of byTeam) {
    const c = all.find((row) => row.id === t.calendarId);
    if (c) ofTeam.set(t.id, calendarOf(c));
  }
  return (teamId) => (teamId ? ofTeam.get(teamId) : undefined) ?? fallbackCalendar;
}
