ALTER TABLE "slack_channel" ADD COLUMN "kind" text DEFAULT 'customer' NOT NULL;--> statement-breakpoint
ALTER TABLE "slack_channel" ADD COLUMN "purpose" text;--> statement-breakpoint
ALTER TABLE "slack_channel" ADD CONSTRAINT "slack_channel_internal_unmapped" CHECK ("kind" <> 'internal' OR "account_id" IS NULL);--> statement-breakpoint
ALTER TABLE "message" ADD COLUMN "author_name" text;--> statement-breakpoint
ALTER TABLE "message" ADD COLUMN "internal_thread_id" uuid;--> statement-breakpoint
CREATE TABLE "internal_thread" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"issue_id" uuid NOT NULL,
	"slack_channel_id" uuid NOT NULL,
	"question" text NOT NULL,
	"thread_ts" text,
	"status" text DEFAULT 'posting' NOT NULL,
	"error" text,
	"reply_count" integer DEFAULT 0 NOT NULL,
	"last_reply_at" timestamp with time zone,
	"created_by_user_id" uuid,
	"resolved_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);--> statement-breakpoint
ALTER TABLE "internal_thread" ADD CONSTRAINT "internal_thread_workspace_id_workspace_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspace"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "internal_thread" ADD CONSTRAINT "internal_thread_issue_id_issue_id_fk" FOREIGN KEY ("issue_id") REFERENCES "public"."issue"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "internal_thread" ADD CONSTRAINT "internal_thread_slack_channel_id_slack_channel_id_fk" FOREIGN KEY ("slack_channel_id") REFERENCES "public"."slack_channel"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "internal_thread" ADD CONSTRAINT "internal_thread_created_by_user_id_user_id_fk" FOREIGN KEY ("created_by_user_id") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "internal_thread_issue_idx" ON "internal_thread" USING btree ("issue_id");--> statement-breakpoint
CREATE UNIQUE INDEX "internal_thread_ws_channel_ts_key" ON "internal_thread" USING btree ("workspace_id","slack_channel_id","thread_ts");
--> statement-breakpoint
CREATE TABLE "linear_connection" (
	"workspace_id" uuid PRIMARY KEY NOT NULL,
	"api_key_sealed" text NOT NULL,
	"webhook_secret_sealed" text,
	"api_url" text,
	"organization_id" text,
	"organization_name" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);--> statement-breakpoint
ALTER TABLE "linear_connection" ADD CONSTRAINT "linear_connection_workspace_id_workspace_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspace"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "linear_connection_org_idx" ON "linear_connection" USING btree ("organization_id");--> statement-breakpoint
CREATE TABLE "linear_link" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"issue_id" uuid NOT NULL,
	"linear_issue_id" text NOT NULL,
	"identifier" text NOT NULL,
	"url" text NOT NULL,
	"title" text NOT NULL,
	"state_name" text NOT NULL,
	"state_type" text NOT NULL,
	"created_by_user_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);--> statement-breakpoint
ALTER TABLE "linear_link" ADD CONSTRAINT "linear_link_workspace_id_workspace_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspace"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "linear_link" ADD CONSTRAINT "linear_link_issue_id_issue_id_fk" FOREIGN KEY ("issue_id") REFERENCES "public"."issue"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "linear_link" ADD CONSTRAINT "linear_link_created_by_user_id_user_id_fk" FOREIGN KEY ("created_by_user_id") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "linear_link_issue_linear_key" ON "linear_link" USING btree ("workspace_id","issue_id","linear_issue_id");--> statement-breakpoint
CREATE INDEX "linear_link_linear_idx" ON "linear_link" USING btree ("workspace_id","linear_issue_id");--> statement-breakpoint
CREATE TABLE "linear_delivery" (
	"workspace_id" uuid NOT NULL,
	"delivery_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "linear_delivery_workspace_id_delivery_id_pk" PRIMARY KEY("workspace_id","delivery_id")
);--> statement-breakpoint
ALTER TABLE "linear_delivery" ADD CONSTRAINT "linear_delivery_workspace_id_workspace_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspace"("id") ON DELETE cascade ON UPDATE no action;
