// /contacts: the people at customer accounts.
import { z } from "zod";
import { ListQuery, text, Uuid } from "./primitives";
import { Timestamp, type Wire } from "./responses";

export const CreateContactInput = z.strictObject({
  name: text(200),
  email: z.string().trim().email().max(320).nullish(),
  accountId: Uuid.nullish(),
  slackUserId: z.string().trim().max(50).nullish(),
  externalId: z.string().trim().max(200).nullish(),
  /** In the customer portal, sees every issue of their account, not only their own. */
  portalAdmin: z.boolean().optional(),
  /** What the person is to their company (admin, billing, technical …); broadcasts email by role. */
  roles: z.array(z.string().trim().toLowerCase().min(1).max(50)).max(20).optional(),
});
export const UpdateContactInput = CreateContactInput.partial();
export const ContactListQuery = ListQuery.extend({ accountId: Uuid.optional() });

export const Contact = z.strictObject({
  id: Uuid,
  name: z.string(),
  email: z.string().nullable(),
  accountId: Uuid.nullable(),
  slackUserId: z.string().nullable(),
  externalId: z.string().nullable(),
  portalAdmin: z.boolean(),
  roles: z.array(z.string()),
  createdAt: Timestamp,
});
export type Contact = Wire<typeof Contact>;
