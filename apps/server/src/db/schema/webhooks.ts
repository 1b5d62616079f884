// Outbound webhooks: the URLs a workspace subscribed to event types, one delivery per matching
// event (ordered per issue, retried with backoff), and the event log cursor the dispatcher keeps.
import { sql } from "drizzle-orm";
import { bigint, boolean, index, integer, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { at, createdAt, id, updatedAt, workspaceId } from "./columns";
import { users, workspaces } from "./tenancy";

export const webhooks = pgTable(
  "webhook",
  {
    id: id(),
    workspaceId: workspaceId().references(() => workspaces.id, { onDelete: "cascade" }),
    url: text("url").notNull(),
    description: text("description"),
    /** Issue event types (domain/events.ts) the URL receives. */
    eventTypes: text("event_types").array().notNull().default(sql`'{}'::text[]`),
    /** The signing secret, sealed with services.secrets; shown once on creation. */
    secretSealed: text("secret_sealed").notNull(),
    enabled: boolean("enabled").notNull().default(true),
    /** Failed attempts in a row; at WEBHOOKS_DISABLE_AFTER the webhook is disabled. */
    consecutiveFailures: integer("consecutive_failures").notNull().default(0),
    disabledAt: at("disabled_at"),
    disabledReason: text("disabled_reason"),
    /** Events up to this seq happened before the subscription and are not sent. */
    fromSeq: bigint("from_seq", { mode: "number" }).notNull().default(0),
    createdByUserId: uuid("created_by_user_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("webhook_ws_idx").on(t.workspaceId)],
);

export type WebhookDeliveryStatus = "pending" | "sending" | "delivered" | "failed";

export const webhookDeliveries = pgTable(
  "webhook_delivery",
  {
    /** Sent as X-Switchboard-Delivery: the same on every retry, the receiver's idempotency key. */
    id: id(),
    workspaceId: workspaceId().references(() => workspaces.id, { onDelete: "cascade" }),
    webhookId: uuid("webhook_id")
      .notNull()
      .references(() => webhooks.id, { onDelete: "cascade" }),
    eventSeq: bigint("event_seq", { mode: "number" }).notNull(),
    eventType: text("event_type").notNull(),
    issueId: uuid("issue_id").notNull(),
    issueNumber: integer("issue_number").notNull(),
    /** The JSON body exactly as signed and sent (replays send it again). */
    body: text("body").notNull(),
    status: text("status").$type<WebhookDeliveryStatus>().notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: at("next_attempt_at").notNull().defaultNow(),
    /** Set while an attempt is under way; a stale one means its worker died. */
    attemptStartedAt: at("attempt_started_at"),
    responseStatus: integer("response_status"),
    durationMs: integer("duration_ms"),
    responseExcerpt: text("response_excerpt"),
    error: text("error"),
    /** A replay's original delivery. */
    replayOf: uuid("replay_of"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("webhook_delivery_event_key").on(t.webhookId, t.eventSeq).where(sql`"replay_of" IS NULL`),
    index("webhook_delivery_queue_idx")
      .on(t.webhookId, t.issueId, t.eventSeq)
      .where(sql`"status" IN ('pending', 'sending')`),
    index("webhook_delivery_log_idx").on(t.workspaceId, t.webhookId, t.createdAt),
  ],
);

/**
 * How far the dispatcher has read the event log (not tenant data: one log for all workspaces).
 * `seq`: every event up to it has its deliveries. `pendingSeq`/`pendingXmax`: events up to
 * pendingSeq were read while transactions below xid pendingXmax were running; once they all ended
 * nothing below pendingSeq can still appear, and the cursor moves there.
 */
export const webhookCursors = pgTable("webhook_cursor", {
  name: text("name").primaryKey(),
  seq: bigint("seq", { mode: "number" }).notNull().default(0),
  pendingSeq: bigint("pending_seq", { mode: "number" }),
  pendingXmax: text("pending_xmax"),
  updatedAt: updatedAt(),
});
