// Common topics: a workspace's customer questions, the topic each is in (clustered offline by the
// topics job), and how far that job has read the workspace's customer messages.
import { sql } from "drizzle-orm";
import { index, pgTable, real, text, uuid } from "drizzle-orm/pg-core";
import { at, createdAt, id, updatedAt, workspaceId } from "./columns";
import { issues, messages } from "./issues";
import { workspaces } from "./tenancy";

export const topics = pgTable(
  "topic",
  {
    id: id(),
    workspaceId: workspaceId().references(() => workspaces.id, { onDelete: "cascade" }),
    label: text("label").notNull(),
    terms: text("terms").array().notNull().default(sql`'{}'::text[]`),
    /** The most central question, in the customer's words. */
    question: text("question").notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("topic_ws_idx").on(t.workspaceId)],
);

/** A customer question (one message) and its topic; null: in no topic yet. */
export const topicQuestions = pgTable(
  "topic_question",
  {
    messageId: uuid("message_id")
      .primaryKey()
      .references(() => messages.id, { onDelete: "cascade" }),
    workspaceId: workspaceId().references(() => workspaces.id, { onDelete: "cascade" }),
    issueId: uuid("issue_id")
      .notNull()
      .references(() => issues.id, { onDelete: "cascade" }),
    topicId: uuid("topic_id").references(() => topics.id, { onDelete: "set null" }),
    text: text("text").notNull(),
    similarity: real("similarity").notNull().default(0),
    askedAt: at("asked_at").notNull(),
  },
  (t) => [
    index("topic_question_ws_topic_idx").on(t.workspaceId, t.topicId, t.askedAt),
    index("topic_question_ws_asked_idx").on(t.workspaceId, t.askedAt),
  ],
);

export const topicStates = pgTable("topic_state", {
  workspaceId: uuid("workspace_id")
    .primaryKey()
    .references(() => workspaces.id, { onDelete: "cascade" }),
  /** Customer messages created up to here were looked at for questions. */
  messagesThrough: at("messages_through"),
  clusteredAt: at("clustered_at"),
});
