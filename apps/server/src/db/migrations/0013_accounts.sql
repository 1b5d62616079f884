-- Going live (issue 24): the workspace's own settings, account self-service, invitations and
-- one-time links (password reset, set-password, email change), and the first-run setup token.
ALTER TABLE "workspace" ADD COLUMN "domains" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
UPDATE "workspace" SET "domains" = ARRAY["domain"];--> statement-breakpoint
ALTER TABLE "workspace" ADD COLUMN "time_zone" text DEFAULT 'UTC' NOT NULL;--> statement-breakpoint
ALTER TABLE "user" ADD COLUMN "must_change_password" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "session" ADD COLUMN "user_agent" text;--> statement-breakpoint
ALTER TABLE "session" ADD COLUMN "ip" text;--> statement-breakpoint
CREATE TABLE "account_link" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL REFERENCES "workspace"("id") ON DELETE CASCADE,
	"kind" text NOT NULL,
	"token_hash" text NOT NULL,
	"user_id" uuid REFERENCES "user"("id") ON DELETE CASCADE,
	"email" text NOT NULL,
	"role" text,
	"team_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"name" text,
	"created_by" uuid REFERENCES "user"("id") ON DELETE SET NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "account_link_token_hash_unique" UNIQUE("token_hash")
);--> statement-breakpoint
CREATE INDEX "account_link_ws_kind_idx" ON "account_link" USING btree ("workspace_id","kind");--> statement-breakpoint
CREATE TABLE "setup_token" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
