// /accounts: the customer companies.
import { z } from "zod";
import { JsonObject, text, Uuid } from "./primitives";
import { Timestamp, type Wire } from "./responses";
import { accountTypes } from "./vocabulary";

export const AccountType = z.enum(accountTypes);
export const Domain = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^@?[a-z0-9.-]+\.[a-z]{2,}$/, "Not a domain");

export const CreateAccountInput = z.strictObject({
  name: text(200),
  domains: z.array(Domain).max(50).optional(),
  type: AccountType.optional(),
  ownerUserId: Uuid.nullish(),
  tier: z.string().trim().max(100).nullish(),
  crmId: z.string().trim().max(200).nullish(),
  /** YYYY-MM-DD */
  renewalDate: z.iso.date().nullish(),
  /** Total contract value. */
  tcv: z.number().min(0).max(1e13).nullish(),
  products: z.array(text(200)).max(100).optional(),
  customFields: z.record(z.string().max(100), z.unknown()).optional(),
  /** Labels (broadcast audiences select by them); lower-cased. */
  tags: z.array(z.string().trim().toLowerCase().min(1).max(50)).max(50).optional(),
});
export const UpdateAccountInput = CreateAccountInput.partial();

export const Account = z.strictObject({
  id: Uuid,
  name: z.string(),
  domains: z.array(z.string()),
  type: AccountType,
  ownerUserId: Uuid.nullable(),
  tier: z.string().nullable(),
  crmId: z.string().nullable(),
  health: z.number().int().nullable(),
  customFields: JsonObject,
  renewalDate: z.string().nullable(),
  tcv: z.number().nullable(),
  products: z.array(z.string()),
  /** Where the account is synced from; the fields it names are read-only here (edit them in the CRM). */
  crm: z
    .strictObject({
      source: z.enum(["salesforce", "hubspot"]),
      /** `name`, `ownerUserId`, `tier`, `type`, `renewalDate`, `tcv`, `products`, `customFields.<key>`. */
      fields: z.array(z.string()),
      syncedAt: Timestamp.nullable(),
    })
    .nullable(),
  tags: z.array(z.string()),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Account = Wire<typeof Account>;
