-- Views at a million issues (issue 25), second step after 0050.
--
-- The sidebar's counts: open, unmerged issues per (team, assignee, account, state, priority,
-- channel), kept as signed deltas by triggers on "issue" and summed by queries/views.ts. A view
-- whose filter reads only these fields (and the account's owner / tier / type) is counted from a
-- few thousand rows instead of its issues. Rows are only ever inserted by the triggers (no upsert,
-- so concurrent issue writes never wait on one another's counter row); `delta` rows are folded into
-- `delta = false` totals by issue_open_count_compact(), which the count query calls when many piled up.
CREATE TABLE "issue_open_count" (
	"workspace_id" uuid NOT NULL,
	"team_id" uuid,
	"assignee_user_id" uuid,
	"account_id" uuid,
	"state" text NOT NULL,
	"priority" text NOT NULL,
	"channel" text NOT NULL,
	"n" integer NOT NULL,
	"delta" boolean DEFAULT true NOT NULL
);--> statement-breakpoint
ALTER TABLE "issue_open_count" ADD CONSTRAINT "issue_open_count_workspace_id_workspace_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspace"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "issue_open_count_ws_idx" ON "issue_open_count" ("workspace_id");--> statement-breakpoint
CREATE INDEX "issue_open_count_delta_idx" ON "issue_open_count" ("workspace_id") WHERE "delta";--> statement-breakpoint
INSERT INTO "issue_open_count" ("workspace_id", "team_id", "assignee_user_id", "account_id", "state", "priority", "channel", "n", "delta")
SELECT "workspace_id", "team_id", "assignee_user_id", "account_id", "state", "priority", "channel", count(*), false
FROM "issue" WHERE "state" <> 'closed' AND "merged_into_issue_id" IS NULL GROUP BY 1, 2, 3, 4, 5, 6, 7;--> statement-breakpoint
-- Inserts and deletes, one aggregated insert per statement (the bench's bulk copies, a workspace's
-- cascade). A workspace being deleted is skipped: its rows go with it.
CREATE FUNCTION "issue_open_count_statement"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO "issue_open_count" ("workspace_id", "team_id", "assignee_user_id", "account_id", "state", "priority", "channel", "n")
    SELECT i."workspace_id", i."team_id", i."assignee_user_id", i."account_id", i."state", i."priority", i."channel", count(*)
    FROM new_issues i WHERE i."state" <> 'closed' AND i."merged_into_issue_id" IS NULL
    GROUP BY 1, 2, 3, 4, 5, 6, 7;
  ELSE
    INSERT INTO "issue_open_count" ("workspace_id", "team_id", "assignee_user_id", "account_id", "state", "priority", "channel", "n")
    SELECT i."workspace_id", i."team_id", i."assignee_user_id", i."account_id", i."state", i."priority", i."channel", -count(*)
    FROM old_issues i WHERE i."state" <> 'closed' AND i."merged_into_issue_id" IS NULL
      AND EXISTS (SELECT 1 FROM "workspace" w WHERE w."id" = i."workspace_id")
    GROUP BY 1, 2, 3, 4, 5, 6, 7;
  END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER "issue_open_count_insert" AFTER INSERT ON "issue" REFERENCING NEW TABLE AS new_issues
FOR EACH STATEMENT EXECUTE FUNCTION "issue_open_count_statement"();--> statement-breakpoint
CREATE TRIGGER "issue_open_count_delete" AFTER DELETE ON "issue" REFERENCING OLD TABLE AS old_issues
FOR EACH STATEMENT EXECUTE FUNCTION "issue_open_count_statement"();--> statement-breakpoint
-- Updates: a row trigger that fires only when a counted field changes (a statement trigger with
-- transition tables cannot name columns, and would run for every updated_at bump).
CREATE FUNCTION "issue_open_count_row"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM "workspace" w WHERE w."id" = NEW."workspace_id") THEN
    RETURN NULL;
  END IF;
  IF OLD."state" <> 'closed' AND OLD."merged_into_issue_id" IS NULL THEN
    INSERT INTO "issue_open_count" ("workspace_id", "team_id", "assignee_user_id", "account_id", "state", "priority", "channel", "n")
    VALUES (OLD."workspace_id", OLD."team_id", OLD."assignee_user_id", OLD."account_id", OLD."state", OLD."priority", OLD."channel", -1);
  END IF;
  IF NEW."state" <> 'closed' AND NEW."merged_into_issue_id" IS NULL THEN
    INSERT INTO "issue_open_count" ("workspace_id", "team_id", "assignee_user_id", "account_id", "state", "priority", "channel", "n")
    VALUES (NEW."workspace_id", NEW."team_id", NEW."assignee_user_id", NEW."account_id", NEW."state", NEW."priority", NEW."channel", 1);
  END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER "issue_open_count_update" AFTER UPDATE ON "issue" FOR EACH ROW
WHEN (OLD."state" IS DISTINCT FROM NEW."state" OR OLD."merged_into_issue_id" IS DISTINCT FROM NEW."merged_into_issue_id"
  OR OLD."team_id" IS DISTINCT FROM NEW."team_id" OR OLD."assignee_user_id" IS DISTINCT FROM NEW."assignee_user_id"
  OR OLD."account_id" IS DISTINCT FROM NEW."account_id" OR OLD."priority" IS DISTINCT FROM NEW."priority"
  OR OLD."channel" IS DISTINCT FROM NEW."channel" OR OLD."workspace_id" IS DISTINCT FROM NEW."workspace_id")
EXECUTE FUNCTION "issue_open_count_row"();--> statement-breakpoint
-- Folds a workspace's delta rows into totals. Concurrent triggers' rows (not yet visible to the
-- DELETE) stay as deltas; a second compaction at the same time finds the first's rows gone.
CREATE FUNCTION "issue_open_count_compact"(ws uuid) RETURNS void LANGUAGE sql AS $$
  WITH folded AS (DELETE FROM "issue_open_count" WHERE "workspace_id" = ws RETURNING *)
  INSERT INTO "issue_open_count" ("workspace_id", "team_id", "assignee_user_id", "account_id", "state", "priority", "channel", "n", "delta")
  SELECT "workspace_id", "team_id", "assignee_user_id", "account_id", "state", "priority", "channel", sum("n"), false
  FROM folded GROUP BY 1, 2, 3, 4, 5, 6, 7 HAVING sum("n") <> 0
$$;--> statement-breakpoint
-- View pages: the priority order's index carries the fields views filter on most (team, assignee,
-- account, state, tags, …), so a page's ids are found from the index alone, without visiting the
-- rows it skips; the rows of the page are read afterwards (queries/views.ts).
DROP INDEX "issue_ws_priority_rank_idx";--> statement-breakpoint
CREATE INDEX "issue_ws_priority_rank_idx" ON "issue" ("workspace_id", (CASE "priority" WHEN 'urgent' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 WHEN 'low' THEN 3 ELSE 4 END), "created_at", "id") INCLUDE ("priority", "state", "team_id", "assignee_user_id", "account_id", "merged_into_issue_id", "tags");--> statement-breakpoint
-- A team's column of a state (the board) and a team + state view walk this in priority order.
-- It also serves everything the older (workspace, team, state) index did.
CREATE INDEX "issue_ws_team_state_rank_idx" ON "issue" ("workspace_id", "team_id", "state", (CASE "priority" WHEN 'urgent' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 WHEN 'low' THEN 3 ELSE 4 END), "created_at", "id");--> statement-breakpoint
DROP INDEX "issue_ws_team_idx";
