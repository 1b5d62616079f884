DROP INDEX "slack_event_queue_idx";--> statement-breakpoint
CREATE INDEX "slack_event_open_idx" ON "slack_event" USING btree ("workspace_id","seq") WHERE status IN ('pending', 'processing');--> statement-breakpoint
CREATE INDEX "slack_event_open_thread_idx" ON "slack_event" USING btree ("workspace_id","thread_key","seq") WHERE status IN ('pending', 'processing');