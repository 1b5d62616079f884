-- Issue numbers come from one sequence per workspace instead of an UPDATE on the workspace
-- row: that row lock was held until commit and serialised every ingest of a workspace.
-- Sequences never block; a rolled-back open leaves a gap in the numbers, which is accepted.
CREATE OR REPLACE FUNCTION issue_number_sequence(ws uuid) RETURNS text
  LANGUAGE sql IMMUTABLE AS $$ SELECT 'issue_number_' || replace(ws::text, '-', '') $$;
--> statement-breakpoint
DO $$
DECLARE w record;
BEGIN
  FOR w IN SELECT id, issue_seq FROM workspace LOOP
    EXECUTE format('CREATE SEQUENCE IF NOT EXISTS %I START WITH %s', issue_number_sequence(w.id), w.issue_seq + 1);
  END LOOP;
END $$;
