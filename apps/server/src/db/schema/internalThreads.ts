// Internal threads: a question about an issue asked in one of our own Slack channels
// (slack_channel.kind = internal). Replies there come back to the issue as internal notes.
import { internalThreadStatuses } from "@switchboard/api/vocabulary";
import { index, integer, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { at, createdAt, id, updatedAt, workspaceId } from "./columns";
import { issues } from "./issues";
import { slackChannels } from "./slack";
import { users, workspaces } from "./tenancy";

/** posting → open (card posted) → answered (a colleague replied) → resolved (issue closed); failed. */
export const INTERNAL_THREAD_STATUSES = internalThreadStatuses;

export const internalThreads = pgTable(
  "internal_thread",
  {
    id: id(),
    workspaceId: workspaceId().references(() => workspaces.id, { onDelete: "cascade" }),
    issueId: uuid("issue_id")
      .notNull()
      .references(() => issues.id, { onDelete: "cascade" }),
    slackChannelId: uuid("slack_channel_id")
      .notNull()
      .references(() => slackChannels.id, { onDelete: "cascade" }),
    question: text("question").notNull(),
    /** The card's ts: the thread's root in Slack; null until posted. */
    threadTs: text("thread_ts"),
    /** Set before the card is posted: a retry finding it set looks for the card before posting again. */
    cardAttemptedAt: at("card_attempted_at"),
    status: text("status", { enum: INTERNAL_THREAD_STATUSES }).notNull().default("posting"),
    error: text("error"),
    replyCount: integer("reply_count").notNull().default(0),
    lastReplyAt: at("last_reply_at"),
    createdByUserId: uuid("created_by_user_id").references(() => users.id, { onDelete: "set null" }),
    resolvedAt: at("resolved_at"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("internal_thread_issue_idx").on(t.issueId),
    uniqueIndex("internal_thread_ws_channel_ts_key").on(t.workspaceId, t.slackChannelId, t.threadTs),
  ],
);
