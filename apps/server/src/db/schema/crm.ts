// CRM sync: a workspace's Salesforce / HubSpot connection (OAuth client and refresh token sealed,
// the field mapping, how far each object was synced) and the runs with their counts and errors.
import { sql } from "drizzle-orm";
import { index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { at, createdAt, id, updatedAt, workspaceId } from "./columns";
import { users, workspaces } from "./tenancy";

export const crmProviders = ["salesforce", "hubspot"] as const;
export type CrmProvider = (typeof crmProviders)[number];

/** CRM field (or property) name for each account field we sync; null: not synced. */
export interface CrmMapping {
  name: string;
  domain: string | null;
  /** Salesforce: a path to the owner's email (`Owner.Email`); HubSpot: the owner id property. */
  owner: string | null;
  tier: string | null;
  type: string | null;
  renewalDate: string | null;
  tcv: string | null;
  products: string | null;
  /** Account custom field key → CRM field. */
  customFields: Record<string, string>;
}

export interface CrmRecordError {
  object: "account" | "contact";
  externalId: string;
  name: string | null;
  message: string;
}

export const crmConnections = pgTable(
  "crm_connection",
  {
    workspaceId: workspaceId().references(() => workspaces.id, { onDelete: "cascade" }),
    provider: text("provider", { enum: crmProviders }).notNull(),
    /** Where the OAuth token endpoint lives (Salesforce login URL, HubSpot API base). */
    authUrl: text("auth_url").notNull(),
    /** HubSpot's API base; Salesforce answers its instance URL with each token. */
    apiUrl: text("api_url"),
    clientId: text("client_id").notNull(),
    clientSecretSealed: text("client_secret_sealed").notNull(),
    refreshTokenSealed: text("refresh_token_sealed").notNull(),
    /** The last access token (and, for Salesforce, `instance_url` in apiUrl), sealed; refreshed on 401. */
    accessTokenSealed: text("access_token_sealed"),
    mapping: jsonb("mapping").$type<CrmMapping>().notNull(),
    /** The newest modification time applied, per object: the next run asks only for later ones. */
    accountWatermark: at("account_watermark"),
    contactWatermark: at("contact_watermark"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ name: "crm_connection_pk", columns: [t.workspaceId, t.provider] })],
);

export const crmSyncRuns = pgTable(
  "crm_sync_run",
  {
    id: id(),
    workspaceId: workspaceId().references(() => workspaces.id, { onDelete: "cascade" }),
    provider: text("provider", { enum: crmProviders }).notNull(),
    trigger: text("trigger", { enum: ["schedule", "manual"] }).notNull(),
    status: text("status", { enum: ["queued", "running", "succeeded", "failed"] })
      .notNull()
      .default("queued"),
    created: integer("created").notNull().default(0),
    updated: integer("updated").notNull().default(0),
    unchanged: integer("unchanged").notNull().default(0),
    failed: integer("failed").notNull().default(0),
    errors: jsonb("errors").$type<CrmRecordError[]>().notNull().default([]),
    /** Why the whole run stopped (the CRM refused the credentials, could not be reached). */
    error: text("error"),
    requestedByUserId: uuid("requested_by_user_id").references(() => users.id, { onDelete: "set null" }),
    startedAt: at("started_at"),
    finishedAt: at("finished_at"),
    createdAt: createdAt(),
  },
  (t) => [
    index("crm_sync_run_ws_created_idx").on(t.workspaceId, t.createdAt),
    uniqueIndex("crm_sync_run_one_active_key")
      .on(t.workspaceId, t.provider)
      .where(sql`"status" IN ('queued', 'running')`),
  ],
);
