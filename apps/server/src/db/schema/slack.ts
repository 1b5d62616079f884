// Slack shared channels: the workspace's Slack app connection, the channels the bot is in
// (each mapped to a customer account, or visibly unmapped), and the Events API ids we took.

import { slackChannelModes } from "@switchboard/api/vocabulary";
import { sql } from "drizzle-orm";
import {
  bigserial,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { at, createdAt, id, updatedAt, workspaceId } from "./columns";
import { accounts } from "./customers";
import { workspaces } from "./tenancy";

/** One Slack app install per workspace; secrets never leave the server (API shows flags only). */
export const slackConnections = pgTable(
  "slack_connection",
  {
    id: id(),
    workspaceId: workspaceId()
      .references(() => workspaces.id, { onDelete: "cascade" })
      .unique(),
    /** Slack team (T…) the bot token belongs to; null until auth.test has answered. */
    teamId: text("team_id"),
    appId: text("app_id"),
    botUserId: text("bot_user_id"),
    botId: text("bot_id"),
    /** Sealed with the server's key (`services.secrets`); opened only in memory (channels/slack/secrets.ts). */
    botTokenSealed: text("bot_token_sealed").notNull(),
    signingSecretSealed: text("signing_secret_sealed").notNull(),
    /** Web API base URL override (a stand-in, an Enterprise Grid proxy); null is slack.com. */
    apiUrl: text("api_url"),
    /** Reaction that turns a message into an issue (channels in `reaction` mode, thread splits). */
    issueEmoji: text("issue_emoji").notNull().default("ticket"),
    /** Last Slack request this signing secret verified, and last one naming this app it did not. */
    signatureVerifiedAt: at("signature_verified_at"),
    signatureFailedAt: at("signature_failed_at"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("slack_connection_team_idx").on(t.teamId), index("slack_connection_app_idx").on(t.appId)],
);

export const SLACK_CHANNEL_MODES = slackChannelModes;
export type SlackChannelMode = (typeof SLACK_CHANNEL_MODES)[number];
export const SLACK_CHANNEL_KINDS = ["customer", "internal"] as const;

export interface SlackConnectedTeam {
  id: string;
  name?: string;
  domain?: string;
  emailDomain?: string;
}

export const slackChannels = pgTable(
  "slack_channel",
  {
    id: id(),
    workspaceId: workspaceId().references(() => workspaces.id, { onDelete: "cascade" }),
    slackChannelId: text("slack_channel_id").notNull(),
    name: text("name").notNull(),
    isPrivate: boolean("is_private").notNull().default(false),
    /** Slack Connect: shared with another organisation (the customer). */
    isExtShared: boolean("is_ext_shared").notNull().default(false),
    /** The bot is a member: we receive its messages. */
    isMember: boolean("is_member").notNull().default(true),
    /** The other organisations in a Slack Connect channel (for account suggestions). */
    connectedTeams: jsonb("connected_teams").$type<SlackConnectedTeam[]>().notNull().default([]),
    /** Null = unmapped: messages are not turned into issues until an admin picks the account. */
    accountId: uuid("account_id").references(() => accounts.id, { onDelete: "set null" }),
    /** all: every top-level message opens an issue; reaction: only messages marked with the emoji. */
    mode: text("mode", { enum: SLACK_CHANNEL_MODES }).notNull().default("all"),
    /** internal: a channel of our own people (internal threads); never a customer's, never mapped. */
    kind: text("kind", { enum: SLACK_CHANNEL_KINDS }).notNull().default("customer"),
    /** Internal channels: when to start a thread here (shown when picking a channel). */
    purpose: text("purpose"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("slack_channel_ws_channel_key").on(t.workspaceId, t.slackChannelId),
    index("slack_channel_account_idx").on(t.accountId),
    check("slack_channel_internal_unmapped", sql`${t.kind} <> 'internal' OR ${t.accountId} IS NULL`),
  ],
);

export const SLACK_EVENT_STATUSES = ["pending", "processing", "done", "failed"] as const;

/**
 * The Slack inbox: every accepted Events API delivery (and shortcut), keyed by its event id so
 * Slack's retries collide. The webhook only inserts here; a drain job works through it in arrival
 * order, one thread at a time. Failures retry with backoff, then go to quarantine (never blocking).
 */
export const slackEvents = pgTable(
  "slack_event",
  {
    workspaceId: workspaceId().references(() => workspaces.id, { onDelete: "cascade" }),
    eventId: text("event_id").notNull(),
    /** Arrival order. */
    seq: bigserial("seq", { mode: "number" }).notNull(),
    type: text("type").notNull(),
    /** channel:root ts — events of one thread are worked strictly in order. */
    threadKey: text("thread_key"),
    /** The raw delivery; emptied once done (the id alone keeps deduplicating). */
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull().default({}),
    status: text("status", { enum: SLACK_EVENT_STATUSES }).notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    availableAt: at("available_at").notNull().defaultNow(),
    claimedAt: at("claimed_at"),
    /** The worker process working on it (worker_process); a dead one's claim is taken over. */
    claimedBy: text("claimed_by"),
    error: text("error"),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.eventId] }),
    // Only open events (pending, processing) are indexed for the drain: done ones stay for
    // deduplication and must not slow the next claim (the claim once scanned every earlier
    // event of the workspace for each waiting one: 46 ms at 1,000 events, and growing).
    index("slack_event_open_idx").on(t.workspaceId, t.seq).where(sql`status IN ('pending', 'processing')`),
    index("slack_event_open_thread_idx")
      .on(t.workspaceId, t.threadKey, t.seq)
      .where(sql`status IN ('pending', 'processing')`),
    index("slack_event_created_idx").on(t.createdAt),
  ],
);

/** Slack interactions taken (CSAT clicks, modal submissions): a repeated delivery changes nothing. */
export const slackInteractions = pgTable(
  "slack_interaction",
  {
    workspaceId: workspaceId().references(() => workspaces.id, { onDelete: "cascade" }),
    interactionId: text("interaction_id").notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.interactionId] })],
);
