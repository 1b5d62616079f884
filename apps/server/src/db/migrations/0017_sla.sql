CREATE TABLE "business_calendar" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL REFERENCES "workspace"("id") ON DELETE CASCADE,
	"name" text NOT NULL,
	"time_zone" text NOT NULL,
	"hours" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"holidays" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"is_default" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "business_calendar_ws_name_key" ON "business_calendar" ("workspace_id", "name");
--> statement-breakpoint
CREATE UNIQUE INDEX "business_calendar_ws_default_key" ON "business_calendar" ("workspace_id") WHERE "is_default";
--> statement-breakpoint
ALTER TABLE "team" ADD COLUMN "calendar_id" uuid REFERENCES "business_calendar"("id") ON DELETE SET NULL;
--> statement-breakpoint
CREATE TABLE "sla_policy" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL REFERENCES "workspace"("id") ON DELETE CASCADE,
	"name" text NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"conditions" jsonb DEFAULT '{"all":[]}'::jsonb NOT NULL,
	"calendar_id" uuid REFERENCES "business_calendar"("id") ON DELETE SET NULL,
	"first_response_minutes" integer,
	"next_response_minutes" integer,
	"resolution_minutes" integer,
	"business_time" boolean DEFAULT true NOT NULL,
	"pause_on" text[] DEFAULT '{on_customer,on_hold}'::text[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "sla_policy_ws_name_key" ON "sla_policy" ("workspace_id", "name");
--> statement-breakpoint
CREATE INDEX "sla_policy_ws_position_idx" ON "sla_policy" ("workspace_id", "position");
--> statement-breakpoint
ALTER TABLE "issue" ADD COLUMN "sla_policy_id" uuid REFERENCES "sla_policy"("id") ON DELETE SET NULL;
--> statement-breakpoint
ALTER TABLE "issue" ADD COLUMN "sla_first_response_due_at" timestamp with time zone;
--> statement-breakpoint
ALTER TABLE "issue" ADD COLUMN "sla_next_response_due_at" timestamp with time zone;
--> statement-breakpoint
ALTER TABLE "issue" ADD COLUMN "sla_resolution_due_at" timestamp with time zone;
--> statement-breakpoint
ALTER TABLE "issue" ADD COLUMN "sla_due_at" timestamp with time zone;
--> statement-breakpoint
ALTER TABLE "issue" ADD COLUMN "sla_breached" text[] DEFAULT '{}'::text[] NOT NULL;
--> statement-breakpoint
ALTER TABLE "issue" ADD COLUMN "sla_paused" boolean DEFAULT false NOT NULL;
--> statement-breakpoint
ALTER TABLE "issue" ADD COLUMN "sla_check_at" timestamp with time zone;
--> statement-breakpoint
ALTER TABLE "issue" ADD COLUMN "sla_evaluated_at" timestamp with time zone;
--> statement-breakpoint
CREATE INDEX "issue_ws_sla_due_idx" ON "issue" ("workspace_id", "sla_due_at");
--> statement-breakpoint
CREATE INDEX "issue_sla_check_idx" ON "issue" ("sla_check_at") WHERE "sla_check_at" IS NOT NULL;
--> statement-breakpoint
ALTER TABLE "trigger" ADD COLUMN "sla_warning_minutes" integer;
