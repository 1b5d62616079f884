// Tenants, people who work in Switchboard, and how they authenticate.
import { sql } from "drizzle-orm";
import { boolean, index, integer, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { at, createdAt, id, workspaceId } from "./columns";

export const workspaces = pgTable("workspace", {
  id: id(),
  name: text("name").notNull(),
  /** The company's own email domain: mail from it is from a colleague, never a customer. */
  domain: text("domain").notNull().unique(),
  plan: text("plan", { enum: ["free", "pro", "enterprise"] })
    .notNull()
    .default("pro"),
  /** Every email domain of the company (the first is `domain`): colleagues, never customers. */
  domains: text("domains").array().notNull().default(sql`'{}'::text[]`),
  /** IANA time zone the workspace works in (reports, business hours defaults). */
  timeZone: text("time_zone").notNull().default("UTC"),
  /** Last issue number handed out; bumped under a row lock so numbers never repeat. */
  issueSeq: integer("issue_seq").notNull().default(0),
  /** Seconds a person's reply waits before delivery starts, so it can be taken back (0: at once). */
  undoSendSeconds: integer("undo_send_seconds").notNull().default(5),
  /** Days the audit log keeps its entries; a daily job deletes older ones. */
  auditRetentionDays: integer("audit_retention_days").notNull().default(365),
  createdAt: createdAt(),
});

export const users = pgTable(
  "user",
  {
    id: id(),
    workspaceId: workspaceId().references(() => workspaces.id, { onDelete: "cascade" }),
    /** Lower-cased; unique across workspaces because login takes only an email. */
    email: text("email").notNull(),
    name: text("name").notNull(),
    role: text("role", { enum: ["admin", "member", "viewer"] })
      .notNull()
      .default("member"),
    passwordHash: text("password_hash"),
    avatarUrl: text("avatar_url"),
    /** The colleague's Slack user id: their posts in shared channels count as agent replies. */
    slackUserId: text("slack_user_id"),
    /** Away members are skipped by round-robin / least-loaded assignment. */
    away: boolean("away").notNull().default(false),
    deactivatedAt: at("deactivated_at"),
    /** Set on a demo admin whose well-known password is live beyond loopback: change it first. */
    mustChangePassword: boolean("must_change_password").notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("user_email_key").on(sql`lower(${t.email})`), index("user_ws_idx").on(t.workspaceId)],
);

export const sessions = pgTable(
  "session",
  {
    id: id(),
    /** SHA-256 of the cookie value: a leaked table cannot be replayed. */
    tokenHash: text("token_hash").notNull().unique(),
    csrfToken: text("csrf_token").notNull(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    workspaceId: workspaceId().references(() => workspaces.id, { onDelete: "cascade" }),
    expiresAt: at("expires_at").notNull(),
    /** What the person sees in "where you're signed in". */
    userAgent: text("user_agent"),
    ip: text("ip"),
    createdAt: createdAt(),
  },
  (t) => [index("session_user_idx").on(t.userId)],
);

export const apiTokens = pgTable(
  "api_token",
  {
    id: id(),
    workspaceId: workspaceId().references(() => workspaces.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    /** Shown once at creation; only the hash is kept. */
    tokenHash: text("token_hash").notNull().unique(),
    lastUsedAt: at("last_used_at"),
    revokedAt: at("revoked_at"),
    createdAt: createdAt(),
  },
  (t) => [index("api_token_ws_idx").on(t.workspaceId)],
);

export const teams = pgTable(
  "team",
  {
    id: id(),
    workspaceId: workspaceId().references(() => workspaces.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    /** pooled: everyone works the team queue; scoped: members own accounts (by owner or tier). */
    mode: text("mode", { enum: ["pooled", "scoped"] })
      .notNull()
      .default("pooled"),
    /** The backstop: gets the scoped team's issues that no member owns. */
    leadUserId: uuid("lead_user_id").references(() => users.id, { onDelete: "set null" }),
    description: text("description").notNull().default(""),
    /** Replying to an unassigned issue assigns the responder; null follows the mode (on for pooled). */
    assignOnReply: boolean("assign_on_reply"),
    /** The team's business-hours calendar (business_calendar; null: the workspace's default). */
    calendarId: uuid("calendar_id"),
    /** CSAT: a closed issue of the team is surveyed (migration 0027). */
    csatEnabled: boolean("csat_enabled").notNull().default(true),
    /** CSAT scale: `1-5`, or `thumbs` (👍 stored as 5, 👎 as 1, so averages stay comparable). */
    csatScale: text("csat_scale", { enum: ["1-5", "thumbs"] })
      .notNull()
      .default("1-5"),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("team_ws_name_key").on(t.workspaceId, t.name)],
);

export const teamMembers = pgTable(
  "team_member",
  {
    workspaceId: workspaceId().references(() => workspaces.id, { onDelete: "cascade" }),
    teamId: uuid("team_id")
      .notNull()
      .references(() => teams.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** Scoped teams: the account tiers this member covers (Customer Success by tier). */
    tiers: text("tiers").array().notNull().default(sql`'{}'::text[]`),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("team_member_key").on(t.teamId, t.userId), index("team_member_user_idx").on(t.userId)],
);
