-- Idempotency-Key of API writes: the key commits in the transaction of the write's first command,
-- so a retry after a crash finds it exactly when the write happened (http/idempotency.ts).
CREATE TABLE "idempotency_key" (
	"workspace_id" uuid NOT NULL,
	"caller" text NOT NULL,
	"key" text NOT NULL,
	"method" text NOT NULL,
	"path" text NOT NULL,
	"body_hash" text NOT NULL,
	"response_status" integer,
	"response_body" text,
	"response_type" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "idempotency_key_workspace_id_caller_key_pk" PRIMARY KEY("workspace_id","caller","key")
);--> statement-breakpoint
ALTER TABLE "idempotency_key" ADD CONSTRAINT "idempotency_key_workspace_id_workspace_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspace"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "idempotency_key_created_idx" ON "idempotency_key" ("created_at");
