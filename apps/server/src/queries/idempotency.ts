// Reads of idempotency keys (commands/idempotency.ts writes them): the key a retry names, and the
// workspaces the sweep has work in.
import { and, eq, gte, lt } from "drizzle-orm";
import type { Executor } from "../db/connect";
import { idempotencyKeys } from "../db/schema";

export type StoredIdempotencyKey = typeof idempotencyKeys.$inferSelect;

/** The caller's key recorded at or after `since` (older ones have expired, whether swept or not). */
export async function findIdempotencyKey(
  db: Executor,
  workspaceId: string,
  caller: string,
  key: string,
  since: Date,
): Promise<StoredIdempotencyKey | undefined> {
  const [row] = await db
    .select()
    .from(idempotencyKeys)
    .where(
      and(
        eq(idempotencyKeys.workspaceId, workspaceId),
        eq(idempotencyKeys.caller, caller),
        eq(idempotencyKeys.key, key),
        gte(idempotencyKeys.createdAt, since),
      ),
    );
  return row;
}

export async function workspacesWithExpiredKeys(db: Executor, before: Date): Promise<string[]> {
  const rows = await db
    .selectDistinct({ id: idempotencyKeys.workspaceId })
    .from(idempotencyKeys)
    .where(lt(idempotencyKeys.createdAt, before));
  return rows.map((r) => r.id);
}
