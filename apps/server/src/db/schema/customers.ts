// The customer side: companies (accounts) and the people at them (contacts).
import { sql } from "drizzle-orm";
import { boolean, date, index, integer, jsonb, numeric, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import type { HealthDriver } from "../../domain/accountHealth";
import { at, createdAt, id, updatedAt, workspaceId } from "./columns";
import { users, workspaces } from "./tenancy";

export const accounts = pgTable(
  "account",
  {
    id: id(),
    workspaceId: workspaceId().references(() => workspaces.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    /** Lower-cased email domains; mail from these resolves to the account. */
    domains: text("domains").array().notNull().default(sql`'{}'::text[]`),
    type: text("type", { enum: ["prospect", "trial", "customer", "churned"] })
      .notNull()
      .default("customer"),
    ownerUserId: uuid("owner_user_id").references(() => users.id, { onDelete: "set null" }),
    tier: text("tier"),
    crmId: text("crm_id"),
    /** 0–100, recomputed from sentiment and activity by the account-health job. */
    health: integer("health"),
    /** What the account-health job weighed for `health` (domain/accountHealth.ts), and when. */
    healthDrivers: jsonb("health_drivers").$type<HealthDriver[]>(),
    healthAt: at("health_at"),
    customFields: jsonb("custom_fields").$type<Record<string, unknown>>().notNull().default({}),
    /** ISO date (YYYY-MM-DD) of the next renewal. */
    renewalDate: date("renewal_date", { mode: "string" }),
    /** Total contract value, in the workspace's currency. */
    tcv: numeric("tcv", { precision: 16, scale: 2, mode: "number" }),
    products: text("products").array().notNull().default(sql`'{}'::text[]`),
    /** The CRM the account is synced from; its `crmFields` are read-only in the app. */
    crmSource: text("crm_source", { enum: ["salesforce", "hubspot"] }),
    /** Account fields the CRM owns (`tier`, `ownerUserId`, `renewalDate`, `customFields.<key>` …). */
    crmFields: text("crm_fields").array().notNull().default(sql`'{}'::text[]`),
    crmSyncedAt: at("crm_synced_at"),
    /** Labels of the account (broadcast audiences select by them). */
    tags: text("tags").array().notNull().default(sql`'{}'::text[]`),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("account_ws_name_key").on(t.workspaceId, sql`lower(${t.name})`),
    index("account_domains_idx").using("gin", t.domains),
    index("account_ws_crm_idx").on(t.workspaceId, t.crmId),
  ],
);

export const contacts = pgTable(
  "contact",
  {
    id: id(),
    workspaceId: workspaceId().references(() => workspaces.id, { onDelete: "cascade" }),
    accountId: uuid("account_id").references(() => accounts.id, { onDelete: "set null" }),
    name: text("name").notNull(),
    email: text("email"),
    slackUserId: text("slack_user_id"),
    /** The customer's own user id, as identified by the widget / portal. */
    externalId: text("external_id"),
    avatarUrl: text("avatar_url"),
    /** In the portal, sees every issue of their account (not only their own). */
    portalAdmin: boolean("portal_admin").notNull().default(false),
    /** The contact's id in the synced CRM. */
    crmId: text("crm_id"),
    /** What the person is to their company (admin, billing, technical …), lower-cased; broadcasts email by role. */
    roles: text("roles").array().notNull().default(sql`'{}'::text[]`),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("contact_ws_email_key").on(t.workspaceId, sql`lower(${t.email})`),
    uniqueIndex("contact_ws_slack_key").on(t.workspaceId, t.slackUserId),
    uniqueIndex("contact_ws_external_key").on(t.workspaceId, t.externalId),
    index("contact_account_idx").on(t.accountId),
    index("contact_ws_crm_idx").on(t.workspaceId, t.crmId),
  ],
);
