-- Slack's bot token and signing secret are sealed at rest with the server's key (SECRET_KEY or
-- DATA_DIR/secret.key), like the SMTP password. SQL cannot seal: rows stored before this
-- migration keep their plain values, which the Slack module seals when the server starts
-- (channels/slack/secrets.ts, sealLegacySlackSecrets) and reads as they are until then.
ALTER TABLE "slack_connection" RENAME COLUMN "bot_token" TO "bot_token_sealed";--> statement-breakpoint
ALTER TABLE "slack_connection" RENAME COLUMN "signing_secret" TO "signing_secret_sealed";
