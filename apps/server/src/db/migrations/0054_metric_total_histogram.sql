-- The day histograms of migration 0046 without the team: per UTC day (span 1) and per ISO week
-- (span 7, from its Monday), for the dashboards' unfiltered tiles. A team-day holds ~50 of the
-- ~160 buckets, a whole day of all teams not many more, so a 30-day period reads ~5× fewer rows
-- (its whole weeks as week rows, the days before and after them as day rows). Kept by statement
-- triggers on metric_fact as the day histograms are: inserts, deletes and updates apply their net
-- change (a team or assignee move changes none of these rows).
CREATE TABLE "metric_total_histogram" (
	"workspace_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"measure" text NOT NULL,
	"span" smallint NOT NULL,
	"start" date NOT NULL,
	"bucket" integer,
	"n" integer NOT NULL,
	"total" double precision NOT NULL,
	CONSTRAINT "metric_total_histogram_key" UNIQUE NULLS NOT DISTINCT ("workspace_id","kind","measure","span","start","bucket") INCLUDE ("n","total")
);--> statement-breakpoint
ALTER TABLE "metric_total_histogram" ADD CONSTRAINT "metric_total_histogram_workspace_id_workspace_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspace"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- The rows a fact at `at` adds to: its UTC day's and its ISO week's.
CREATE FUNCTION "metric_total_spans"("at" timestamptz) RETURNS TABLE ("span" smallint, "start" date) LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT 1::smallint, ("at" AT TIME ZONE 'UTC')::date
  UNION ALL SELECT 7::smallint, date_trunc('week', "at" AT TIME ZONE 'UTC')::date
$$;--> statement-breakpoint
INSERT INTO "metric_total_histogram" ("workspace_id", "kind", "measure", "span", "start", "bucket", "n", "total")
SELECT h."workspace_id", h."kind", h."measure", s."span", s."start", h."bucket", sum(h."n"), sum(h."total")
FROM "metric_day_histogram" h CROSS JOIN LATERAL "metric_total_spans"(h."day"::timestamp AT TIME ZONE 'UTC') s
GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(h."n") <> 0 OR sum(h."total") <> 0;--> statement-breakpoint
CREATE FUNCTION "metric_total_histogram_apply"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- metric_day_count's lock: one workspace's summaries change one transaction at a time. A
  -- workspace being deleted is skipped (its rows go with it). Each operation applies its net
  -- change: an update that moves a team or an assignee changes no row here.
  IF TG_OP = 'UPDATE' THEN
    PERFORM pg_advisory_xact_lock(hashtextextended('metric_day_count:' || w, 0))
      FROM (SELECT "workspace_id"::text AS w FROM old_facts UNION SELECT "workspace_id"::text FROM new_facts ORDER BY 1) AS ws;
    INSERT INTO "metric_total_histogram" AS d ("workspace_id", "kind", "measure", "span", "start", "bucket", "n", "total")
    SELECT c."workspace_id", c."kind", m."measure", s."span", s."start", "metric_bucket"(m."v"),
      sum(c."sign"), coalesce(sum(c."sign" * m."v"), 0)
    FROM (SELECT o.*, -1 AS "sign" FROM old_facts o UNION ALL SELECT n.*, 1 FROM new_facts n) AS c
      CROSS JOIN LATERAL "metric_fact_measures"(c."kind", c."target", c."seconds", c."business_seconds", c."value") m
      CROSS JOIN LATERAL "metric_total_spans"(c."at") s
    WHERE EXISTS (SELECT 1 FROM "workspace" w WHERE w."id" = c."workspace_id")
    GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(c."sign") <> 0 OR coalesce(sum(c."sign" * m."v"), 0) <> 0 ORDER BY 1, 2, 3, 4, 5, 6
    ON CONFLICT ("workspace_id", "kind", "measure", "span", "start", "bucket")
      DO UPDATE SET "n" = d."n" + excluded."n", "total" = d."total" + excluded."total";
  END IF;
  IF TG_OP = 'DELETE' THEN
    PERFORM pg_advisory_xact_lock(hashtextextended('metric_day_count:' || w, 0))
      FROM (SELECT DISTINCT "workspace_id"::text AS w FROM old_facts ORDER BY 1) AS ws;
    INSERT INTO "metric_total_histogram" AS d ("workspace_id", "kind", "measure", "span", "start", "bucket", "n", "total")
    SELECT c."workspace_id", c."kind", m."measure", s."span", s."start", "metric_bucket"(m."v"),
      sum(c."sign"), coalesce(sum(c."sign" * m."v"), 0)
    FROM (SELECT o.*, -1 AS "sign" FROM old_facts o) AS c
      CROSS JOIN LATERAL "metric_fact_measures"(c."kind", c."target", c."seconds", c."business_seconds", c."value") m
      CROSS JOIN LATERAL "metric_total_spans"(c."at") s
    WHERE EXISTS (SELECT 1 FROM "workspace" w WHERE w."id" = c."workspace_id")
    GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(c."sign") <> 0 OR coalesce(sum(c."sign" * m."v"), 0) <> 0 ORDER BY 1, 2, 3, 4, 5, 6
    ON CONFLICT ("workspace_id", "kind", "measure", "span", "start", "bucket")
      DO UPDATE SET "n" = d."n" + excluded."n", "total" = d."total" + excluded."total";
  END IF;
  IF TG_OP = 'INSERT' THEN
    PERFORM pg_advisory_xact_lock(hashtextextended('metric_day_count:' || w, 0))
      FROM (SELECT DISTINCT "workspace_id"::text AS w FROM new_facts ORDER BY 1) AS ws;
    INSERT INTO "metric_total_histogram" AS d ("workspace_id", "kind", "measure", "span", "start", "bucket", "n", "total")
    SELECT c."workspace_id", c."kind", m."measure", s."span", s."start", "metric_bucket"(m."v"),
      sum(c."sign"), coalesce(sum(c."sign" * m."v"), 0)
    FROM (SELECT n.*, 1 AS "sign" FROM new_facts n) AS c
      CROSS JOIN LATERAL "metric_fact_measures"(c."kind", c."target", c."seconds", c."business_seconds", c."value") m
      CROSS JOIN LATERAL "metric_total_spans"(c."at") s
    WHERE EXISTS (SELECT 1 FROM "workspace" w WHERE w."id" = c."workspace_id")
    GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(c."sign") <> 0 OR coalesce(sum(c."sign" * m."v"), 0) <> 0 ORDER BY 1, 2, 3, 4, 5, 6
    ON CONFLICT ("workspace_id", "kind", "measure", "span", "start", "bucket")
      DO UPDATE SET "n" = d."n" + excluded."n", "total" = d."total" + excluded."total";
  END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER "metric_total_histogram_insert" AFTER INSERT ON "metric_fact" REFERENCING NEW TABLE AS new_facts
FOR EACH STATEMENT EXECUTE FUNCTION "metric_total_histogram_apply"();--> statement-breakpoint
CREATE TRIGGER "metric_total_histogram_delete" AFTER DELETE ON "metric_fact" REFERENCING OLD TABLE AS old_facts
FOR EACH STATEMENT EXECUTE FUNCTION "metric_total_histogram_apply"();--> statement-breakpoint
CREATE TRIGGER "metric_total_histogram_update" AFTER UPDATE ON "metric_fact" REFERENCING OLD TABLE AS old_facts NEW TABLE AS new_facts
FOR EACH STATEMENT EXECUTE FUNCTION "metric_total_histogram_apply"();
