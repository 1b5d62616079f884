// Broadcasts: one message to many accounts, and one row per recipient (a Slack channel or a
// contact's address), materialised at send time, that records intent before each send.
import type { ConditionNode } from "@switchboard/api";
import { broadcastRecipientStatuses, broadcastStatuses } from "@switchboard/api/vocabulary";
import { sql } from "drizzle-orm";
import { boolean, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { at, createdAt, id, updatedAt, workspaceId } from "./columns";
import { accounts, contacts } from "./customers";
import { issues } from "./issues";
import { users, workspaces } from "./tenancy";

export type StoredAudience =
  | { kind: "condition"; condition: ConditionNode }
  | { kind: "accounts"; accountIds: string[] };

export const broadcasts = pgTable(
  "broadcast",
  {
    id: id(),
    workspaceId: workspaceId().references(() => workspaces.id, { onDelete: "cascade" }),
    title: text("title").notNull(),
    body: text("body").notNull(),
    audience: jsonb("audience").$type<StoredAudience>().notNull(),
    channels: text("channels", { enum: ["slack", "email", "both"] }).notNull(),
    contactRoles: text("contact_roles").array().notNull().default(sql`'{}'::text[]`),
    status: text("status", { enum: broadcastStatuses }).notNull().default("draft"),
    scheduledAt: at("scheduled_at"),
    startedAt: at("started_at"),
    sentAt: at("sent_at"),
    cancelledAt: at("cancelled_at"),
    createdByUserId: uuid("created_by_user_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("broadcast_ws_created_idx").on(t.workspaceId, t.createdAt)],
);

export const broadcastRecipients = pgTable(
  "broadcast_recipient",
  {
    id: id(),
    workspaceId: workspaceId().references(() => workspaces.id, { onDelete: "cascade" }),
    broadcastId: uuid("broadcast_id")
      .notNull()
      .references(() => broadcasts.id, { onDelete: "cascade" }),
    accountId: uuid("account_id").references(() => accounts.id, { onDelete: "set null" }),
    contactId: uuid("contact_id").references(() => contacts.id, { onDelete: "set null" }),
    channel: text("channel", { enum: ["slack", "email"] }).notNull(),
    /** The Slack channel id (C…), or the contact's email address. */
    address: text("address").notNull(),
    /** What a person reads for `address`: the channel's name, the address. */
    label: text("label").notNull(),
    status: text("status", { enum: broadcastRecipientStatuses }).notNull().default("queued"),
    error: text("error"),
    /** Set when a send begins (intent); still set on the next attempt means its outcome is unknown. */
    attemptedAt: at("attempted_at"),
    attempts: integer("attempts").notNull().default(0),
    /**
     * An attempt ended without knowing whether it went out (the connection dropped, a timeout):
     * the next attempt looks for it before sending again. Cleared once sent or failed.
     */
    outcomeUnknown: boolean("outcome_unknown").notNull().default(false),
    /** Where a reply lands: Slack `channel:ts` of the post, or the mail's Message-ID. */
    threadKey: text("thread_key"),
    sentAt: at("sent_at"),
    repliedAt: at("replied_at"),
    issueId: uuid("issue_id").references(() => issues.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("broadcast_recipient_once_key").on(t.broadcastId, t.channel, t.address),
    index("broadcast_recipient_status_idx").on(t.broadcastId, t.channel, t.status),
    index("broadcast_recipient_thread_idx").on(t.workspaceId, t.threadKey).where(sql`thread_key IS NOT NULL`),
  ],
);
