-- Views and search at a million issues (issue 25). The views' default order (priority rank, then
-- oldest first) walks this index and stops after a page, instead of sorting every matching issue;
-- the expression is `RANK` in queries/views.ts, character for character.
CREATE INDEX "issue_ws_priority_rank_idx" ON "issue" ("workspace_id", (CASE "priority" WHEN 'urgent' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 WHEN 'low' THEN 3 ELSE 4 END), "created_at", "id");--> statement-breakpoint
-- The board's "Closed today" column: the few issues closed since midnight, not every closed one.
CREATE INDEX "issue_ws_closed_resolved_idx" ON "issue" ("workspace_id", "resolved_at") WHERE "state" = 'closed';--> statement-breakpoint
-- The sidebar's counts are of open issues: their team / assignee / account read from the index alone.
CREATE INDEX "issue_ws_open_idx" ON "issue" ("workspace_id", "team_id", "assignee_user_id", "account_id", "state") WHERE "state" <> 'closed' AND "merged_into_issue_id" IS NULL;
