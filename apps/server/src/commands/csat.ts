// CSAT: a customer's rating of a resolved issue, from whichever channel asked (widget, email
// link). One answer per issue and resolution: a second one within 24 hours changes it, later it
// is refused; after a reopen the next closing is rated anew.
import { and, count, eq } from "drizzle-orm";
import type { Executor } from "../db/connect";
import { csatResponses, issueEvents } from "../db/schema";
import type { ChannelKind } from "../domain/channel";
import type { CsatScale } from "../domain/csatSurvey";
import { conflict } from "../domain/errors";
import { csatAlreadyRequested, csatSurveyOf } from "../queries/csat";
import { type CommandContext, nowOf } from "./context";
import { appendEvent } from "./events";
import { type IssueRow, loadIssueByIdForUpdate } from "./lookup";

/** How long a customer may change their rating. */
export const CSAT_CHANGE_HOURS = 24;

export interface CsatAnswer {
  score: number;
  comment?: string | null;
  channel: ChannelKind;
  /** The resolution a signed link was issued for; refused when the issue was reopened since. */
  resolution?: number;
}

/** Which resolution of the issue this is: 1, then one more per reopening. */
export async function resolutionOf(db: Executor, issue: Pick<IssueRow, "id">): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(issueEvents)
    .where(and(eq(issueEvents.issueId, issue.id), eq(issueEvents.type, "reopened")));
  return (row?.n ?? 0) + 1;
}

export async function recordCsat(ctx: CommandContext, issueId: string, answer: CsatAnswer) {
  const issue = await loadIssueByIdForUpdate(ctx, issueId);
  if (issue.state !== "closed") throw conflict("The issue is not resolved yet: there is nothing to rate.");
  const resolution = await resolutionOf(ctx.tx, issue);
  if (answer.resolution !== undefined && answer.resolution !== resolution) {
    throw conflict("This survey was for an earlier resolution of the issue.");
  }
  const at = nowOf(ctx);
  const comment = answer.comment?.trim() || null;
  const [existing] = await ctx.tx
    .select()
    .from(csatResponses)
    .where(and(eq(csatResponses.issueId, issue.id), eq(csatResponses.resolution, resolution)))
    .for("update");
  if (existing && at.getTime() - existing.createdAt.getTime() > CSAT_CHANGE_HOURS * 3_600_000) {
    throw conflict(`A rating can be changed within ${CSAT_CHANGE_HOURS} hours.`);
  }
  // A repeated click with the same answer changes nothing and records nothing.
  if (existing && existing.score === answer.score && (answer.comment === undefined || existing.comment === comment)) {
    return existing;
  }
  const values = {
    score: answer.score,
    comment: answer.comment === undefined ? (existing?.comment ?? null) : comment,
    channel: answer.channel,
    updatedAt: at,
  };
  const [row] = existing
    ? await ctx.tx.update(csatResponses).set(values).where(eq(csatResponses.id, existing.id)).returning()
    : await ctx.tx
        .insert(csatResponses)
        .values({ ...values, workspaceId: ctx.workspaceId, issueId: issue.id, resolution, createdAt: at })
        .returning();
  if (!row) throw new Error("csat write returned nothing");
  await appendEvent(ctx, issue, "csat", {
    score: row.score,
    comment: row.comment,
    channel: answer.channel,
    resolution,
    updated: Boolean(existing),
  });
  return row;
}

export interface CsatRequest {
  channel: ChannelKind;
  resolution: number;
  scale: CsatScale;
}

/**
 * Records that a survey went out (email, Slack, widget, portal): the `csat_requested` event the
 * response rate counts. Once per channel and resolution; a repeated call records nothing.
 */
export async function recordCsatRequest(ctx: CommandContext, issueId: string, request: CsatRequest) {
  // Locked: two deliveries of the same survey job serialise here and the second records nothing.
  const issue = await loadIssueByIdForUpdate(ctx, issueId);
  if (await csatAlreadyRequested(ctx.tx, issue.id, request.resolution, request.channel)) return { recorded: false };
  await appendEvent(ctx, issue, "csat_requested", request);
  return { recorded: true };
}

/** The optional comment after a rating: kept with the resolution's score (a rating must exist). */
export async function commentOnCsat(
  ctx: CommandContext,
  issueId: string,
  input: { comment: string; channel: ChannelKind; resolution?: number },
) {
  const resolution = input.resolution ?? (await resolutionOf(ctx.tx, { id: issueId }));
  const [existing] = await ctx.tx
    .select({ score: csatResponses.score })
    .from(csatResponses)
    .where(and(eq(csatResponses.issueId, issueId), eq(csatResponses.resolution, resolution)));
  if (!existing) throw conflict("Rate the resolution first; the comment goes with the rating.");
  return recordCsat(ctx, issueId, {
    score: existing.score,
    comment: input.comment,
    channel: input.channel,
    resolution,
  });
}

/**
 * A survey that its channel shows inline once the issue is resolved (widget, portal): recorded
 * when the issue's team surveys it, so the response rate counts it like an email or Slack survey.
 */
export async function recordInlineSurvey(ctx: CommandContext, issueId: string, channel: "widget" | "portal") {
  const survey = await csatSurveyOf(ctx.tx, ctx.workspaceId, issueId);
  if ("skip" in survey || survey.issue.channel !== channel) return;
  await recordCsatRequest(ctx, issueId, { channel, resolution: survey.resolution, scale: survey.scale });
}
