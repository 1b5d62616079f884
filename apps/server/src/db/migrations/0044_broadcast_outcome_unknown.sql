ALTER TABLE "broadcast_recipient" ADD COLUMN "outcome_unknown" boolean DEFAULT false NOT NULL;
