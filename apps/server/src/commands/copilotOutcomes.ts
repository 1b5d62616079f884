// Acceptance of the copilot: when an agent sends a reply, the drafts they were given are judged
// against it (domain/knowledge/acceptance.ts) and the outcome kept beside the AI decision.
import { and, desc, eq, isNull } from "drizzle-orm";
import { aiDecisions, copilotOutcomes } from "../db/schema";
import { draftOutcome } from "../domain/knowledge/acceptance";
import { type CommandContext, nowOf } from "./context";

/**
 * A reply was sent: the issue's latest draft not yet judged is compared with it (accepted, edited
 * or discarded); older unjudged drafts were superseded without being sent, so they count as
 * discarded. Called by replyToIssue in the reply's transaction.
 */
export async function recordDraftOutcomes(
  ctx: CommandContext,
  issue: { id: string },
  sent: { id: string; bodyText: string },
) {
  const pending = await ctx.tx
    .select({ id: aiDecisions.id, output: aiDecisions.output })
    .from(aiDecisions)
    .leftJoin(copilotOutcomes, eq(copilotOutcomes.decisionId, aiDecisions.id))
    .where(
      and(
        eq(aiDecisions.workspaceId, ctx.workspaceId),
        eq(aiDecisions.issueId, issue.id),
        eq(aiDecisions.kind, "draft"),
        isNull(copilotOutcomes.id),
      ),
    )
    .orderBy(desc(aiDecisions.createdAt));
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
