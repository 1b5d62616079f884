// Outbound webhooks' endpoints (/webhooks): subscriptions, the delivery log and replay.
import type { CreatedWebhook, Ok, Webhook, WebhookDelivery, WebhookInput, WebhookPatch } from "@switchboard/api";
import type { z } from "zod";
import { request } from "../../../api/client";

export type { CreatedWebhook, Webhook, WebhookDelivery };
export type WebhookForm = z.input<typeof WebhookInput>;
export type WebhookChange = z.input<typeof WebhookPatch>;

export const WEBHOOKS_PATH = "/webhooks";

export const createWebhook = (input: WebhookForm) =>
  request<CreatedWebhook>(WEBHOOKS_PATH, { method: "POST", body: input });
export const updateWebhook = (id: string, input: WebhookChange) =>
  request<Webhook>(`${WEBHOOKS_PATH}/${id}`, { method: "PATCH", body: input });
export const deleteWebhook = (id: string) => request<Ok>(`${WEBHOOKS_PATH}/${id}`, { method: "DELETE" });
export const deliveriesPath = (id: string) => `${WEBHOOKS_PATH}/${id}/deliveries`;
export const replayDelivery = (id: string, deliveryId: string) =>
  request<WebhookDelivery>(`${WEBHOOKS_PATH}/${id}/deliveries/${deliveryId}/replay`, { method: "POST", body: {} });
