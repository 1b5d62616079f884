// Similar resolved issues' accepted answers, a draft source beside the knowledge base: closed
// issues of the workspace whose title shares a word with the question, each with the last public
// reply an agent sent on it (the answer the customer accepted by the issue being closed).
import { and, desc, eq, isNull, ne, sql } from "drizzle-orm";
import type { Executor } from "../db/connect";
import { issues, messages } from "../db/schema";
import { terms } from "../domain/knowledge/text";

export interface ResolvedAnswer {
  issueId: string;
  number: number;
  title: string;
  messageId: string;
  text: string;
}

/** Up to `limit` closed issues (never `exceptIssueId`) sharing a title word with `text`, newest first. */
export async function resolvedAnswerCandidates(
  db: Executor,
  workspaceId: string,
  exceptIssueId: string,
  text: string,
  limit = 30,
): Promise<ResolvedAnswer[]> {
  // Issue titles are indexed with the 'simple' configuration (no stemming): stems match as prefixes.
  const words = [...new Set(terms(text).map((t) => t.replace(/[^a-z0-9]/g, "")))].filter((w) => w.length > 2);
  if (words.length === 0) return [];
  const query = words
    .slice(0, 32)
    .map((w) => `${w}:*`)
    .join(" | ");
  const answer = db
    .select({ id: messages.id, text: messages.bodyText })
    .from(messages)
    .where(
      and(
        eq(messages.issueId, issues.id),
        eq(messages.authorType, "user"),
        eq(messages.visibility, "public"),
        isNull(messages.deletedAt),
      ),
    )
    .orderBy(desc(messages.createdAt))
    .limit(1)
    .as("answer");
  const rows = await db
    .select({
      issueId: issues.id,
      number: issues.number,
      title: issues.title,
      messageId: answer.id,
      text: answer.text,
    })
    .from(issues)
    .innerJoinLateral(answer, sql`true`)
    .where(
      and(
        eq(issues.workspaceId, workspaceId),
        eq(issues.state, "closed"),
        ne(issues.id, exceptIssueId),
        sql`${issues.titleSearch} @@ to_tsquery('simple', ${query})`,
      ),
    )
    .orderBy(desc(issues.resolvedAt))
    .limit(limit);
  return rows;
}
