CREATE TABLE "widget" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL REFERENCES "workspace"("id") ON DELETE CASCADE,
	"app_id" text NOT NULL,
	"name" text NOT NULL,
	"secret_sealed" text NOT NULL,
	"fallback_minutes" integer DEFAULT 10 NOT NULL,
	"secret_rotated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "widget_app_id_key" ON "widget" ("app_id");
--> statement-breakpoint
CREATE INDEX "widget_workspace_idx" ON "widget" ("workspace_id");
--> statement-breakpoint
CREATE TABLE "widget_session" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL REFERENCES "workspace"("id") ON DELETE CASCADE,
	"widget_id" uuid NOT NULL REFERENCES "widget"("id") ON DELETE CASCADE,
	"token_hash" text NOT NULL,
	"verified" boolean NOT NULL,
	"email" text,
	"name" text,
	"visitor_key" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "widget_session_token_key" ON "widget_session" ("token_hash");
--> statement-breakpoint
CREATE TABLE "widget_seen" (
	"issue_id" uuid PRIMARY KEY NOT NULL REFERENCES "issue"("id") ON DELETE CASCADE,
	"workspace_id" uuid NOT NULL REFERENCES "workspace"("id") ON DELETE CASCADE,
	"seen_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "widget_fallback" (
	"message_id" uuid PRIMARY KEY NOT NULL REFERENCES "message"("id") ON DELETE CASCADE,
	"workspace_id" uuid NOT NULL REFERENCES "workspace"("id") ON DELETE CASCADE,
	"issue_id" uuid NOT NULL REFERENCES "issue"("id") ON DELETE CASCADE,
	"sent_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "csat_response" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL REFERENCES "workspace"("id") ON DELETE CASCADE,
	"issue_id" uuid NOT NULL REFERENCES "issue"("id") ON DELETE CASCADE,
	"resolution" integer NOT NULL,
	"score" integer NOT NULL,
	"comment" text,
	"channel" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "csat_response_issue_resolution_key" ON "csat_response" ("issue_id", "resolution");
--> statement-breakpoint
CREATE INDEX "csat_response_workspace_idx" ON "csat_response" ("workspace_id", "created_at");
