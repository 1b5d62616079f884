// Read models for macros and a person's notifications.
import { and, asc, desc, eq, isNull, sql } from "drizzle-orm";
import type { Executor } from "../db/connect";
import { macros, notifications } from "../db/schema";

export const listMacros = (db: Executor, workspaceId: string) =>
  db.select().from(macros).where(eq(macros.workspaceId, workspaceId)).orderBy(asc(macros.name));

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
