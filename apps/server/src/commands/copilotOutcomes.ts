// Acceptance of the copilot: when an agent sends a reply, the drafts they were given are judged
// against it (domain/knowledge/acceptance.ts) and the outcome kept beside the AI decision.
import { and, desc, eq, isNull, type SQLWrapper, sql } from "drizzle-orm";
import { selectRows } from "../db/raw";
import { aiDecisions, copilotOutcomes } from "../db/schema";
import { draftOutcome } from "../domain/knowledge/acceptance";
import { type CommandContext, nowOf } from "./context";

export interface UnjudgedDraft {
  id: string;
  output: Record<string, unknown>;
}

/**
 * The issue's copilot drafts not yet judged, newest first, read with `alongside` (a reply clears
 * its sender's own draft first) as one statement: a reply's bookkeeping in one round trip.
 */
export async function unjudgedDrafts(
  ctx: CommandContext,
  issueId: string,
  alongside: SQLWrapper,
): Promise<UnjudgedDraft[]> {
  const pending = ctx.tx
    .select({ id: aiDecisions.id, output: aiDecisions.output })
    .from(aiDecisions)
    .leftJoin(copilotOutcomes, eq(copilotOutcomes.decisionId, aiDecisions.id))
    .where(
      and(
        eq(aiDecisions.workspaceId, ctx.workspaceId),
        eq(aiDecisions.issueId, issueId),
        eq(aiDecisions.kind, "draft"),
        isNull(copilotOutcomes.id),
      ),
    )
    .orderBy(desc(aiDecisions.createdAt));
  const rows = await selectRows(ctx.tx, sql`WITH alongside AS (${alongside.getSQL()}) ${pending.getSQL()}`);
  // The raw rows are mapped as Drizzle maps the column; its declared type is the column's own.
  return rows.map((row) => ({
    id: String(row.id),
    output: aiDecisions.output.mapFromDriverValue(row.output) as UnjudgedDraft["output"],
  }));
}

/**
 * A reply was sent: the issue's latest draft not yet judged (`unjudgedDrafts`, read before the
 * reply was added) is compared with it (accepted, edited or discarded); older unjudged drafts
 * were superseded without being sent, so they count as discarded. Called by replyToIssue in the
 * reply's transaction.
 */
export async function recordDraftOutcomes(
  ctx: CommandContext,
  issue: { id: string },
  sent: { id: string; bodyText: string },
  pending: readonly UnjudgedDraft[],
) {
  if (pending.length === 0) return [];
  const userId = ctx.actor.type === "user" ? ctx.actor.userId : null;
  const rows = pending.map((draft, i) => {
    const text = typeof draft.output.text === "string" ? draft.output.text : "";
    const judged =
      i === 0
        ? draftOutcome(text, sent.bodyText)
        : { outcome: "discarded" as const, editDistance: null, similarity: null };
    return {
      workspaceId: ctx.workspaceId,
      decisionId: draft.id,
      issueId: issue.id,
      messageId: i === 0 ? sent.id : null,
      userId,
      createdAt: nowOf(ctx),
      ...judged,
    };
  });
  return ctx.tx.insert(copilotOutcomes).values(rows).onConflictDoNothing().returning();
}
