-- The SLA sweep reads two bounded, indexed sets instead of walking a workspace's issues: issues
-- whose SLA is stale (never evaluated, or changed since), and issues whose next check has come.
CREATE INDEX "issue_sla_stale_idx" ON "issue" ("updated_at") WHERE "sla_evaluated_at" IS NULL OR "updated_at" > "sla_evaluated_at";
--> statement-breakpoint
CREATE INDEX "issue_ws_sla_check_idx" ON "issue" ("workspace_id", "sla_check_at") WHERE "sla_check_at" IS NOT NULL;
