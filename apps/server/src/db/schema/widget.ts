// The chat widget channel: a workspace's widgets (app id, sealed identity secret), the customer
// sessions they opened, what the customer has seen (for the email fallback), and CSAT answers.
import { boolean, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { at, createdAt, id, updatedAt, workspaceId } from "./columns";
import { issues, messages } from "./issues";
import { workspaces } from "./tenancy";

/** One embeddable widget; its secret signs customers' identities (userHash) and is shown once. */
export const widgets = pgTable(
  "widget",
  {
    id: id(),
    workspaceId: workspaceId().references(() => workspaces.id, { onDelete: "cascade" }),
    appId: text("app_id").notNull(),
    name: text("name").notNull(),
    secretSealed: text("secret_sealed").notNull(),
    /** An agent reply unseen in the widget this long is emailed as well. */
    fallbackMinutes: integer("fallback_minutes").notNull().default(10),
    secretRotatedAt: at("secret_rotated_at").notNull().defaultNow(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("widget_app_id_key").on(t.appId), index("widget_workspace_idx").on(t.workspaceId)],
);

/** A booted widget: verified (email signed by the host app) or an anonymous visitor. */
export const widgetSessions = pgTable(
  "widget_session",
  {
    id: id(),
    workspaceId: workspaceId().references(() => workspaces.id, { onDelete: "cascade" }),
    widgetId: uuid("widget_id")
      .notNull()
      .references(() => widgets.id, { onDelete: "cascade" }),
    /** SHA-256 of the bearer token; the token itself lives only in the customer's browser. */
    tokenHash: text("token_hash").notNull(),
    verified: boolean("verified").notNull(),
    /** Only for verified sessions: an unverified visitor's claimed address is never trusted. */
    email: text("email"),
    name: text("name"),
    /** The anonymous visitor's contact identity (contact.external_id), one per session. */
    visitorKey: text("visitor_key").notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true, mode: "date" }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("widget_session_token_key").on(t.tokenHash)],
);

/** When the customer last saw a widget conversation (unread counts, the email fallback). */
export const widgetSeen = pgTable("widget_seen", {
  issueId: uuid("issue_id")
    .primaryKey()
    .references(() => issues.id, { onDelete: "cascade" }),
  workspaceId: workspaceId().references(() => workspaces.id, { onDelete: "cascade" }),
  seenAt: timestamp("seen_at", { withTimezone: true, mode: "date" }).notNull(),
});

/** Agent replies that went out by email because the widget did not show them in time. */
export const widgetFallbacks = pgTable("widget_fallback", {
  messageId: uuid("message_id")
    .primaryKey()
    .references(() => messages.id, { onDelete: "cascade" }),
  workspaceId: workspaceId().references(() => workspaces.id, { onDelete: "cascade" }),
  issueId: uuid("issue_id")
    .notNull()
    .references(() => issues.id, { onDelete: "cascade" }),
  sentAt: timestamp("sent_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
});

/** One CSAT answer per issue and resolution (a reopened issue is asked again). */
export const csatResponses = pgTable(
  "csat_response",
  {
    id: id(),
    workspaceId: workspaceId().references(() => workspaces.id, { onDelete: "cascade" }),
    issueId: uuid("issue_id")
      .notNull()
      .references(() => issues.id, { onDelete: "cascade" }),
    resolution: integer("resolution").notNull(),
    score: integer("score").notNull(),
    comment: text("comment"),
    channel: text("channel").notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("csat_response_issue_resolution_key").on(t.issueId, t.resolution),
    index("csat_response_workspace_idx").on(t.workspaceId, t.createdAt),
  ],
);
