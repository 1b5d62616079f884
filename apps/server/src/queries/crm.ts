// Read model of CRM sync: the connections (never their secrets beyond the server) and the runs.
import { and, desc, eq } from "drizzle-orm";
import type { Executor } from "../db/connect";
import { type CrmProvider, crmConnections, crmSyncRuns } from "../db/schema";
import { notFound } from "../domain/errors";
import { afterCursor, page } from "./pagination";

export type CrmConnectionRow = typeof crmConnections.$inferSelect;
export type CrmSyncRunRow = typeof crmSyncRuns.$inferSelect;

export async function crmConnectionOf(db: Executor, workspaceId: string, provider: CrmProvider) {
  const [row] = await db
    .select()
    .from(crmConnections)
    .where(and(eq(crmConnections.workspaceId, workspaceId), eq(crmConnections.provider, provider)));
  return row;
}

/** Every workspace's connections: the scheduled sync queues a run for each. */
export async function allCrmConnections(db: Executor) {
  return db.select({ workspaceId: crmConnections.workspaceId, provider: crmConnections.provider }).from(crmConnections);
}

export async function lastCrmRun(db: Executor, workspaceId: string, provider: CrmProvider) {
  const [row] = await db
    .select()
    .from(crmSyncRuns)
    .where(and(eq(crmSyncRuns.workspaceId, workspaceId), eq(crmSyncRuns.provider, provider)))
    .orderBy(desc(crmSyncRuns.createdAt), desc(crmSyncRuns.id))
    .limit(1);
  return row;
}

export async function listCrmRuns(
  db: Executor,
  workspaceId: string,
  o: { provider?: CrmProvider; limit: number; cursor?: string },
) {
  const rows = await db
    .select()
    .from(crmSyncRuns)
    .where(
      and(
        eq(crmSyncRuns.workspaceId, workspaceId),
        o.provider ? eq(crmSyncRuns.provider, o.provider) : undefined,
        afterCursor(crmSyncRuns, crmSyncRuns.createdAt, crmSyncRuns.id, o.cursor),
      ),
    )
    .orderBy(desc(crmSyncRuns.createdAt), desc(crmSyncRuns.id))
    .limit(o.limit + 1);
  return page(rows, o.limit, (r) => ({ at: r.createdAt, id: r.id }));
}

export async function getCrmRun(db: Executor, workspaceId: string, id: string) {
  const [row] = await db
    .select()
    .from(crmSyncRuns)
    .where(and(eq(crmSyncRuns.workspaceId, workspaceId), eq(crmSyncRuns.id, id)));
  if (!row) throw notFound("Sync run");
  return row;
}
