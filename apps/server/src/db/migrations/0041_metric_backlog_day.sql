-- The backlog's running sum by UTC day: each day's net change of open issues (created and
-- reopened +1, closed −1) per team, so a backlog at any moment sums a few hundred day rows and
-- the facts of that moment's own day instead of half a year of facts. Kept by statement-level
-- triggers on metric_fact (the refresh's delete and insert, the dimension trigger's team moves,
-- cascaded deletes of issues), one aggregated upsert per statement.
CREATE TABLE "metric_backlog_day" (
	"workspace_id" uuid NOT NULL,
	"day" date NOT NULL,
	"team_id" uuid,
	"delta" integer NOT NULL,
	CONSTRAINT "metric_backlog_day_key" UNIQUE NULLS NOT DISTINCT ("workspace_id","day","team_id")
);--> statement-breakpoint
ALTER TABLE "metric_backlog_day" ADD CONSTRAINT "metric_backlog_day_workspace_id_workspace_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspace"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
INSERT INTO "metric_backlog_day" ("workspace_id", "day", "team_id", "delta")
SELECT "workspace_id", ("at" AT TIME ZONE 'UTC')::date, "team_id", sum(CASE "kind" WHEN 'closed' THEN -1 ELSE 1 END)
FROM "metric_fact" WHERE "kind" IN ('created', 'closed', 'reopened') GROUP BY 1, 2, 3;--> statement-breakpoint
CREATE FUNCTION "metric_backlog_day_apply"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- One workspace's days change one transaction at a time (no deadlock between upserts of
  -- overlapping day sets). A workspace being deleted is skipped: its rows go with it.
  IF TG_OP IN ('DELETE', 'UPDATE') THEN
    PERFORM pg_advisory_xact_lock(hashtextextended('metric_backlog_day:' || w, 0))
      FROM (SELECT DISTINCT "workspace_id"::text AS w FROM old_facts WHERE "kind" IN ('created', 'closed', 'reopened') ORDER BY 1) AS ws;
    INSERT INTO "metric_backlog_day" AS d ("workspace_id", "day", "team_id", "delta")
    SELECT o."workspace_id", (o."at" AT TIME ZONE 'UTC')::date, o."team_id", -sum(CASE o."kind" WHEN 'closed' THEN -1 ELSE 1 END)
    FROM old_facts o
    WHERE o."kind" IN ('created', 'closed', 'reopened') AND EXISTS (SELECT 1 FROM "workspace" w WHERE w."id" = o."workspace_id")
    GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
    ON CONFLICT ("workspace_id", "day", "team_id") DO UPDATE SET "delta" = d."delta" + excluded."delta";
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    PERFORM pg_advisory_xact_lock(hashtextextended('metric_backlog_day:' || w, 0))
      FROM (SELECT DISTINCT "workspace_id"::text AS w FROM new_facts WHERE "kind" IN ('created', 'closed', 'reopened') ORDER BY 1) AS ws;
    INSERT INTO "metric_backlog_day" AS d ("workspace_id", "day", "team_id", "delta")
    SELECT n."workspace_id", (n."at" AT TIME ZONE 'UTC')::date, n."team_id", sum(CASE n."kind" WHEN 'closed' THEN -1 ELSE 1 END)
    FROM new_facts n WHERE n."kind" IN ('created', 'closed', 'reopened')
    GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
    ON CONFLICT ("workspace_id", "day", "team_id") DO UPDATE SET "delta" = d."delta" + excluded."delta";
  END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER "metric_backlog_day_insert" AFTER INSERT ON "metric_fact" REFERENCING NEW TABLE AS new_facts
FOR EACH STATEMENT EXECUTE FUNCTION "metric_backlog_day_apply"();--> statement-breakpoint
CREATE TRIGGER "metric_backlog_day_delete" AFTER DELETE ON "metric_fact" REFERENCING OLD TABLE AS old_facts
FOR EACH STATEMENT EXECUTE FUNCTION "metric_backlog_day_apply"();--> statement-breakpoint
CREATE TRIGGER "metric_backlog_day_update" AFTER UPDATE ON "metric_fact" REFERENCING OLD TABLE AS old_facts NEW TABLE AS new_facts
FOR EACH STATEMENT EXECUTE FUNCTION "metric_backlog_day_apply"();
