ALTER TABLE "slack_event" ADD COLUMN "seq" bigserial NOT NULL;--> statement-breakpoint
ALTER TABLE "slack_event" ADD COLUMN "thread_key" text;--> statement-breakpoint
ALTER TABLE "slack_event" ADD COLUMN "payload" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "slack_event" ADD COLUMN "status" text DEFAULT 'pending' NOT NULL;--> statement-breakpoint
ALTER TABLE "slack_event" ADD COLUMN "attempts" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "slack_event" ADD COLUMN "available_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "slack_event" ADD COLUMN "claimed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "slack_event" ADD COLUMN "error" text;--> statement-breakpoint
CREATE INDEX "slack_event_queue_idx" ON "slack_event" USING btree ("workspace_id","status","seq");