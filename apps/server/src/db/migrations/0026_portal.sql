-- The customer portal: contacts who see their whole account's issues (portal admins), ticket
-- forms built by admins, one-time login codes and links (hashes only), and customer sessions.
ALTER TABLE "contact" ADD COLUMN "portal_admin" boolean DEFAULT false NOT NULL;
--> statement-breakpoint
CREATE TABLE "portal_form" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL REFERENCES "workspace"("id") ON DELETE CASCADE,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"fields" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"default_team_id" uuid REFERENCES "team"("id") ON DELETE SET NULL,
	"default_priority" text,
	"default_tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "portal_form_workspace_idx" ON "portal_form" ("workspace_id", "position");
--> statement-breakpoint
CREATE TABLE "portal_login" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL REFERENCES "workspace"("id") ON DELETE CASCADE,
	"contact_id" uuid NOT NULL REFERENCES "contact"("id") ON DELETE CASCADE,
	"email" text NOT NULL,
	"code_hash" text,
	"link_hash" text,
	"attempts" integer DEFAULT 0 NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "portal_login_email_idx" ON "portal_login" ("workspace_id", "email", "created_at");
--> statement-breakpoint
CREATE UNIQUE INDEX "portal_login_link_key" ON "portal_login" ("link_hash");
--> statement-breakpoint
CREATE TABLE "portal_session" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL REFERENCES "workspace"("id") ON DELETE CASCADE,
	"contact_id" uuid NOT NULL REFERENCES "contact"("id") ON DELETE CASCADE,
	"token_hash" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "portal_session_token_key" ON "portal_session" ("token_hash");
