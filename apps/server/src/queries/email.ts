// Read models of the email channel: inboxes by address, the outbox, stored attachments.
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import type { Executor } from "../db/connect";
import { attachments, emailInboxes, emailOutbox } from "../db/schema";

export type InboxRow = typeof emailInboxes.$inferSelect;
export type OutboxRow = typeof emailOutbox.$inferSelect;

/** Inboxes (of any workspace) for these lower-cased base addresses. */
export async function findInboxes(db: Executor, addresses: readonly string[]): Promise<InboxRow[]> {
  if (addresses.length === 0) return [];
  return db
    .select()
    .from(emailInboxes)
    .where(inArray(sql`lower(${emailInboxes.address})`, [...new Set(addresses)]));
}

export const listInboxes = (db: Executor, workspaceId: string) =>
  db.select().from(emailInboxes).where(eq(emailInboxes.workspaceId, workspaceId)).orderBy(emailInboxes.address);

export const listOutbox = (db: Executor, workspaceId: string, status?: OutboxRow["status"]) =>
  db
    .select()
    .from(emailOutbox)
    .where(and(eq(emailOutbox.workspaceId, workspaceId), status ? eq(emailOutbox.status, status) : undefined))
    .orderBy(desc(emailOutbox.createdAt))
    .limit(200);

export async function getAttachment(db: Executor, workspaceId: string, id: string) {
  const [row] = await db
    .select()
    .from(attachments)
    .where(and(eq(attachments.workspaceId, workspaceId), eq(attachments.id, id)));
  return row;
}
