// CSAT reads: an issue by id for the survey senders, and the answers for analytics.
import { and, eq } from "drizzle-orm";
import type { Executor } from "../db/connect";
import { issues } from "../db/schema";

export async function loadIssueById(db: Executor, workspaceId: string, issueId: string) {
  const [row] = await db
    .select()
    .from(issues)
    .where(and(eq(issues.workspaceId, workspaceId), eq(issues.id, issueId)));
  return row;
}
