// CSAT reads: an issue by id for the survey senders, whether its closing gets a survey (and on
// which scale), and whether a channel already asked about a resolution.
import { and, count, desc, eq, sql } from "drizzle-orm";
import type { Executor } from "../db/connect";
import { issueEvents, issues, teams } from "../db/schema";
import { type CsatScale, surveyFor } from "../domain/csatSurvey";

export async function loadIssueById(db: Executor, workspaceId: string, issueId: string) {
  const [row] = await db
    .select()
    .from(issues)
    .where(and(eq(issues.workspaceId, workspaceId), eq(issues.id, issueId)));
  return row;
}

export type SurveyedIssue = NonNullable<Awaited<ReturnType<typeof loadIssueById>>>;

/** Which resolution of the issue this is: 1, then one more per reopening. */
export async function resolutionNumber(db: Executor, issueId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(issueEvents)
    .where(and(eq(issueEvents.issueId, issueId), eq(issueEvents.type, "reopened")));
  return (row?.n ?? 0) + 1;
}

/**
 * The survey a closed issue gets (domain/csatSurvey.ts decides): the issue, the scale and the
 * resolution it is about; or why none goes out.
 */
export async function csatSurveyOf(
  db: Executor,
  workspaceId: string,
  issueId: string,
): Promise<{ issue: SurveyedIssue; scale: CsatScale; resolution: number } | { skip: string }> {
  const issue = await loadIssueById(db, workspaceId, issueId);
  if (!issue) return { skip: "no such issue" };
  const [team] = issue.teamId
    ? await db
        .select({ csatEnabled: teams.csatEnabled, csatScale: teams.csatScale })
        .from(teams)
        .where(and(eq(teams.workspaceId, workspaceId), eq(teams.id, issue.teamId)))
    : [];
  const [close] = await db
    .select({ actorType: issueEvents.actorType })
    .from(issueEvents)
    .where(
      and(eq(issueEvents.issueId, issue.id), eq(issueEvents.type, "state"), sql`${issueEvents.data}->>'to' = 'closed'`),
    )
    .orderBy(desc(issueEvents.seq))
    .limit(1);
  const decision = surveyFor({
    state: issue.state,
    team: team ?? null,
    closedBy: close?.actorType ?? null,
    mergedIntoId: issue.mergedIntoIssueId,
    tags: issue.tags,
  });
  if ("skip" in decision) return decision;
  return { issue, scale: decision.scale, resolution: await resolutionNumber(db, issue.id) };
}

/** Whether `channel` already sent the survey of this resolution (a retried job asks once). */
export async function csatAlreadyRequested(db: Executor, issueId: string, resolution: number, channel: string) {
  const [row] = await db
    .select({ n: count() })
    .from(issueEvents)
    .where(
      and(
        eq(issueEvents.issueId, issueId),
        eq(issueEvents.type, "csat_requested"),
        sql`(${issueEvents.data}->>'resolution')::int = ${resolution}`,
        sql`${issueEvents.data}->>'channel' = ${channel}`,
      ),
    );
  return (row?.n ?? 0) > 0;
}
