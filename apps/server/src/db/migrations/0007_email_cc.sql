-- Email Cc: who else an inbound mail was addressed to, so a reply keeps them in the thread;
-- and the Cc of each outbound mail, shown in the outbox.
ALTER TABLE "email_outbox" ADD COLUMN "cc_addresses" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "message" ADD COLUMN "email_cc" text[];