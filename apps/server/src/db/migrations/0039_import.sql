-- Import from Zendesk and CSV (issue 19): each run with its cursor, progress and counts; every record
-- skipped with its reason; the map from a source's ids to ours (re-runs update, never duplicate); and
-- the events an import writes are marked, so outbound webhooks never announce history.
CREATE TABLE "import_run" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL REFERENCES "workspace"("id") ON DELETE CASCADE,
	"source" text NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"params" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"token_sealed" text,
	"cursor" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"counts" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"processed" integer DEFAULT 0 NOT NULL,
	"total" integer,
	"skipped" integer DEFAULT 0 NOT NULL,
	"error" text,
	"requested_by_user_id" uuid REFERENCES "user"("id") ON DELETE SET NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);--> statement-breakpoint
CREATE INDEX "import_run_ws_created_idx" ON "import_run" USING btree ("workspace_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "import_run_one_active_key" ON "import_run" USING btree ("workspace_id","source") WHERE "status" IN ('queued', 'running');--> statement-breakpoint
CREATE TABLE "import_skip" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL REFERENCES "workspace"("id") ON DELETE CASCADE,
	"run_id" uuid NOT NULL REFERENCES "import_run"("id") ON DELETE CASCADE,
	"object" text NOT NULL,
	"external_id" text NOT NULL,
	"reason" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);--> statement-breakpoint
CREATE INDEX "import_skip_run_idx" ON "import_skip" USING btree ("workspace_id","run_id","created_at");--> statement-breakpoint
CREATE TABLE "import_external_id" (
	"workspace_id" uuid NOT NULL REFERENCES "workspace"("id") ON DELETE CASCADE,
	"source" text NOT NULL,
	"object" text NOT NULL,
	"external_id" text NOT NULL,
	"internal_id" uuid NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "import_external_id_pk" PRIMARY KEY("workspace_id","source","object","external_id")
);--> statement-breakpoint
ALTER TABLE "issue_event" ADD COLUMN "imported" boolean DEFAULT false NOT NULL;
