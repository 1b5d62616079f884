// The customer portal: ticket forms built by admins, one-time login codes and links sent to a
// contact (only hashes are stored), and the customer sessions they open.
import { sql } from "drizzle-orm";
import { index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { at, createdAt, id, updatedAt, workspaceId } from "./columns";
import { contacts } from "./customers";
import { teams, workspaces } from "./tenancy";

/** One field of a form: a custom field of the catalog (by key), or the file upload. */
export type PortalFormFieldRow =
  | { type: "custom_field"; key: string; required: boolean; helpText: string }
  | { type: "file"; label: string; required: boolean; helpText: string };

export const portalForms = pgTable(
  "portal_form",
  {
    id: id(),
    workspaceId: workspaceId().references(() => workspaces.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    /** In the order the customer sees them. */
    fields: jsonb("fields").$type<PortalFormFieldRow[]>().notNull().default([]),
    defaultTeamId: uuid("default_team_id").references(() => teams.id, { onDelete: "set null" }),
    defaultPriority: text("default_priority", { enum: ["urgent", "high", "medium", "low", "none"] }),
    defaultTags: text("default_tags").array().notNull().default(sql`'{}'::text[]`),
    position: integer("position").notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("portal_form_workspace_idx").on(t.workspaceId, t.position)],
);

/** A login asked for by email: the code and link secrets are minted as the mail is composed. */
export const portalLogins = pgTable(
  "portal_login",
  {
    id: id(),
    workspaceId: workspaceId().references(() => workspaces.id, { onDelete: "cascade" }),
    contactId: uuid("contact_id")
      .notNull()
      .references(() => contacts.id, { onDelete: "cascade" }),
    email: text("email").notNull(),
    codeHash: text("code_hash"),
    linkHash: text("link_hash"),
    /** Wrong codes tried against this login; it dies after a few. */
    attempts: integer("attempts").notNull().default(0),
    expiresAt: at("expires_at").notNull(),
    usedAt: at("used_at"),
    createdAt: createdAt(),
  },
  (t) => [
    index("portal_login_email_idx").on(t.workspaceId, t.email, t.createdAt),
    uniqueIndex("portal_login_link_key").on(t.linkHash),
  ],
);

/** A signed-in customer (cookie `sb_portal`, separate from agents' sessions); token hash only. */
export const portalSessions = pgTable(
  "portal_session",
  {
    id: id(),
    workspaceId: workspaceId().references(() => workspaces.id, { onDelete: "cascade" }),
    contactId: uuid("contact_id")
      .notNull()
      .references(() => contacts.id, { onDelete: "cascade" }),
    tokenHash: text("token_hash").notNull(),
    expiresAt: at("expires_at").notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("portal_session_token_key").on(t.tokenHash)],
);
