// Single sign-on: a workspace's OpenID Connect provider (client secret sealed) and the identities
// (issuer + subject) that signed in through it, each tied to one user.
import { sql } from "drizzle-orm";
import { boolean, pgTable, primaryKey, text, uuid } from "drizzle-orm/pg-core";
import { at, createdAt, updatedAt, workspaceId } from "./columns";
import { users, workspaces } from "./tenancy";

export const ssoSettings = pgTable("sso_settings", {
  workspaceId: workspaceId()
    .primaryKey()
    .references(() => workspaces.id, { onDelete: "cascade" }),
  /** The provider's issuer URL; its /.well-known/openid-configuration is discovered. */
  issuer: text("issuer").notNull(),
  clientId: text("client_id").notNull(),
  /** Sealed with services.secrets; null for a public client (PKCE only). */
  clientSecretSealed: text("client_secret_sealed"),
  /** The role of a person created at their first SSO sign-in. */
  defaultRole: text("default_role", { enum: ["admin", "member", "viewer"] })
    .notNull()
    .default("member"),
  /** Email domains allowed to sign in (empty: any domain the provider vouches for). */
  allowedDomains: text("allowed_domains").array().notNull().default(sql`'{}'::text[]`),
  enabled: boolean("enabled").notNull().default(true),
  passwordLoginDisabled: boolean("password_login_disabled").notNull().default(false),
  /** The first SSO sign-in by an admin: password login may be disabled only after it. */
  verifiedAt: at("verified_at"),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const ssoIdentities = pgTable(
  "sso_identity",
  {
    workspaceId: workspaceId().references(() => workspaces.id, { onDelete: "cascade" }),
    issuer: text("issuer").notNull(),
    subject: text("subject").notNull(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.issuer, t.subject] })],
);
