-- Linear, complete: a default team and comment sync on the connection; a link remembers whether
-- Linear finishing it released its issue from on_hold (so a reopen can put it back); an internal
-- thread's card records the intent to post before Slack is called (a retry after a crash looks
-- for the card by its metadata instead of posting a second one), and so does a note posted into
-- an internal thread.
ALTER TABLE "linear_connection" ADD COLUMN "default_team_id" text;--> statement-breakpoint
ALTER TABLE "linear_connection" ADD COLUMN "comment_sync" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "linear_link" ADD COLUMN "released_issue_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "internal_thread" ADD COLUMN "card_attempted_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "message" ADD COLUMN "internal_post_attempted_at" timestamp with time zone;
