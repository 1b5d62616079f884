-- Mail accepted over SMTP and not yet ingested: the listener answers 250 once the raw message is
-- stored here, and ingests it after (channels/email/spool.ts). A claim is a lease its process
-- renews; a row whose lease ran out belongs to whichever process takes it next.
CREATE TABLE "email_spool" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"raw" bytea NOT NULL,
	"mail_from" text NOT NULL,
	"recipients" text[] NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"claimed_by" text NOT NULL,
	"claimed_until" timestamp with time zone NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL
);--> statement-breakpoint
CREATE INDEX "email_spool_claim_idx" ON "email_spool" ("claimed_until");
