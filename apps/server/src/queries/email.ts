// Read models of the email channel: inboxes by address, the outbox, stored attachments.
// Attachments and the outbox are issue data, read through a scope; inboxes are agent-only settings.
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Executor } from "../db/connect";
import { attachments, emailInboxes, emailOutbox, issues } from "../db/schema";
import { newestFirst } from "./pagination";
import type { ReadScope } from "./scope";
import { attachmentVisibility, outboxVisibility } from "./visibility";

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

/**
 * `findInboxes` for the SMTP hot path, which asks at every RCPT and again for every mail: answers
 * (including "no such inbox") are kept for a few seconds per database. Inbox writes in this
 * process forget them at once; another process's write shows within INBOX_CACHE_MS.
 */
export async function findInboxesCached(db: Executor, addresses: readonly string[]): Promise<InboxRow[]> {
  const now = Date.now();
  const cache = inboxCaches.get(db) ?? new Map();
  inboxCaches.set(db, cache);
  const missing = [...new Set(addresses)].filter((a) => !((cache.get(a)?.until ?? 0) > now));
  if (missing.length > 0) {
    const rows = await findInboxes(db, missing);
    for (const address of missing)
      cache.set(address, { row: rows.find((r) => r.address === address), until: now + INBOX_CACHE_MS });
  }
  return [...new Set(addresses)].flatMap((a) => cache.get(a)?.row ?? []);
}

export function forgetCachedInboxes(): void {
  inboxCaches = new WeakMap();
}

const INBOX_CACHE_MS = 10_000;
let inboxCaches = new WeakMap<Executor, Map<string, { row: InboxRow | undefined; until: number }>>();

export const listInboxes = (db: Executor, workspaceId: string) =>
  db.select().from(emailInboxes).where(eq(emailInboxes.workspaceId, workspaceId)).orderBy(emailInboxes.address);

/** The newest outbound emails the scope may read (those of its issues), each with its issue's number. */
export const listOutbox = (db: Executor, scope: ReadScope, status?: OutboxRow["status"]) =>
  db
    .select({ outbox: emailOutbox, issueNumber: issues.number })
    .from(emailOutbox)
    .innerJoin(issues, eq(issues.id, emailOutbox.issueId))
    .where(and(outboxVisibility(scope), status ? eq(emailOutbox.status, status) : undefined))
    .orderBy(newestFirst(emailOutbox.createdAt))
    .limit(200);

export async function getOutboxEntry(db: Executor, scope: ReadScope, id: string) {
  const [row] = await db
    .select()
    .from(emailOutbox)
    .where(and(outboxVisibility(scope), eq(emailOutbox.id, id)));
  return row;
}

/**
 * The files a message carries, with their bytes, in the message's order: for its delivery
 * (email parts, Slack uploads). The message was read for delivery, not for a reader.
 */
export async function messageFiles(db: Executor, message: { workspaceId: string; attachments: { id: string }[] }) {
  if (message.attachments.length === 0) return [];
  const rows = await db
    .select()
    .from(attachments)
    .where(
      and(
        eq(attachments.workspaceId, message.workspaceId),
        inArray(
          attachments.id,
          message.attachments.map((a) => a.id),
        ),
      ),
    );
  const byId = new Map(rows.map((r) => [r.id, r]));
  return message.attachments.flatMap(({ id }) => {
    const row = byId.get(id);
    return row
      ? [
          {
            id,
            filename: row.filename,
            contentType: row.contentType,
            content: Buffer.from(row.contentBase64, "base64"),
          },
        ]
      : [];
  });
}

export async function getAttachment(db: Executor, scope: ReadScope, id: string) {
  const [row] = await db
    .select()
    .from(attachments)
    .where(and(attachmentVisibility(scope), eq(attachments.id, id)));
  return row;
}
