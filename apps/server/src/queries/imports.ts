// Import runs and the records they skipped, for the settings page, the API and the CLI.
import { and, asc, desc, eq } from "drizzle-orm";
import type { Executor } from "../db/connect";
import { importRuns, importSkips } from "../db/schema";
import { notFound } from "../domain/errors";

export async function listImportRuns(db: Executor, workspaceId: string, limit = 50) {
  return db
    .select()
    .from(importRuns)
    .where(eq(importRuns.workspaceId, workspaceId))
    .orderBy(desc(importRuns.createdAt), desc(importRuns.id))
    .limit(limit);
}

export async function getImportRun(db: Executor, workspaceId: string, id: string) {
  const [row] = await db
    .select()
    .from(importRuns)
    .where(and(eq(importRuns.workspaceId, workspaceId), eq(importRuns.id, id)));
  if (!row) throw notFound("Import run");
  return row;
}

/** A run's skipped records, oldest first; `offset` pages through them. */
export async function importSkipsOf(db: Executor, workspaceId: string, runId: string, limit: number, offset: number) {
  await getImportRun(db, workspaceId, runId);
  const rows = await db
    .select({
      object: importSkips.object,
      externalId: importSkips.externalId,
      reason: importSkips.reason,
      createdAt: importSkips.createdAt,
    })
    .from(importSkips)
    .where(and(eq(importSkips.workspaceId, workspaceId), eq(importSkips.runId, runId)))
    .orderBy(asc(importSkips.createdAt), asc(importSkips.id))
    .limit(limit + 1)
    .offset(offset);
  return { items: rows.slice(0, limit), nextCursor: rows.length > limit ? String(offset + limit) : null };
}
