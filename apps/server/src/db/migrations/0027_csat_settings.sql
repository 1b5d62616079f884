-- CSAT per team: whether a closed issue of the team is surveyed, and on which scale (1–5, or
-- thumbs stored as 5 and 1). Slack interactions taken once: a repeated delivery of the same click
-- or modal submission finds its row and changes nothing.
ALTER TABLE "team" ADD COLUMN "csat_enabled" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "team" ADD COLUMN "csat_scale" text DEFAULT '1-5' NOT NULL;--> statement-breakpoint
ALTER TABLE "team" ADD CONSTRAINT "team_csat_scale_check" CHECK ("csat_scale" IN ('1-5', 'thumbs'));--> statement-breakpoint
CREATE TABLE "slack_interaction" (
	"workspace_id" uuid NOT NULL,
	"interaction_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "slack_interaction_pkey" PRIMARY KEY("workspace_id","interaction_id")
);--> statement-breakpoint
ALTER TABLE "slack_interaction" ADD CONSTRAINT "slack_interaction_workspace_id_workspace_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspace"("id") ON DELETE cascade ON UPDATE no action;
