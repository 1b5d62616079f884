-- Each metric fact carries its issue's filter and breakdown dimensions (team, assignee, channel,
-- priority, account), so a dashboard filtered or broken down by them reads the facts' covering
-- index alone instead of joining a million issues. They are the issue's CURRENT values (as the
-- filters on issues always were): the trigger below moves them in the transaction that changes
-- the issue, whichever command it is.
ALTER TABLE "metric_fact" ADD COLUMN "team_id" uuid;--> statement-breakpoint
ALTER TABLE "metric_fact" ADD COLUMN "assignee_user_id" uuid;--> statement-breakpoint
ALTER TABLE "metric_fact" ADD COLUMN "channel" text;--> statement-breakpoint
ALTER TABLE "metric_fact" ADD COLUMN "priority" text;--> statement-breakpoint
ALTER TABLE "metric_fact" ADD COLUMN "account_id" uuid;--> statement-breakpoint
UPDATE "metric_fact" f SET "team_id" = i."team_id", "assignee_user_id" = i."assignee_user_id", "channel" = i."channel",
  "priority" = i."priority", "account_id" = i."account_id"
FROM "issue" i WHERE i."id" = f."issue_id";--> statement-breakpoint
DROP INDEX "metric_fact_ws_kind_at_idx";--> statement-breakpoint
CREATE INDEX "metric_fact_ws_kind_at_idx" ON "metric_fact" USING btree ("workspace_id","kind","at") INCLUDE ("issue_id","target","seconds","business_seconds","value","team_id","assignee_user_id","channel","priority","account_id");--> statement-breakpoint
CREATE FUNCTION "metric_fact_follow_issue"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "metric_fact" SET "team_id" = NEW."team_id", "assignee_user_id" = NEW."assignee_user_id",
    "channel" = NEW."channel", "priority" = NEW."priority", "account_id" = NEW."account_id"
  WHERE "issue_id" = NEW."id";
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER "metric_fact_follow_issue" AFTER UPDATE OF "team_id", "assignee_user_id", "channel", "priority", "account_id" ON "issue"
FOR EACH ROW WHEN (OLD."team_id" IS DISTINCT FROM NEW."team_id" OR OLD."assignee_user_id" IS DISTINCT FROM NEW."assignee_user_id"
  OR OLD."channel" IS DISTINCT FROM NEW."channel" OR OLD."priority" IS DISTINCT FROM NEW."priority"
  OR OLD."account_id" IS DISTINCT FROM NEW."account_id")
EXECUTE FUNCTION "metric_fact_follow_issue"();
