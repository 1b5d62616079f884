-- Knowledge base, the missing parts (issue 15): articles visible to chosen account types (besides
-- public and internal), knowledge gaps assigned to an agent, what agents did with each copilot
-- draft (acceptance), and images of articles stored as attachments.
ALTER TABLE "kb_article" ADD COLUMN "account_types" text[] DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE "kb_article_revision" ADD COLUMN "account_types" text[] DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE "knowledge_gap" ADD COLUMN "assignee_id" uuid REFERENCES "user"("id") ON DELETE SET NULL;--> statement-breakpoint
CREATE TABLE "copilot_outcome" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  "workspace_id" uuid NOT NULL REFERENCES "workspace"("id") ON DELETE CASCADE,
  "decision_id" uuid NOT NULL REFERENCES "ai_decision"("id") ON DELETE CASCADE,
  "issue_id" uuid NOT NULL REFERENCES "issue"("id") ON DELETE CASCADE,
  "message_id" uuid REFERENCES "message"("id") ON DELETE SET NULL,
  "outcome" text NOT NULL,
  "edit_distance" integer,
  "similarity" real,
  "user_id" uuid REFERENCES "user"("id") ON DELETE SET NULL,
  "created_at" timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT "copilot_outcome_decision_key" UNIQUE ("decision_id")
);--> statement-breakpoint
CREATE INDEX "copilot_outcome_ws_idx" ON "copilot_outcome" ("workspace_id", "created_at");--> statement-breakpoint
CREATE TABLE "kb_article_image" (
  "attachment_id" uuid PRIMARY KEY NOT NULL REFERENCES "attachment"("id") ON DELETE CASCADE,
  "workspace_id" uuid NOT NULL REFERENCES "workspace"("id") ON DELETE CASCADE,
  "article_id" uuid NOT NULL REFERENCES "kb_article"("id") ON DELETE CASCADE,
  "created_at" timestamp with time zone DEFAULT now() NOT NULL
);--> statement-breakpoint
CREATE INDEX "kb_article_image_article_idx" ON "kb_article_image" ("article_id");
--> statement-breakpoint
-- The help center reads published public articles only: per-collection counts and the latest ones
-- come from these small indexes instead of the whole table (home page at 10,000 articles).
CREATE INDEX "kb_article_public_idx" ON "kb_article" ("workspace_id", "collection_id") WHERE "status" = 'published' AND "visibility" = 'public';--> statement-breakpoint
CREATE INDEX "kb_article_public_recent_idx" ON "kb_article" ("workspace_id", "updated_at") WHERE "status" = 'published' AND "visibility" = 'public';
