CREATE TABLE "email_settings" (
	"workspace_id" uuid PRIMARY KEY NOT NULL,
	"smtp_host" text,
	"smtp_port" integer,
	"smtp_security" text DEFAULT 'starttls' NOT NULL,
	"smtp_user" text,
	"smtp_password_sealed" text,
	"dkim_domain" text,
	"dkim_selector" text,
	"dkim_private_key_sealed" text,
	"dkim_public_key" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);--> statement-breakpoint
ALTER TABLE "email_settings" ADD CONSTRAINT "email_settings_workspace_id_workspace_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspace"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "email_inbox" ADD COLUMN "check_token" text;--> statement-breakpoint
ALTER TABLE "email_inbox" ADD COLUMN "check_sent_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "email_inbox" ADD COLUMN "check_arrived_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "slack_connection" ADD COLUMN "signature_verified_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "slack_connection" ADD COLUMN "signature_failed_at" timestamp with time zone;
