-- The measured values of each UTC day, team and fact kind as a fixed log-scale histogram: a
-- bucket's count and the sum of its values, for calendar seconds (s), business seconds (b) or the
-- value (v: CSAT score, touches, SLA attainment of the overall target, survey answered). A median
-- or p90 over whole days reads a few thousand bucket rows instead of every fact of the period,
-- within the bucket's width (5 %); means and counts stay exact. Kept, like metric_day_count, by
-- statement-level triggers on metric_fact: inserts, deletes, team moves, cascaded deletes.
CREATE FUNCTION "metric_bucket"(v float8) RETURNS integer LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  -- |v| in [1.05^(k-1), 1.05^k) falls in bucket k (negative for negative v); (-1, 1) in 0.
  SELECT CASE WHEN v IS NULL THEN NULL WHEN abs(v) < 1 THEN 0
    ELSE sign(v)::integer * (1 + floor(ln(abs(v)) / ln(1.05))::integer) END
$$;--> statement-breakpoint
CREATE TABLE "metric_day_histogram" (
	"workspace_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"measure" text NOT NULL,
	"day" date NOT NULL,
	"team_id" uuid,
	-- NULL: the facts with no value of this measure (they count, they are not measured).
	"bucket" integer,
	"n" integer NOT NULL,
	"total" double precision NOT NULL,
	CONSTRAINT "metric_day_histogram_key" UNIQUE NULLS NOT DISTINCT ("workspace_id","kind","measure","day","team_id","bucket") INCLUDE ("n","total")
);--> statement-breakpoint
ALTER TABLE "metric_day_histogram" ADD CONSTRAINT "metric_day_histogram_workspace_id_workspace_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspace"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- Which measures of a fact the histogram keeps (none for the counted kinds).
CREATE FUNCTION "metric_fact_measures"(kind text, target text, seconds integer, business_seconds integer, value float8)
RETURNS TABLE ("measure" text, "v" float8) LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT m.measure, m.v FROM (VALUES ('s', seconds::float8), ('b', business_seconds::float8)) AS m(measure, v)
  WHERE kind IN ('first_response', 'response', 'resolution')
  UNION ALL
  SELECT 'v', value WHERE kind IN ('csat', 'csat_survey', 'touches') OR (kind = 'sla' AND target = 'overall')
$$;--> statement-breakpoint
INSERT INTO "metric_day_histogram" ("workspace_id", "kind", "measure", "day", "team_id", "bucket", "n", "total")
SELECT f."workspace_id", f."kind", m."measure", (f."at" AT TIME ZONE 'UTC')::date, f."team_id", "metric_bucket"(m."v"),
  count(*), coalesce(sum(m."v"), 0)
FROM "metric_fact" f CROSS JOIN LATERAL "metric_fact_measures"(f."kind", f."target", f."seconds", f."business_seconds", f."value") m
GROUP BY 1, 2, 3, 4, 5, 6;--> statement-breakpoint
CREATE FUNCTION "metric_day_histogram_apply"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- metric_day_count's lock: one workspace's days change one transaction at a time, and the two
  -- triggers of a statement never wait for each other. A workspace being deleted is skipped.
  IF TG_OP = 'UPDATE' THEN
    -- A move of the issue (the dimension trigger) rewrites its facts: only what changed between
    -- the old and the new rows is applied (an assignee or priority move changes no bucket).
    PERFORM pg_advisory_xact_lock(hashtextextended('metric_day_count:' || w, 0))
      FROM (SELECT "workspace_id"::text AS w FROM old_facts UNION SELECT "workspace_id"::text FROM new_facts ORDER BY 1) AS ws;
    INSERT INTO "metric_day_histogram" AS d ("workspace_id", "kind", "measure", "day", "team_id", "bucket", "n", "total")
    SELECT c."workspace_id", c."kind", m."measure", (c."at" AT TIME ZONE 'UTC')::date, c."team_id", "metric_bucket"(m."v"),
      sum(c."sign"), coalesce(sum(c."sign" * m."v"), 0)
    FROM (SELECT o.*, -1 AS "sign" FROM old_facts o UNION ALL SELECT n.*, 1 FROM new_facts n) AS c
      CROSS JOIN LATERAL "metric_fact_measures"(c."kind", c."target", c."seconds", c."business_seconds", c."value") m
    GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(c."sign") <> 0 OR coalesce(sum(c."sign" * m."v"), 0) <> 0 ORDER BY 1, 2, 3, 4, 5, 6
    ON CONFLICT ("workspace_id", "kind", "measure", "day", "team_id", "bucket")
      DO UPDATE SET "n" = d."n" + excluded."n", "total" = d."total" + excluded."total";
  END IF;
  IF TG_OP = 'DELETE' THEN
    PERFORM pg_advisory_xact_lock(hashtextextended('metric_day_count:' || w, 0))
      FROM (SELECT DISTINCT "workspace_id"::text AS w FROM old_facts ORDER BY 1) AS ws;
    INSERT INTO "metric_day_histogram" AS d ("workspace_id", "kind", "measure", "day", "team_id", "bucket", "n", "total")
    SELECT o."workspace_id", o."kind", m."measure", (o."at" AT TIME ZONE 'UTC')::date, o."team_id", "metric_bucket"(m."v"),
      -count(*), -coalesce(sum(m."v"), 0)
    FROM old_facts o CROSS JOIN LATERAL "metric_fact_measures"(o."kind", o."target", o."seconds", o."business_seconds", o."value") m
    WHERE EXISTS (SELECT 1 FROM "workspace" w WHERE w."id" = o."workspace_id")
    GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6
    ON CONFLICT ("workspace_id", "kind", "measure", "day", "team_id", "bucket")
      DO UPDATE SET "n" = d."n" + excluded."n", "total" = d."total" + excluded."total";
  END IF;
  IF TG_OP = 'INSERT' THEN
    PERFORM pg_advisory_xact_lock(hashtextextended('metric_day_count:' || w, 0))
      FROM (SELECT DISTINCT "workspace_id"::text AS w FROM new_facts ORDER BY 1) AS ws;
    INSERT INTO "metric_day_histogram" AS d ("workspace_id", "kind", "measure", "day", "team_id", "bucket", "n", "total")
    SELECT n."workspace_id", n."kind", m."measure", (n."at" AT TIME ZONE 'UTC')::date, n."team_id", "metric_bucket"(m."v"),
      count(*), coalesce(sum(m."v"), 0)
    FROM new_facts n CROSS JOIN LATERAL "metric_fact_measures"(n."kind", n."target", n."seconds", n."business_seconds", n."value") m
    GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6
    ON CONFLICT ("workspace_id", "kind", "measure", "day", "team_id", "bucket")
      DO UPDATE SET "n" = d."n" + excluded."n", "total" = d."total" + excluded."total";
  END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER "metric_day_histogram_insert" AFTER INSERT ON "metric_fact" REFERENCING NEW TABLE AS new_facts
FOR EACH STATEMENT EXECUTE FUNCTION "metric_day_histogram_apply"();--> statement-breakpoint
CREATE TRIGGER "metric_day_histogram_delete" AFTER DELETE ON "metric_fact" REFERENCING OLD TABLE AS old_facts
FOR EACH STATEMENT EXECUTE FUNCTION "metric_day_histogram_apply"();--> statement-breakpoint
CREATE TRIGGER "metric_day_histogram_update" AFTER UPDATE ON "metric_fact" REFERENCING OLD TABLE AS old_facts NEW TABLE AS new_facts
FOR EACH STATEMENT EXECUTE FUNCTION "metric_day_histogram_apply"();
