// Issues, their messages and the append-only event log every analytic reads.
import type { DeliveryFix } from "@switchboard/api/vocabulary";
import { type SQL, sql } from "drizzle-orm";
import { bigserial, boolean, index, integer, jsonb, pgTable, real, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import type { IssueEventData, IssueEventType } from "../../domain/events";
import { ISSUE_STATES, PRIORITIES } from "../../domain/lifecycle";
import type { SentimentPhrase } from "../../domain/sentiment";
import { at, createdAt, id, tsvector, updatedAt, workspaceId } from "./columns";
import { accounts, contacts } from "./customers";
import { slaPolicies } from "./sla";
import { teams, users, workspaces } from "./tenancy";

export const issues = pgTable(
  "issue",
  {
    id: id(),
    workspaceId: workspaceId().references(() => workspaces.id, { onDelete: "cascade" }),
    number: integer("number").notNull(),
    title: text("title").notNull(),
    accountId: uuid("account_id").references(() => accounts.id, { onDelete: "set null" }),
    requesterContactId: uuid("requester_contact_id").references(() => contacts.id, {
      onDelete: "set null",
    }),
    /** Where the conversation lives: replies go back out through it. */
    channel: text("channel", { enum: ["slack", "email", "widget", "portal", "api"] })
      .notNull()
      .default("api"),
    /** Channel conversation key (Slack channel:thread_ts, email root Message-ID, …). */
    threadKey: text("thread_key"),
    /** Channel facts the issue came with (slack channel id, inbox address, …). */
    source: jsonb("source").$type<Record<string, string>>().notNull().default({}),
    state: text("state", { enum: ISSUE_STATES }).notNull().default("new"),
    teamId: uuid("team_id").references(() => teams.id, { onDelete: "set null" }),
    assigneeUserId: uuid("assignee_user_id").references(() => users.id, { onDelete: "set null" }),
    /** An AI agent (the Router) can hold an issue while it decides. */
    assigneeAgentId: uuid("assignee_agent_id"),
    priority: text("priority", { enum: PRIORITIES }).notNull().default("none"),
    prioritySetBy: text("priority_set_by", { enum: ["user", "ai", "trigger", "default"] })
      .notNull()
      .default("default"),
    tags: text("tags").array().notNull().default(sql`'{}'::text[]`),
    /** The broadcast a customer's reply to it opened this issue from (FK in migration 0028). */
    broadcastId: uuid("broadcast_id"),
    customFields: jsonb("custom_fields").$type<Record<string, unknown>>().notNull().default({}),
    firstResponseAt: at("first_response_at"),
    lastCustomerMessageAt: at("last_customer_message_at"),
    lastMessageAt: at("last_message_at"),
    resolvedAt: at("resolved_at"),
    csatScore: integer("csat_score"),
    mergedIntoIssueId: uuid("merged_into_issue_id"),
    /** SLA read model, kept by the SLA module from the event log (sla_applied / sla_breached). */
    slaPolicyId: uuid("sla_policy_id").references(() => slaPolicies.id, { onDelete: "set null" }),
    slaFirstResponseDueAt: at("sla_first_response_due_at"),
    slaNextResponseDueAt: at("sla_next_response_due_at"),
    slaResolutionDueAt: at("sla_resolution_due_at"),
    /** The earliest due time of a running target (views sort and filter on it). */
    slaDueAt: at("sla_due_at"),
    slaBreached: text("sla_breached").array().notNull().default(sql`'{}'::text[]`),
    slaPaused: boolean("sla_paused").notNull().default(false),
    /** When the SLA sweep should look again (the next due time or warning not yet acted on). */
    slaCheckAt: at("sla_check_at"),
    /** When the SLA was last computed; a later updated_at means the issue changed since. */
    slaEvaluatedAt: at("sla_evaluated_at"),
    titleSearch: tsvector("title_search").generatedAlwaysAs(
      (): SQL => sql`to_tsvector('simple', coalesce(${issues.title}, ''))`,
    ),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("issue_ws_number_key").on(t.workspaceId, t.number),
    uniqueIndex("issue_ws_thread_key").on(t.workspaceId, t.channel, t.threadKey),
    index("issue_ws_created_idx").on(t.workspaceId, t.createdAt.desc(), t.id.desc()),
    index("issue_ws_state_idx").on(t.workspaceId, t.state, t.createdAt.desc()),
    index("issue_ws_assignee_idx").on(t.workspaceId, t.assigneeUserId, t.state),
    index("issue_account_idx").on(t.accountId),
    index("issue_tags_idx").using("gin", t.tags),
    index("issue_title_search_idx").using("gin", t.titleSearch),
    index("issue_ws_sla_due_idx").on(t.workspaceId, t.slaDueAt),
    // Migration 0021: the SLA sweep's two bounded reads (stale SLAs; checks that have come).
    index("issue_sla_stale_idx")
      .on(t.updatedAt)
      .where(sql`${t.slaEvaluatedAt} IS NULL OR ${t.updatedAt} > ${t.slaEvaluatedAt}`),
    index("issue_ws_sla_check_idx").on(t.workspaceId, t.slaCheckAt).where(sql`${t.slaCheckAt} IS NOT NULL`),
    // Migration 0050: the views' priority order, the board's "Closed today", the sidebar's open counts.
    index("issue_ws_priority_rank_idx").on(
      t.workspaceId,
      sql`(CASE ${t.priority} WHEN 'urgent' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 WHEN 'low' THEN 3 ELSE 4 END)`,
      t.createdAt,
      t.id,
    ),
    // Migration 0053: the rank index above also INCLUDEs priority, state, team, assignee, account,
    // merged_into and tags (drizzle cannot say INCLUDE); a team's state column in priority order.
    index("issue_ws_team_state_rank_idx").on(
      t.workspaceId,
      t.teamId,
      t.state,
      sql`(CASE ${t.priority} WHEN 'urgent' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 WHEN 'low' THEN 3 ELSE 4 END)`,
      t.createdAt,
      t.id,
    ),
    index("issue_ws_closed_resolved_idx").on(t.workspaceId, t.resolvedAt).where(sql`${t.state} = 'closed'`),
    index("issue_ws_open_idx")
      .on(t.workspaceId, t.teamId, t.assigneeUserId, t.accountId, t.state)
      .where(sql`${t.state} <> 'closed' AND ${t.mergedIntoIssueId} IS NULL`),
  ],
);

export const messages = pgTable(
  "message",
  {
    id: id(),
    workspaceId: workspaceId().references(() => workspaces.id, { onDelete: "cascade" }),
    issueId: uuid("issue_id")
      .notNull()
      .references(() => issues.id, { onDelete: "cascade" }),
    authorType: text("author_type", { enum: ["contact", "user", "agent", "system"] }).notNull(),
    authorContactId: uuid("author_contact_id").references(() => contacts.id, {
      onDelete: "set null",
    }),
    authorUserId: uuid("author_user_id").references(() => users.id, { onDelete: "set null" }),
    authorAgentId: uuid("author_agent_id"),
    visibility: text("visibility", { enum: ["public", "internal"] })
      .notNull()
      .default("public"),
    bodyText: text("body_text").notNull(),
    /** Sanitised before storage; never rendered raw from the channel. */
    bodyHtml: text("body_html"),
    attachments: jsonb("attachments").$type<AttachmentRef[]>().notNull().default([]),
    channel: text("channel").notNull().default("api"),
    /** Channel delivery id (Slack channel:ts, email Message-ID): a retry collides here. */
    externalId: text("external_id"),
    /** Outbound delivery status for public replies: pending → sent | failed | unsent (no transport). */
    deliveryStatus: text("delivery_status"),
    /**
     * Email: the other people the mail was addressed to (To and Cc, minus the author, the
     * requester and our inboxes). A reply copies the latest customer mail's list.
     */
    emailCc: text("email_cc").array(),
    deliveryError: text("delivery_error"),
    /** The setting that fixes a failed or unsent delivery (`deliveryFixes`), when one does. */
    deliveryFix: text("delivery_fix").$type<DeliveryFix>(),
    /**
     * Set (committed) just before a delivery attempt hands the message to its channel, cleared with
     * the outcome. Still set on the next attempt: the last one's outcome is unknown (a crash).
     */
    deliveryAttemptedAt: at("delivery_attempted_at"),
    /**
     * A delivery in several calls (a Slack reply's text, then its files): the steps the channel has
     * taken, each recorded as it is taken, so a retry does only what is left (`DeliveryProgress`).
     */
    deliveryProgress: jsonb("delivery_progress").$type<DeliveryProgress>(),
    /** A person's reply is delivered no earlier than this (the undo window); null: at once. */
    deliverAfter: at("deliver_after"),
    /** Set by the delivery job before it hands the message to the channel; undo is refused from then on. */
    deliveryStartedAt: at("delivery_started_at"),
    editedAt: at("edited_at"),
    deletedAt: at("deleted_at"),
    /** A colleague outside Switchboard (an internal Slack thread reply): their name. */
    authorName: text("author_name"),
    /** The internal thread this note came from or went to (internal_thread; notes only). */
    internalThreadId: uuid("internal_thread_id"),
    /** A note for an internal thread: set before it is posted to Slack (a retry looks for it first). */
    internalPostAttemptedAt: at("internal_post_attempted_at"),
    /** A customer's public message: −1…1 from `domain/sentiment.ts`, set when stored; null for everyone else's. */
    sentimentScore: real("sentiment_score"),
    /** The phrases that drove `sentimentScore`, strongest first. */
    sentimentPhrases: jsonb("sentiment_phrases").$type<SentimentPhrase[]>(),
    search: tsvector("search").generatedAlwaysAs(
      (): SQL => sql`to_tsvector('simple', coalesce(${messages.bodyText}, ''))`,
    ),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("message_ws_external_key").on(t.workspaceId, t.channel, t.externalId),
    index("message_issue_idx").on(t.issueId, t.createdAt),
    index("message_search_idx").using("gin", t.search),
    index("message_ws_sentiment_idx").on(t.workspaceId, t.createdAt).where(sql`${t.sentimentScore} IS NOT NULL`),
    // Customer messages stored before scoring existed (the health job backfills them); empty once done.
    index("message_unscored_idx")
      .on(t.workspaceId)
      .where(
        sql`${t.sentimentScore} IS NULL AND ${t.authorType} = 'contact' AND ${t.visibility} = 'public' AND ${t.deletedAt} IS NULL`,
      ),
  ],
);

/** What a multi-step delivery has done so far (see message.deliveryProgress). */
export interface DeliveryProgress {
  /** The channel's id of the reply's text, once posted. */
  posted?: string;
  /** The channel's ids of the reply's files, once uploaded (not yet shared: invisible to the customer). */
  uploaded?: string[];
  /** The uploaded files were shared into the conversation. */
  shared?: boolean;
}

export interface AttachmentRef {
  id: string;
  filename: string;
  contentType: string;
  size: number;
  /** Set for an email's inline image: the body shows it in place (see linkInlineImages). */
  contentId?: string;
}

export const issueEvents = pgTable(
  "issue_event",
  {
    /** bigserial gives a total order that analytics and realtime cursors can rely on. */
    seq: bigserial("seq", { mode: "number" }).primaryKey(),
    workspaceId: workspaceId().references(() => workspaces.id, { onDelete: "cascade" }),
    issueId: uuid("issue_id")
      .notNull()
      .references(() => issues.id, { onDelete: "cascade" }),
    /** With `data`, one member of the IssueEvent union (domain/events.ts); commands/events.ts writes them as pairs. */
    type: text("type").$type<IssueEventType>().notNull(),
    actorType: text("actor_type", { enum: ["user", "contact", "agent", "system", "trigger"] }).notNull(),
    actorId: text("actor_id"),
    data: jsonb("data").$type<IssueEventData>().notNull().default({}),
    /** Written by an import (history): outbound webhooks never announce it. */
    imported: boolean("imported").notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [
    index("issue_event_issue_idx").on(t.issueId, t.seq),
    index("issue_event_ws_type_idx").on(t.workspaceId, t.type, t.createdAt),
  ],
);

export const attachments = pgTable(
  "attachment",
  {
    id: id(),
    workspaceId: workspaceId().references(() => workspaces.id, { onDelete: "cascade" }),
    issueId: uuid("issue_id").references(() => issues.id, { onDelete: "cascade" }),
    filename: text("filename").notNull(),
    contentType: text("content_type").notNull(),
    size: integer("size").notNull(),
    /** Base64 in the database keeps the embedded start single-directory; swap for object storage later. */
    contentBase64: text("content_base64").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("attachment_issue_idx").on(t.issueId)],
);
