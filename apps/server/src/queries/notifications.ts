// Read model for a person's notifications: the latest 100 and the unread count.
import { and, desc, eq, isNull, sql } from "drizzle-orm";
import type { Executor } from "../db/connect";
import { notifications } from "../db/schema";

export async function listNotifications(db: Executor, workspaceId: string, userId: string) {
  const items = await db
    .select()
    .from(notifications)
    .where(and(eq(notifications.workspaceId, workspaceId), eq(notifications.userId, userId)))
    .orderBy(desc(notifications.createdAt))
    .limit(100);
  const [unread] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(notifications)
    .where(
      and(eq(notifications.workspaceId, workspaceId), eq(notifications.userId, userId), isNull(notifications.readAt)),
    );
  return { items, unread: unread?.n ?? 0 };
}
