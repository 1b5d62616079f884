// The email channel: the addresses a workspace receives mail on, and a record of every
// outbound email (the outbox) so nothing we owe a customer is ever silently dropped.

import { outboxStatuses } from "@switchboard/api/vocabulary";
import { sql } from "drizzle-orm";
import { bigserial, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { at, bytea, createdAt, id, updatedAt, workspaceId } from "./columns";
import { issues, messages } from "./issues";
import { teams, workspaces } from "./tenancy";

export const emailInboxes = pgTable(
  "email_inbox",
  {
    id: id(),
    workspaceId: workspaceId().references(() => workspaces.id, { onDelete: "cascade" }),
    /** Lower-cased, without a plus tag; unique across workspaces because SMTP routes by it. */
    address: text("address").notNull(),
    /** Shown as the sender name's suffix and in settings ("Support"). */
    name: text("name").notNull().default(""),
    /** New issues from this address start in this team. */
    teamId: uuid("team_id").references(() => teams.id, { onDelete: "set null" }),
    /** The pending "send a test mail to this inbox" check: its token, when sent, when it arrived. */
    checkToken: text("check_token"),
    checkSentAt: at("check_sent_at"),
    checkArrivedAt: at("check_arrived_at"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("email_inbox_address_key").on(sql`lower(${t.address})`),
    index("email_inbox_ws_idx").on(t.workspaceId),
  ],
);

export const OUTBOX_STATUSES = outboxStatuses;

/** One row per outbound email message; attempts update it in place. */
export const emailOutbox = pgTable(
  "email_outbox",
  {
    id: id(),
    workspaceId: workspaceId().references(() => workspaces.id, { onDelete: "cascade" }),
    issueId: uuid("issue_id")
      .notNull()
      .references(() => issues.id, { onDelete: "cascade" }),
    messageId: uuid("message_id")
      .notNull()
      .references(() => messages.id, { onDelete: "cascade" }),
    /** RFC 5322 Message-ID we gave the email (stable across retries). */
    rfcMessageId: text("rfc_message_id").notNull(),
    fromAddress: text("from_address").notNull(),
    toAddresses: text("to_addresses").array().notNull().default(sql`'{}'::text[]`),
    ccAddresses: text("cc_addresses").array().notNull().default(sql`'{}'::text[]`),
    subject: text("subject").notNull(),
    headers: jsonb("headers").$type<Record<string, string>>().notNull().default({}),
    bodyText: text("body_text").notNull(),
    status: text("status", { enum: OUTBOX_STATUSES }).notNull().default("queued"),
    error: text("error"),
    attempts: integer("attempts").notNull().default(0),
    sentAt: at("sent_at"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("email_outbox_message_key").on(t.messageId),
    index("email_outbox_ws_idx").on(t.workspaceId, t.createdAt.desc()),
    // Inbound replies name our mails by Message-ID (email intake's knownReferences).
    index("email_outbox_ws_rfc_idx").on(t.workspaceId, t.rfcMessageId),
  ],
);

export const SMTP_SECURITY = ["starttls", "tls", "none"] as const;

/**
 * Outbound email of a workspace, set in the app (SMTP_URL in the environment overrides it).
 * Secrets are sealed with the server's secret key (SECRET_KEY or DATA_DIR/secret.key).
 */
export const emailSettings = pgTable("email_settings", {
  workspaceId: uuid("workspace_id")
    .primaryKey()
    .references(() => workspaces.id, { onDelete: "cascade" }),
  smtpHost: text("smtp_host"),
  smtpPort: integer("smtp_port"),
  /** starttls: upgrade on 587/25; tls: implicit TLS (465); none: plain (a local relay only). */
  smtpSecurity: text("smtp_security", { enum: SMTP_SECURITY }).notNull().default("starttls"),
  smtpUser: text("smtp_user"),
  smtpPasswordSealed: text("smtp_password_sealed"),
  dkimDomain: text("dkim_domain"),
  dkimSelector: text("dkim_selector"),
  dkimPrivateKeySealed: text("dkim_private_key_sealed"),
  /** Base64 SubjectPublicKeyInfo, the `p=` of the DNS record. */
  dkimPublicKey: text("dkim_public_key"),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

/**
 * Mail accepted over SMTP and not yet ingested. The listener answers 250 as soon as the message
 * is here (one INSERT), and ingests it after: a sender never waits for parsing, routing or a
 * batch window, and a 250 still means the mail is stored. A row lives until its mail is ingested,
 * quarantined or recorded as noise; its claim is a lease the working process renews, so the
 * rows of a process that died are taken over by another (channels/email/spool.ts).
 */
export const emailSpool = pgTable(
  "email_spool",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    /** The message exactly as received (DATA). */
    raw: bytea("raw").notNull(),
    /** SMTP MAIL FROM; "" for the null sender. */
    mailFrom: text("mail_from").notNull(),
    /** SMTP RCPT TO, lower-cased. */
    recipients: text("recipients").array().notNull(),
    receivedAt: at("received_at").notNull().defaultNow(),
    /** The process working on it, until `claimed_until`; after that any process may take it. */
    claimedBy: text("claimed_by").notNull(),
    claimedUntil: at("claimed_until").notNull(),
    attempts: integer("attempts").notNull().default(0),
  },
  (t) => [index("email_spool_claim_idx").on(t.claimedUntil)],
);
