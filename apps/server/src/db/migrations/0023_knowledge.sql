-- The knowledge base (issue 15): collections and markdown articles (draft/published, public or
-- internal), every saved version as a revision, every slug an article ever had (help-center URLs
-- never change), full-text search weighted title over body, and knowledge gaps agents mark.
CREATE TABLE "kb_collection" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  "workspace_id" uuid NOT NULL REFERENCES "workspace"("id") ON DELETE CASCADE,
  "name" text NOT NULL,
  "slug" text NOT NULL,
  "description" text DEFAULT '' NOT NULL,
  "position" integer DEFAULT 0 NOT NULL,
  "created_at" timestamp with time zone DEFAULT now() NOT NULL,
  "updated_at" timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT "kb_collection_slug_key" UNIQUE ("workspace_id", "slug")
);--> statement-breakpoint
CREATE TABLE "kb_article" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  "workspace_id" uuid NOT NULL REFERENCES "workspace"("id") ON DELETE CASCADE,
  "collection_id" uuid REFERENCES "kb_collection"("id") ON DELETE SET NULL,
  "title" text NOT NULL,
  "slug" text NOT NULL,
  "body" text DEFAULT '' NOT NULL,
  "status" text DEFAULT 'draft' NOT NULL,
  "visibility" text DEFAULT 'internal' NOT NULL,
  "revision" integer DEFAULT 1 NOT NULL,
  "author_id" uuid REFERENCES "user"("id") ON DELETE SET NULL,
  "published_at" timestamp with time zone,
  "created_at" timestamp with time zone DEFAULT now() NOT NULL,
  "updated_at" timestamp with time zone DEFAULT now() NOT NULL,
  "search" tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('english', coalesce("title", '')), 'A') ||
    setweight(to_tsvector('english', coalesce("body", '')), 'B')
  ) STORED,
  CONSTRAINT "kb_article_slug_key" UNIQUE ("workspace_id", "slug")
);--> statement-breakpoint
CREATE INDEX "kb_article_search_idx" ON "kb_article" USING gin ("search");--> statement-breakpoint
CREATE INDEX "kb_article_ws_idx" ON "kb_article" ("workspace_id", "collection_id", "updated_at");--> statement-breakpoint
CREATE INDEX "kb_article_recent_idx" ON "kb_article" ("workspace_id", "updated_at");--> statement-breakpoint
CREATE TABLE "kb_article_revision" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  "workspace_id" uuid NOT NULL REFERENCES "workspace"("id") ON DELETE CASCADE,
  "article_id" uuid NOT NULL REFERENCES "kb_article"("id") ON DELETE CASCADE,
  "revision" integer NOT NULL,
  "title" text NOT NULL,
  "body" text NOT NULL,
  "status" text NOT NULL,
  "visibility" text NOT NULL,
  "author_id" uuid REFERENCES "user"("id") ON DELETE SET NULL,
  "created_at" timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT "kb_article_revision_key" UNIQUE ("article_id", "revision")
);--> statement-breakpoint
CREATE TABLE "kb_slug" (
  "workspace_id" uuid NOT NULL REFERENCES "workspace"("id") ON DELETE CASCADE,
  "slug" text NOT NULL,
  "article_id" uuid NOT NULL REFERENCES "kb_article"("id") ON DELETE CASCADE,
  "created_at" timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT "kb_slug_pkey" PRIMARY KEY ("workspace_id", "slug")
);--> statement-breakpoint
CREATE TABLE "knowledge_gap" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  "workspace_id" uuid NOT NULL REFERENCES "workspace"("id") ON DELETE CASCADE,
  "question" text NOT NULL,
  "issue_id" uuid REFERENCES "issue"("id") ON DELETE SET NULL,
  "message_id" uuid REFERENCES "message"("id") ON DELETE SET NULL,
  "status" text DEFAULT 'open' NOT NULL,
  "article_id" uuid REFERENCES "kb_article"("id") ON DELETE SET NULL,
  "created_by" uuid REFERENCES "user"("id") ON DELETE SET NULL,
  "created_at" timestamp with time zone DEFAULT now() NOT NULL,
  "updated_at" timestamp with time zone DEFAULT now() NOT NULL
);--> statement-breakpoint
CREATE INDEX "knowledge_gap_ws_idx" ON "knowledge_gap" ("workspace_id", "status", "created_at");
