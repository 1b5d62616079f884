// Read models of outbound webhooks: a workspace's subscriptions and a webhook's delivery log.
import { and, desc, eq } from "drizzle-orm";
import type { Executor } from "../db/connect";
import { type WebhookDeliveryStatus, webhookDeliveries, webhooks } from "../db/schema";

export type WebhookRow = typeof webhooks.$inferSelect;
export type WebhookDeliveryRow = typeof webhookDeliveries.$inferSelect;

export function listWebhooks(db: Executor, workspaceId: string): Promise<WebhookRow[]> {
  return db.select().from(webhooks).where(eq(webhooks.workspaceId, workspaceId)).orderBy(webhooks.createdAt);
}

export async function getWebhook(db: Executor, workspaceId: string, id: string): Promise<WebhookRow | undefined> {
  const [row] = await db
    .select()
    .from(webhooks)
    .where(and(eq(webhooks.workspaceId, workspaceId), eq(webhooks.id, id)));
  return row;
}

/** The newest deliveries first. */
export function listDeliveries(
  db: Executor,
  workspaceId: string,
  webhookId: string,
  filter: { status?: WebhookDeliveryStatus; limit: number },
): Promise<WebhookDeliveryRow[]> {
  return db
    .select()
    .from(webhookDeliveries)
    .where(
      and(
        eq(webhookDeliveries.workspaceId, workspaceId),
        eq(webhookDeliveries.webhookId, webhookId),
        filter.status ? eq(webhookDeliveries.status, filter.status) : undefined,
      ),
    )
    .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.eventSeq))
    .limit(filter.limit);
}
