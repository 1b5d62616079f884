// Read model for a person's drafts: all of theirs (cards show which issues have one), or one issue's.
import { and, desc, eq } from "drizzle-orm";
import type { Executor } from "../db/connect";
import { drafts, issues } from "../db/schema";

const columns = {
  issueNumber: issues.number,
  visibility: drafts.visibility,
  body: drafts.body,
  updatedAt: drafts.updatedAt,
};

export async function listDrafts(db: Executor, workspaceId: string, userId: string, issueNumber?: number) {
  return db
    .select(columns)
    .from(drafts)
    .innerJoin(issues, eq(issues.id, drafts.issueId))
    .where(
      and(
        eq(drafts.workspaceId, workspaceId),
        eq(drafts.userId, userId),
        issueNumber === undefined ? undefined : eq(issues.number, issueNumber),
      ),
    )
    .orderBy(desc(drafts.updatedAt))
    .limit(500);
}
