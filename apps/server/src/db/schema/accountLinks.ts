// One-time links sent to people (password reset, set-password, invitation, email change) and
// the first-run setup token. Only the SHA-256 of a link's secret is kept.
import { sql } from "drizzle-orm";
import { index, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { at, createdAt, id, workspaceId } from "./columns";
import { users, workspaces } from "./tenancy";

export const ACCOUNT_LINK_KINDS = ["password_reset", "set_password", "invitation", "email_change"] as const;
export type AccountLinkKind = (typeof ACCOUNT_LINK_KINDS)[number];

export const accountLinks = pgTable(
  "account_link",
  {
    id: id(),
    workspaceId: workspaceId().references(() => workspaces.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: ACCOUNT_LINK_KINDS }).notNull(),
    tokenHash: text("token_hash").notNull().unique(),
    /** The person it acts for; null for an invitation (they do not exist yet). */
    userId: uuid("user_id").references(() => users.id, { onDelete: "cascade" }),
    /** Where the link went: the invitee, the new address of an email change, the account's address. */
    email: text("email").notNull(),
    /** Invitations: the role and teams the colleague gets. */
    role: text("role", { enum: ["admin", "member", "viewer"] }),
    teamIds: uuid("team_ids").array().notNull().default(sql`'{}'::uuid[]`),
    name: text("name"),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    expiresAt: at("expires_at").notNull(),
    usedAt: at("used_at"),
    revokedAt: at("revoked_at"),
    createdAt: createdAt(),
  },
  (t) => [index("account_link_ws_kind_idx").on(t.workspaceId, t.kind)],
);

/** Guards the first-run setup page; printed in the server log, not tied to a workspace (none exists yet). */
export const setupTokens = pgTable("setup_token", {
  tokenHash: text("token_hash").primaryKey(),
  createdAt: createdAt(),
});
