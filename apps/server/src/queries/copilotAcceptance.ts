// The copilot's acceptance: of the drafts agents asked for in a period, how many were sent as
// drafted, edited, discarded, or are still waiting for a reply; and how close the sent replies were.
import { and, eq, gte, sql } from "drizzle-orm";
import type { Executor } from "../db/connect";
import { aiDecisions, copilotOutcomes } from "../db/schema";

export async function copilotAcceptance(db: Executor, workspaceId: string, since: Date) {
  const [row] = await db
    .select({
      drafts: sql<number>`count(*)::int`,
      accepted: sql<number>`count(*) FILTER (WHERE ${copilotOutcomes.outcome} = 'accepted')::int`,
      edited: sql<number>`count(*) FILTER (WHERE ${copilotOutcomes.outcome} = 'edited')::int`,
      discarded: sql<number>`count(*) FILTER (WHERE ${copilotOutcomes.outcome} = 'discarded')::int`,
      similarity: sql<number | null>`avg(${copilotOutcomes.similarity})::float8`,
    })
    .from(aiDecisions)
    .leftJoin(copilotOutcomes, eq(copilotOutcomes.decisionId, aiDecisions.id))
    .where(
      and(eq(aiDecisions.workspaceId, workspaceId), eq(aiDecisions.kind, "draft"), gte(aiDecisions.createdAt, since)),
    );
  const drafts = row?.drafts ?? 0;
  const accepted = row?.accepted ?? 0;
  const edited = row?.edited ?? 0;
  const discarded = row?.discarded ?? 0;
  const judged = accepted + edited + discarded;
  return {
    since,
    drafts,
    accepted,
    edited,
    discarded,
    pending: drafts - judged,
    /** Share of judged drafts that went out, as drafted or edited; null before any was judged. */
    acceptanceRate: judged === 0 ? null : (accepted + edited) / judged,
    meanSimilarity: row?.similarity ?? null,
  };
}
