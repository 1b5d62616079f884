// Broadcasts (/api/v1/broadcasts): one message to many customer accounts, to each account's shared
// Slack channel and/or by email to its contacts with chosen roles, with per-recipient status.
import { z } from "zod";
import { ConditionNode, conditionLeaves, conditionsFor } from "./conditions";
import { ListQuery, text, Uuid } from "./primitives";
import { Timestamp, type Wire } from "./responses";
import { broadcastChannels, broadcastRecipientStatuses, broadcastStatuses } from "./vocabulary";

export const BroadcastStatus = z.enum(broadcastStatuses);
export const BroadcastChannels = z.enum(broadcastChannels);
export const BroadcastRecipientStatus = z.enum(broadcastRecipientStatuses);

/** An audience condition speaks the shared language, over accounts only. */
const AccountCondition = conditionsFor("event").superRefine((node, ctx) => {
  for (const leaf of conditionLeaves(node))
    if (!leaf.field.startsWith("account."))
      ctx.addIssue({
        code: "custom",
        message: `An audience tests accounts only: ${leaf.field} is not an account field.`,
      });
});

/** Accounts matching a condition (type, tier, owner, custom fields, tags), or an explicit list. */
export const BroadcastAudience = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("condition"), condition: AccountCondition }),
  z.strictObject({ kind: z.literal("accounts"), accountIds: z.array(Uuid).min(1).max(10_000) }),
]);
export type BroadcastAudience = z.infer<typeof BroadcastAudience>;
/** The audience as stored and answered (checked when it was written). */
const StoredAudience = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("condition"), condition: ConditionNode }),
  z.strictObject({ kind: z.literal("accounts"), accountIds: z.array(Uuid) }),
]);

const ContactRole = z.string().trim().toLowerCase().min(1).max(50);

export const CreateBroadcastInput = z.strictObject({
  title: text(200),
  /** Markdown with {{account.name}}, {{contact.first_name|there}} … */
  body: text(20_000),
  audience: BroadcastAudience,
  channels: BroadcastChannels,
  /** Email goes to the accounts' contacts with one of these roles; empty: every contact with an address. */
  contactRoles: z.array(ContactRole).max(20).default([]),
});
export const UpdateBroadcastInput = z.strictObject({
  title: text(200).optional(),
  body: text(20_000).optional(),
  audience: BroadcastAudience.optional(),
  channels: BroadcastChannels.optional(),
  contactRoles: z.array(ContactRole).max(20).optional(),
});

/** Without scheduledAt: now. */
export const SendBroadcastInput = z.strictObject({ scheduledAt: z.iso.datetime({ offset: true }).optional() });

/** Recipients by status; `delivered` is sent + replied (a reply means the message arrived). */
export const BroadcastCounts = z.strictObject({
  total: z.number().int(),
  delivered: z.number().int(),
  queued: z.number().int(),
  sending: z.number().int(),
  sent: z.number().int(),
  failed: z.number().int(),
  replied: z.number().int(),
  cancelled: z.number().int(),
});
export type BroadcastCounts = Wire<typeof BroadcastCounts>;

export const Broadcast = z.strictObject({
  id: Uuid,
  title: z.string(),
  body: z.string(),
  audience: StoredAudience,
  channels: BroadcastChannels,
  contactRoles: z.array(z.string()),
  status: BroadcastStatus,
  scheduledAt: Timestamp.nullable(),
  startedAt: Timestamp.nullable(),
  sentAt: Timestamp.nullable(),
  cancelledAt: Timestamp.nullable(),
  createdBy: z.strictObject({ id: Uuid, name: z.string() }).nullable(),
  counts: BroadcastCounts,
  /** The same counts for each channel's recipients (Slack posts, emails). */
  byChannel: z.strictObject({ slack: BroadcastCounts, email: BroadcastCounts }),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Broadcast = Wire<typeof Broadcast>;

export const BroadcastListQuery = ListQuery.extend({ status: BroadcastStatus.optional() });

/** One message as it would go out, rendered for its recipient. */
export const BroadcastPreviewItem = z.strictObject({
  accountId: Uuid,
  accountName: z.string(),
  channel: z.enum(["slack", "email"]),
  /** The Slack channel's name, or the contact's address. */
  to: z.string(),
  contactName: z.string().nullable(),
  text: z.string(),
  /** Why this one could not be sent (no shared Slack channel); it would be recorded as failed. */
  problem: z.string().nullable(),
});
export const BroadcastPreview = z.strictObject({
  recipientCount: z.number().int(),
  accountCount: z.number().int(),
  slackCount: z.number().int(),
  emailCount: z.number().int(),
  items: z.array(BroadcastPreviewItem),
});
export type BroadcastPreview = Wire<typeof BroadcastPreview>;
export const BroadcastPreviewQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(20),
});

export const BroadcastRecipient = z.strictObject({
  id: Uuid,
  account: z.strictObject({ id: Uuid, name: z.string() }).nullable(),
  contact: z.strictObject({ id: Uuid, name: z.string() }).nullable(),
  channel: z.enum(["slack", "email"]),
  to: z.string(),
  status: BroadcastRecipientStatus,
  error: z.string().nullable(),
  sentAt: Timestamp.nullable(),
  repliedAt: Timestamp.nullable(),
  /** The issue a reply opened. */
  issueNumber: z.number().int().nullable(),
});
export type BroadcastRecipient = Wire<typeof BroadcastRecipient>;
export const BroadcastRecipientQuery = ListQuery.omit({ q: true }).extend({
  status: BroadcastRecipientStatus.optional(),
});
