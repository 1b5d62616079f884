CREATE TABLE "worker_process" (
	"id" text PRIMARY KEY NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"beat_at" timestamp with time zone DEFAULT now() NOT NULL
);--> statement-breakpoint
CREATE TABLE "job_claim" (
	"job_id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"process_id" text NOT NULL,
	"claimed_at" timestamp with time zone DEFAULT now() NOT NULL
);--> statement-breakpoint
CREATE INDEX "job_claim_process_idx" ON "job_claim" USING btree ("process_id");--> statement-breakpoint
ALTER TABLE "slack_event" ADD COLUMN "claimed_by" text;--> statement-breakpoint
ALTER TABLE "message" ADD COLUMN "delivery_attempted_at" timestamp with time zone;
