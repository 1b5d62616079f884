-- The agent's keyboard loop (issue 26): an undo window before a person's reply is delivered,
-- replying to an unassigned issue assigns the responder (per team), and drafts kept per issue
-- and per agent on the server.
ALTER TABLE "workspace" ADD COLUMN "undo_send_seconds" integer DEFAULT 5 NOT NULL;--> statement-breakpoint
ALTER TABLE "team" ADD COLUMN "assign_on_reply" boolean;--> statement-breakpoint
ALTER TABLE "message" ADD COLUMN "deliver_after" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "message" ADD COLUMN "delivery_started_at" timestamp with time zone;--> statement-breakpoint
CREATE TABLE "draft" (
  "workspace_id" uuid NOT NULL REFERENCES "workspace"("id") ON DELETE CASCADE,
  "issue_id" uuid NOT NULL REFERENCES "issue"("id") ON DELETE CASCADE,
  "user_id" uuid NOT NULL REFERENCES "user"("id") ON DELETE CASCADE,
  "visibility" text DEFAULT 'public' NOT NULL,
  "body" text NOT NULL,
  "updated_at" timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT "draft_pkey" PRIMARY KEY ("issue_id", "user_id")
);--> statement-breakpoint
CREATE INDEX "draft_user_idx" ON "draft" ("workspace_id", "user_id");
