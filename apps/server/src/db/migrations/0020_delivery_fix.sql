-- The agent's day (issue 26): a reply that could not be sent names the setting that fixes it
-- (Settings › Outgoing email, Email inboxes, the Slack connection) beside its reason.
ALTER TABLE "message" ADD COLUMN "delivery_fix" text;
