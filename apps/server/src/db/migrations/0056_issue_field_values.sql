-- Views at a million issues (issue 25), third step: custom-field equality through an index.
--
-- A condition `issue.field.K eq "text"` compared the JSON per row (queries/conditionSql.ts), which
-- no index serves: a view of it walked the priority index testing up to every issue. This table
-- holds each issue's text values of its custom fields as that comparison reads them — a string, or
-- each element of a multiselect array, trimmed and lower-cased (btrim, lower), one row per distinct
-- value — with the issue's priority rank, creation time and whether it is open, so a view in
-- priority order walks (workspace, key, value, rank, created_at, issue) and stops after its page,
-- and the sidebar counts a field's open issues from (workspace, key, value) alone. Kept by triggers on
-- "issue" (commands, imports and bulk SQL alike); a value longer than 256 characters is not kept
-- (an index entry has a size limit) and conditions on such a value keep comparing the JSON.
CREATE TABLE "issue_field_value" (
	"workspace_id" uuid NOT NULL,
	"issue_id" uuid NOT NULL,
	"key" text NOT NULL,
	"value" text NOT NULL,
	"rank" smallint NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"open" boolean NOT NULL,
	CONSTRAINT "issue_field_value_pkey" PRIMARY KEY ("issue_id", "key", "value")
);--> statement-breakpoint
ALTER TABLE "issue_field_value" ADD CONSTRAINT "issue_field_value_issue_id_issue_id_fk" FOREIGN KEY ("issue_id") REFERENCES "public"."issue"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- The values of one issue's custom fields, as conditionSql's JSON comparison normalises them.
CREATE FUNCTION "issue_field_terms"(fields jsonb) RETURNS TABLE ("key" text, "value" text)
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT DISTINCT f.key, t.value
  FROM jsonb_each(CASE WHEN jsonb_typeof(fields) = 'object' THEN fields ELSE '{}'::jsonb END) AS f,
    LATERAL (
      SELECT lower(btrim(f.value #>> '{}')) WHERE jsonb_typeof(f.value) = 'string'
      UNION ALL
      SELECT lower(btrim(e.v)) FROM jsonb_array_elements_text(
        CASE WHEN jsonb_typeof(f.value) = 'array' THEN f.value ELSE '[]'::jsonb END) AS e(v)
    ) AS t(value)
  WHERE t.value IS NOT NULL AND char_length(t.value) <= 256
$$;--> statement-breakpoint
INSERT INTO "issue_field_value" ("workspace_id", "issue_id", "key", "value", "rank", "created_at", "open")
SELECT i."workspace_id", i."id", t."key", t."value",
  CASE i."priority" WHEN 'urgent' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 WHEN 'low' THEN 3 ELSE 4 END, i."created_at",
  i."state" <> 'closed' AND i."merged_into_issue_id" IS NULL
FROM "issue" i, "issue_field_terms"(i."custom_fields") t
WHERE i."custom_fields" <> '{}'::jsonb;--> statement-breakpoint
-- A view's page in priority order (the rank is the CASE of issue_ws_priority_rank_idx); the
-- sidebar's count of a field's open issues.
CREATE INDEX "issue_field_value_ws_rank_idx" ON "issue_field_value" ("workspace_id", "key", "value", "rank", "created_at", "issue_id");--> statement-breakpoint
CREATE INDEX "issue_field_value_ws_open_idx" ON "issue_field_value" ("workspace_id", "key", "value") WHERE "open";--> statement-breakpoint
ANALYZE "issue_field_value";--> statement-breakpoint
-- Inserts, one statement at a time (a bulk copy of 100,000 issues is one insert here).
CREATE FUNCTION "issue_field_value_insert"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "issue_field_value" ("workspace_id", "issue_id", "key", "value", "rank", "created_at", "open")
  SELECT i."workspace_id", i."id", t."key", t."value",
    CASE i."priority" WHEN 'urgent' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 WHEN 'low' THEN 3 ELSE 4 END, i."created_at",
    i."state" <> 'closed' AND i."merged_into_issue_id" IS NULL
  FROM new_issues i, "issue_field_terms"(i."custom_fields") t
  WHERE i."custom_fields" <> '{}'::jsonb;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER "issue_field_value_insert" AFTER INSERT ON "issue" REFERENCING NEW TABLE AS new_issues
FOR EACH STATEMENT EXECUTE FUNCTION "issue_field_value_insert"();--> statement-breakpoint
-- Updates: the issue's rows are written again when a field, the priority, the creation time or
-- whether it is open changes (deletes go with the issue through the foreign key).
CREATE FUNCTION "issue_field_value_update"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  new_rank smallint := CASE NEW."priority" WHEN 'urgent' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 WHEN 'low' THEN 3 ELSE 4 END;
  new_open boolean := NEW."state" <> 'closed' AND NEW."merged_into_issue_id" IS NULL;
BEGIN
  IF OLD."custom_fields" IS NOT DISTINCT FROM NEW."custom_fields" AND OLD."workspace_id" = NEW."workspace_id" THEN
    -- Same values (a priority change, a close): the rows stay, their sort keys move.
    UPDATE "issue_field_value" SET "rank" = new_rank, "created_at" = NEW."created_at", "open" = new_open
    WHERE "issue_id" = NEW."id";
    RETURN NULL;
  END IF;
  DELETE FROM "issue_field_value" WHERE "issue_id" = OLD."id";
  INSERT INTO "issue_field_value" ("workspace_id", "issue_id", "key", "value", "rank", "created_at", "open")
  SELECT NEW."workspace_id", NEW."id", t."key", t."value", new_rank, NEW."created_at", new_open
  FROM "issue_field_terms"(NEW."custom_fields") t;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER "issue_field_value_update" AFTER UPDATE ON "issue" FOR EACH ROW
WHEN (OLD."custom_fields" IS DISTINCT FROM NEW."custom_fields" OR OLD."priority" IS DISTINCT FROM NEW."priority"
  OR OLD."created_at" IS DISTINCT FROM NEW."created_at" OR OLD."workspace_id" IS DISTINCT FROM NEW."workspace_id"
  OR (OLD."state" = 'closed') IS DISTINCT FROM (NEW."state" = 'closed')
  OR (OLD."merged_into_issue_id" IS NULL) IS DISTINCT FROM (NEW."merged_into_issue_id" IS NULL))
EXECUTE FUNCTION "issue_field_value_update"();
