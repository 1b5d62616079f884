CREATE TABLE "slack_channel" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"slack_channel_id" text NOT NULL,
	"name" text NOT NULL,
	"is_private" boolean DEFAULT false NOT NULL,
	"is_ext_shared" boolean DEFAULT false NOT NULL,
	"is_member" boolean DEFAULT true NOT NULL,
	"connected_teams" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"account_id" uuid,
	"mode" text DEFAULT 'all' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "slack_connection" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"team_id" text,
	"app_id" text,
	"bot_user_id" text,
	"bot_id" text,
	"bot_token" text NOT NULL,
	"signing_secret" text NOT NULL,
	"api_url" text,
	"issue_emoji" text DEFAULT 'ticket' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "slack_connection_workspace_id_unique" UNIQUE("workspace_id")
);
--> statement-breakpoint
CREATE TABLE "slack_event" (
	"workspace_id" uuid NOT NULL,
	"event_id" text NOT NULL,
	"type" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "slack_event_workspace_id_event_id_pk" PRIMARY KEY("workspace_id","event_id")
);
--> statement-breakpoint
ALTER TABLE "slack_channel" ADD CONSTRAINT "slack_channel_workspace_id_workspace_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspace"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "slack_channel" ADD CONSTRAINT "slack_channel_account_id_account_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."account"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "slack_connection" ADD CONSTRAINT "slack_connection_workspace_id_workspace_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspace"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "slack_event" ADD CONSTRAINT "slack_event_workspace_id_workspace_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspace"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "slack_channel_ws_channel_key" ON "slack_channel" USING btree ("workspace_id","slack_channel_id");--> statement-breakpoint
CREATE INDEX "slack_channel_account_idx" ON "slack_channel" USING btree ("account_id");--> statement-breakpoint
CREATE INDEX "slack_connection_team_idx" ON "slack_connection" USING btree ("team_id");--> statement-breakpoint
CREATE INDEX "slack_connection_app_idx" ON "slack_connection" USING btree ("app_id");--> statement-breakpoint
CREATE INDEX "slack_event_created_idx" ON "slack_event" USING btree ("created_at");