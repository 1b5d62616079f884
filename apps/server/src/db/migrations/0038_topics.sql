-- Common topics (issue 17): the customer questions of a workspace (the first customer message of
-- each issue and later new questions), the topic each is in, and the workspace's topics; plus how
-- far the topics job has read customer messages and when it last clustered.
CREATE TABLE "topic" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL REFERENCES "workspace"("id") ON DELETE CASCADE,
	"label" text NOT NULL,
	"terms" text[] DEFAULT '{}'::text[] NOT NULL,
	"question" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);--> statement-breakpoint
CREATE INDEX "topic_ws_idx" ON "topic" ("workspace_id");--> statement-breakpoint
CREATE TABLE "topic_question" (
	"message_id" uuid PRIMARY KEY NOT NULL REFERENCES "message"("id") ON DELETE CASCADE,
	"workspace_id" uuid NOT NULL REFERENCES "workspace"("id") ON DELETE CASCADE,
	"issue_id" uuid NOT NULL REFERENCES "issue"("id") ON DELETE CASCADE,
	"topic_id" uuid REFERENCES "topic"("id") ON DELETE SET NULL,
	"text" text NOT NULL,
	"similarity" real DEFAULT 0 NOT NULL,
	"asked_at" timestamp with time zone NOT NULL
);--> statement-breakpoint
CREATE INDEX "topic_question_ws_topic_idx" ON "topic_question" ("workspace_id", "topic_id", "asked_at");--> statement-breakpoint
CREATE INDEX "topic_question_ws_asked_idx" ON "topic_question" ("workspace_id", "asked_at");--> statement-breakpoint
CREATE TABLE "topic_state" (
	"workspace_id" uuid PRIMARY KEY NOT NULL REFERENCES "workspace"("id") ON DELETE CASCADE,
	"messages_through" timestamp with time zone,
	"clustered_at" timestamp with time zone
);
