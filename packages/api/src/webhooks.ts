// /webhooks: outbound webhooks (URLs subscribed to issue event types), their delivery log and replay.
import { z } from "zod";
import { text, Uuid } from "./primitives";
import { Timestamp, type Wire } from "./responses";
import { webhookDeliveryStatuses, webhookEventTypes } from "./vocabulary";

const WebhookUrl = z
  .string()
  .trim()
  .max(2000)
  .url()
  .refine((u) => /^https?:\/\//i.test(u), "Use an http:// or https:// URL.");
const EventTypes = z.array(z.enum(webhookEventTypes)).min(1).max(webhookEventTypes.length);

export const WebhookInput = z.strictObject({
  url: WebhookUrl,
  description: text(300).optional(),
  eventTypes: EventTypes,
});

export const WebhookPatch = z.strictObject({
  url: WebhookUrl.optional(),
  description: text(300).nullable().optional(),
  eventTypes: EventTypes.optional(),
  /** true re-enables a webhook disabled after repeated failures (its failure count starts again). */
  enabled: z.boolean().optional(),
});

export const Webhook = z.strictObject({
  id: Uuid,
  url: z.string(),
  description: z.string().nullable(),
  eventTypes: z.array(z.string()),
  enabled: z.boolean(),
  consecutiveFailures: z.number().int(),
  disabledAt: Timestamp.nullable(),
  /** Why it was disabled (after repeated failures), shown as a warning in settings. */
  disabledReason: z.string().nullable(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Webhook = Wire<typeof Webhook>;

/** The answer to a creation: the signing secret, shown this once. */
export const CreatedWebhook = z.strictObject({ webhook: Webhook, secret: z.string() });
export type CreatedWebhook = Wire<typeof CreatedWebhook>;

export const WebhookDeliveryParams = z.strictObject({ id: Uuid, deliveryId: Uuid });

export const WebhookDeliveryQuery = z.strictObject({
  status: z.enum(webhookDeliveryStatuses).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const WebhookDelivery = z.strictObject({
  id: Uuid,
  eventSeq: z.number().int(),
  eventType: z.string(),
  issueNumber: z.number().int(),
  status: z.enum(webhookDeliveryStatuses),
  attempts: z.number().int(),
  nextAttemptAt: Timestamp,
  responseStatus: z.number().int().nullable(),
  durationMs: z.number().int().nullable(),
  /** The first 500 characters of the receiver's answer. */
  responseExcerpt: z.string().nullable(),
  error: z.string().nullable(),
  replayOf: Uuid.nullable(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type WebhookDelivery = Wire<typeof WebhookDelivery>;
