// The knowledge base: collections, markdown articles with their revisions and every slug they
// ever had, and the knowledge gaps agents mark on customer questions.

import type { accountTypes } from "@switchboard/api/vocabulary";
import { type SQL, sql } from "drizzle-orm";
import { index, integer, pgTable, primaryKey, real, text, unique, uuid } from "drizzle-orm/pg-core";
import { at, createdAt, id, tsvector, updatedAt, workspaceId } from "./columns";
import { attachments, issues, messages } from "./issues";
import { aiDecisions } from "./routing";
import { users, workspaces } from "./tenancy";

export const KB_STATUSES = ["draft", "published"] as const;
/** public: everyone (help center); internal: agents only; account_types: customers whose account has one of `account_types`. */
export const KB_VISIBILITIES = ["public", "internal", "account_types"] as const;
type AccountType = (typeof accountTypes)[number];
export const GAP_STATUSES = ["open", "drafted", "published", "dismissed"] as const;

export const kbCollections = pgTable(
  "kb_collection",
  {
    id: id(),
    workspaceId: workspaceId().references(() => workspaces.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    slug: text("slug").notNull(),
    description: text("description").notNull().default(""),
    position: integer("position").notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [unique("kb_collection_slug_key").on(t.workspaceId, t.slug)],
);

export const kbArticles = pgTable(
  "kb_article",
  {
    id: id(),
    workspaceId: workspaceId().references(() => workspaces.id, { onDelete: "cascade" }),
    collectionId: uuid("collection_id").references(() => kbCollections.id, { onDelete: "set null" }),
    title: text("title").notNull(),
    /** The current slug; earlier ones stay in kb_slug so their URLs redirect here. */
    slug: text("slug").notNull(),
    /** Markdown. */
    body: text("body").notNull().default(""),
    status: text("status", { enum: KB_STATUSES }).notNull().default("draft"),
    /** public: the help center and customers; internal: agents only. */
    visibility: text("visibility", { enum: KB_VISIBILITIES }).notNull().default("internal"),
    /** With visibility `account_types`: the account types whose contacts may read it. */
    accountTypes: text("account_types").array().$type<AccountType[]>().notNull().default([]),
    revision: integer("revision").notNull().default(1),
    authorId: uuid("author_id").references(() => users.id, { onDelete: "set null" }),
    publishedAt: at("published_at"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    search: tsvector("search").generatedAlwaysAs(
      (): SQL =>
        sql`setweight(to_tsvector('english', coalesce(${kbArticles.title}, '')), 'A') || setweight(to_tsvector('english', coalesce(${kbArticles.body}, '')), 'B')`,
    ),
  },
  (t) => [
    unique("kb_article_slug_key").on(t.workspaceId, t.slug),
    index("kb_article_search_idx").using("gin", t.search),
    index("kb_article_ws_idx").on(t.workspaceId, t.collectionId, t.updatedAt),
    index("kb_article_recent_idx").on(t.workspaceId, t.updatedAt),
    index("kb_article_public_idx")
      .on(t.workspaceId, t.collectionId)
      .where(sql`${t.status} = 'published' AND ${t.visibility} = 'public'`),
    index("kb_article_public_recent_idx")
      .on(t.workspaceId, t.updatedAt)
      .where(sql`${t.status} = 'published' AND ${t.visibility} = 'public'`),
  ],
);

export const kbArticleRevisions = pgTable(
  "kb_article_revision",
  {
    id: id(),
    workspaceId: workspaceId().references(() => workspaces.id, { onDelete: "cascade" }),
    articleId: uuid("article_id")
      .notNull()
      .references(() => kbArticles.id, { onDelete: "cascade" }),
    revision: integer("revision").notNull(),
    title: text("title").notNull(),
    body: text("body").notNull(),
    status: text("status", { enum: KB_STATUSES }).notNull(),
    visibility: text("visibility", { enum: KB_VISIBILITIES }).notNull(),
    accountTypes: text("account_types").array().$type<AccountType[]>().notNull().default([]),
    authorId: uuid("author_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [unique("kb_article_revision_key").on(t.articleId, t.revision)],
);

/** Every slug an article ever had: old help-center URLs redirect to the current one. */
export const kbSlugs = pgTable(
  "kb_slug",
  {
    workspaceId: workspaceId().references(() => workspaces.id, { onDelete: "cascade" }),
    slug: text("slug").notNull(),
    articleId: uuid("article_id")
      .notNull()
      .references(() => kbArticles.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ name: "kb_slug_pkey", columns: [t.workspaceId, t.slug] })],
);

export const knowledgeGaps = pgTable(
  "knowledge_gap",
  {
    id: id(),
    workspaceId: workspaceId().references(() => workspaces.id, { onDelete: "cascade" }),
    question: text("question").notNull(),
    issueId: uuid("issue_id").references(() => issues.id, { onDelete: "set null" }),
    messageId: uuid("message_id").references(() => messages.id, { onDelete: "set null" }),
    status: text("status", { enum: GAP_STATUSES }).notNull().default("open"),
    articleId: uuid("article_id").references(() => kbArticles.id, { onDelete: "set null" }),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    /** The agent who reviews it this week. */
    assigneeId: uuid("assignee_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("knowledge_gap_ws_idx").on(t.workspaceId, t.status, t.createdAt)],
);

export const COPILOT_OUTCOMES = ["accepted", "edited", "discarded"] as const;

/** What the agent did with a copilot draft, recorded when the reply is sent: acceptance is measured on it. */
export const copilotOutcomes = pgTable(
  "copilot_outcome",
  {
    id: id(),
    workspaceId: workspaceId().references(() => workspaces.id, { onDelete: "cascade" }),
    decisionId: uuid("decision_id")
      .notNull()
      .references(() => aiDecisions.id, { onDelete: "cascade" }),
    issueId: uuid("issue_id")
      .notNull()
      .references(() => issues.id, { onDelete: "cascade" }),
    messageId: uuid("message_id").references(() => messages.id, { onDelete: "set null" }),
    outcome: text("outcome", { enum: COPILOT_OUTCOMES }).notNull(),
    /** Word-level edit distance from the draft to what was sent (null when discarded unsent). */
    editDistance: integer("edit_distance"),
    /** 1 − distance / longer length, 0…1. */
    similarity: real("similarity"),
    userId: uuid("user_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [
    unique("copilot_outcome_decision_key").on(t.decisionId),
    index("copilot_outcome_ws_idx").on(t.workspaceId, t.createdAt),
  ],
);

/** Images of an article, stored as attachments (no issue); the help center serves those of public articles. */
export const kbArticleImages = pgTable(
  "kb_article_image",
  {
    attachmentId: uuid("attachment_id")
      .primaryKey()
      .references(() => attachments.id, { onDelete: "cascade" }),
    workspaceId: workspaceId().references(() => workspaces.id, { onDelete: "cascade" }),
    /** Null while the article it was pasted into is not saved yet: its save attaches it. */
    articleId: uuid("article_id").references(() => kbArticles.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
  },
  (t) => [index("kb_article_image_article_idx").on(t.articleId)],
);
