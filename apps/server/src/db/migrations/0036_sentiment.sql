-- Sentiment (issue 17, account 360): each customer message's score (−1…1) and the phrases that drove
-- it, written when the message is stored (backfilled by `switchboard sentiment backfill` and the
-- seed); the account-health job's drivers beside the 0–100 number it writes.
ALTER TABLE "message" ADD COLUMN "sentiment_score" real;--> statement-breakpoint
ALTER TABLE "message" ADD COLUMN "sentiment_phrases" jsonb;--> statement-breakpoint
CREATE INDEX "message_ws_sentiment_idx" ON "message" USING btree ("workspace_id","created_at") WHERE "sentiment_score" IS NOT NULL;--> statement-breakpoint
ALTER TABLE "account" ADD COLUMN "health_drivers" jsonb;--> statement-breakpoint
ALTER TABLE "account" ADD COLUMN "health_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "message_unscored_idx" ON "message" USING btree ("workspace_id") WHERE "sentiment_score" IS NULL AND "author_type" = 'contact' AND "visibility" = 'public' AND "deleted_at" IS NULL;
