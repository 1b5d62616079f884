-- How many facts of the counted kinds (created, closed, reopened, resolution) each UTC day holds,
-- per team: a backlog or a count at any moment sums a few hundred day rows and the facts of that
-- moment's own day instead of the period's (or half a year of) facts. Kept by statement-level
-- triggers on metric_fact (the refresh's delete and insert, the dimension trigger's team moves,
-- cascaded deletes of issues), one aggregated upsert per statement.
CREATE TABLE "metric_day_count" (
	"workspace_id" uuid NOT NULL,
	"day" date NOT NULL,
	"team_id" uuid,
	"kind" text NOT NULL,
	"n" integer NOT NULL,
	CONSTRAINT "metric_day_count_key" UNIQUE NULLS NOT DISTINCT ("workspace_id","day","team_id","kind")
);--> statement-breakpoint
ALTER TABLE "metric_day_count" ADD CONSTRAINT "metric_day_count_workspace_id_workspace_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspace"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
INSERT INTO "metric_day_count" ("workspace_id", "day", "team_id", "kind", "n")
SELECT "workspace_id", ("at" AT TIME ZONE 'UTC')::date, "team_id", "kind", count(*)
FROM "metric_fact" WHERE "kind" IN ('created', 'closed', 'reopened', 'resolution') GROUP BY 1, 2, 3, 4;--> statement-breakpoint
CREATE FUNCTION "metric_day_count_apply"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- One workspace's days change one transaction at a time (no deadlock between upserts of
  -- overlapping day sets). A workspace being deleted is skipped: its rows go with it.
  IF TG_OP IN ('DELETE', 'UPDATE') THEN
    PERFORM pg_advisory_xact_lock(hashtextextended('metric_day_count:' || w, 0))
      FROM (SELECT DISTINCT "workspace_id"::text AS w FROM old_facts WHERE "kind" IN ('created', 'closed', 'reopened', 'resolution') ORDER BY 1) AS ws;
    INSERT INTO "metric_day_count" AS d ("workspace_id", "day", "team_id", "kind", "n")
    SELECT o."workspace_id", (o."at" AT TIME ZONE 'UTC')::date, o."team_id", o."kind", -count(*)
    FROM old_facts o
    WHERE o."kind" IN ('created', 'closed', 'reopened', 'resolution') AND EXISTS (SELECT 1 FROM "workspace" w WHERE w."id" = o."workspace_id")
    GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
    ON CONFLICT ("workspace_id", "day", "team_id", "kind") DO UPDATE SET "n" = d."n" + excluded."n";
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    PERFORM pg_advisory_xact_lock(hashtextextended('metric_day_count:' || w, 0))
      FROM (SELECT DISTINCT "workspace_id"::text AS w FROM new_facts WHERE "kind" IN ('created', 'closed', 'reopened', 'resolution') ORDER BY 1) AS ws;
    INSERT INTO "metric_day_count" AS d ("workspace_id", "day", "team_id", "kind", "n")
    SELECT n."workspace_id", (n."at" AT TIME ZONE 'UTC')::date, n."team_id", n."kind", count(*)
    FROM new_facts n WHERE n."kind" IN ('created', 'closed', 'reopened', 'resolution')
    GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
    ON CONFLICT ("workspace_id", "day", "team_id", "kind") DO UPDATE SET "n" = d."n" + excluded."n";
  END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER "metric_day_count_insert" AFTER INSERT ON "metric_fact" REFERENCING NEW TABLE AS new_facts
FOR EACH STATEMENT EXECUTE FUNCTION "metric_day_count_apply"();--> statement-breakpoint
CREATE TRIGGER "metric_day_count_delete" AFTER DELETE ON "metric_fact" REFERENCING OLD TABLE AS old_facts
FOR EACH STATEMENT EXECUTE FUNCTION "metric_day_count_apply"();--> statement-breakpoint
CREATE TRIGGER "metric_day_count_update" AFTER UPDATE ON "metric_fact" REFERENCING OLD TABLE AS old_facts NEW TABLE AS new_facts
FOR EACH STATEMENT EXECUTE FUNCTION "metric_day_count_apply"();
