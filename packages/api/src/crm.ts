// CRM sync (/api/v1/integrations/{salesforce|hubspot}, /api/v1/crm-sync-runs): an OAuth
// refresh-token connection per CRM, the mapping of CRM fields onto account fields, sync now, and
// the runs with their counts and per-record errors.
import { z } from "zod";
import { text, Uuid } from "./primitives";
import { Timestamp, type Wire } from "./responses";

export const crmProviders = ["salesforce", "hubspot"] as const;
export const CrmProvider = z.enum(crmProviders);

/** A CRM field name (Salesforce `Tier__c`, a relationship path `Owner.Email`; HubSpot `hs_tier`). */
const CrmField = z
  .string()
  .trim()
  .max(100)
  .regex(/^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)?$/, "Not a CRM field name");

export const CrmMapping = z.strictObject({
  name: CrmField,
  domain: CrmField.nullable(),
  /** Salesforce: a path to the owner's email (Owner.Email); HubSpot: the owner id property (hubspot_owner_id). */
  owner: CrmField.nullable(),
  tier: CrmField.nullable(),
  type: CrmField.nullable(),
  renewalDate: CrmField.nullable(),
  tcv: CrmField.nullable(),
  products: CrmField.nullable(),
  /** Account custom field key → CRM field. */
  customFields: z.record(z.string().max(100), CrmField),
});
export type CrmMapping = Wire<typeof CrmMapping>;

export const CrmConnectionInput = z.strictObject({
  clientId: text(500),
  /** Sealed at rest, like the refresh token. */
  clientSecret: text(500),
  refreshToken: text(2000),
  /** The OAuth server: Salesforce's login URL (https://login.salesforce.com, a My Domain, test.salesforce.com), HubSpot's API base. */
  authUrl: z.string().url().max(500).optional(),
  /** HubSpot's API base (default https://api.hubapi.com); Salesforce answers its instance URL with each token. */
  apiUrl: z.string().url().max(500).optional(),
});

export const CrmRecordError = z.strictObject({
  object: z.enum(["account", "contact"]),
  externalId: z.string(),
  name: z.string().nullable(),
  message: z.string(),
});

export const CrmSyncRun = z.strictObject({
  id: Uuid,
  provider: CrmProvider,
  trigger: z.enum(["schedule", "manual"]),
  status: z.enum(["queued", "running", "succeeded", "failed"]),
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  failed: z.number().int(),
  /** Why the whole run stopped; per-record errors are in the run's detail. */
  error: z.string().nullable(),
  startedAt: Timestamp.nullable(),
  finishedAt: Timestamp.nullable(),
  createdAt: Timestamp,
});
export type CrmSyncRun = Wire<typeof CrmSyncRun>;

export const CrmSyncRunDetail = CrmSyncRun.extend({ errors: z.array(CrmRecordError) });
export type CrmSyncRunDetail = Wire<typeof CrmSyncRunDetail>;

export const CrmConnection = z.discriminatedUnion("connected", [
  z.strictObject({ connected: z.literal(false), provider: CrmProvider }),
  z.strictObject({
    connected: z.literal(true),
    provider: CrmProvider,
    authUrl: z.string(),
    apiUrl: z.string().nullable(),
    mapping: CrmMapping,
    /** Accounts and contacts modified after these are asked for next. */
    accountWatermark: Timestamp.nullable(),
    contactWatermark: Timestamp.nullable(),
    lastRun: CrmSyncRun.nullable(),
    updatedAt: Timestamp,
  }),
]);
export type CrmConnection = Wire<typeof CrmConnection>;

export const CrmRunsQuery = z.strictObject({
  provider: CrmProvider.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
});
