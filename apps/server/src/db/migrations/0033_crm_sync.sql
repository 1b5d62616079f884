-- CRM sync (issue 17): what an account got from Salesforce or HubSpot (renewal, TCV, products and
-- which fields the CRM owns), a contact's CRM id, the connections (credentials sealed) with their
-- field mapping and watermarks, and each sync run with its counts and per-record errors.
ALTER TABLE "account" ADD COLUMN "renewal_date" date;--> statement-breakpoint
ALTER TABLE "account" ADD COLUMN "tcv" numeric(16, 2);--> statement-breakpoint
ALTER TABLE "account" ADD COLUMN "products" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "account" ADD COLUMN "crm_source" text;--> statement-breakpoint
ALTER TABLE "account" ADD COLUMN "crm_fields" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "account" ADD COLUMN "crm_synced_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "account_ws_crm_idx" ON "account" USING btree ("workspace_id","crm_id");--> statement-breakpoint
ALTER TABLE "contact" ADD COLUMN "crm_id" text;--> statement-breakpoint
CREATE INDEX "contact_ws_crm_idx" ON "contact" USING btree ("workspace_id","crm_id");--> statement-breakpoint
CREATE TABLE "crm_connection" (
	"workspace_id" uuid NOT NULL REFERENCES "workspace"("id") ON DELETE CASCADE,
	"provider" text NOT NULL,
	"auth_url" text NOT NULL,
	"api_url" text,
	"client_id" text NOT NULL,
	"client_secret_sealed" text NOT NULL,
	"refresh_token_sealed" text NOT NULL,
	"access_token_sealed" text,
	"mapping" jsonb NOT NULL,
	"account_watermark" timestamp with time zone,
	"contact_watermark" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "crm_connection_pk" PRIMARY KEY("workspace_id","provider")
);--> statement-breakpoint
CREATE TABLE "crm_sync_run" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL REFERENCES "workspace"("id") ON DELETE CASCADE,
	"provider" text NOT NULL,
	"trigger" text NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"created" integer DEFAULT 0 NOT NULL,
	"updated" integer DEFAULT 0 NOT NULL,
	"unchanged" integer DEFAULT 0 NOT NULL,
	"failed" integer DEFAULT 0 NOT NULL,
	"errors" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"error" text,
	"requested_by_user_id" uuid REFERENCES "user"("id") ON DELETE SET NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);--> statement-breakpoint
CREATE INDEX "crm_sync_run_ws_created_idx" ON "crm_sync_run" USING btree ("workspace_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "crm_sync_run_one_active_key" ON "crm_sync_run" USING btree ("workspace_id","provider") WHERE "status" IN ('queued', 'running');
