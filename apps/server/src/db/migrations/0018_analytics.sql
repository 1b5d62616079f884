CREATE TABLE "metric_fact" (
	"workspace_id" uuid NOT NULL,
	"issue_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"target" text,
	"at" timestamp with time zone NOT NULL,
	"seconds" integer,
	"business_seconds" integer,
	"value" double precision
);--> statement-breakpoint
ALTER TABLE "metric_fact" ADD CONSTRAINT "metric_fact_workspace_id_workspace_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspace"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "metric_fact" ADD CONSTRAINT "metric_fact_issue_id_issue_id_fk" FOREIGN KEY ("issue_id") REFERENCES "public"."issue"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "metric_fact_ws_kind_at_idx" ON "metric_fact" USING btree ("workspace_id","kind","at") INCLUDE ("issue_id","target","seconds","business_seconds","value");--> statement-breakpoint
CREATE INDEX "metric_fact_issue_idx" ON "metric_fact" USING btree ("issue_id");--> statement-breakpoint
CREATE TABLE "issue_metric_refresh" (
	"issue_id" uuid PRIMARY KEY NOT NULL,
	"workspace_id" uuid NOT NULL,
	"seq" bigint NOT NULL,
	"refreshed_at" timestamp with time zone DEFAULT now() NOT NULL
);--> statement-breakpoint
ALTER TABLE "issue_metric_refresh" ADD CONSTRAINT "issue_metric_refresh_workspace_id_workspace_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspace"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "issue_metric_refresh" ADD CONSTRAINT "issue_metric_refresh_issue_id_issue_id_fk" FOREIGN KEY ("issue_id") REFERENCES "public"."issue"("id") ON DELETE cascade ON UPDATE no action;
