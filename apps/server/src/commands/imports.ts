// Import runs (Zendesk, CSV): requesting one (queued with its job, or resumed from the cursor of the
// last one that did not finish), claiming it, recording a page (its counts, skipped records and the
// cursor, in the page's transaction: a crash loses no applied page) and finishing it.
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import {
  type ImportCounts,
  type ImportCursor,
  type ImportParams,
  type ImportSource,
  importExternalIds,
  importRuns,
  importSkips,
} from "../db/schema";
import { conflict, notFound } from "../domain/errors";
import { recordAudit } from "./audit";
import { authorize } from "./authorize";
import type { CommandContext } from "./context";
import { nowOf } from "./context";

export type ImportRunRow = typeof importRuns.$inferSelect;

export interface ImportRequest {
  source: ImportSource;
  params: ImportParams;
  tokenSealed?: string | null;
  /** A CSV file's text (uploaded on the settings page), read by the worker; dropped when the run finishes. */
  upload?: string | null;
  /** Queue the `import.run` job (the settings page); the CLI runs it in its own process instead. */
  queue: boolean;
}

/**
 * A new run. When the last run of the same source and place stopped before the end, the new one
 * continues from its cursor (an interrupted import resumes); after a finished one it starts over,
 * and the external ids make every record an update.
 */
export async function requestImport(ctx: CommandContext, request: ImportRequest): Promise<ImportRunRow> {
  authorize(ctx, "settings.write");
  await failStaleRuns(ctx, request.source);
  const [last] = await ctx.tx
    .select()
    .from(importRuns)
    .where(and(eq(importRuns.workspaceId, ctx.workspaceId), eq(importRuns.source, request.source)))
    .orderBy(desc(importRuns.createdAt))
    .limit(1);
  const resume = last && last.status === "failed" && samePlace(last.params, request.params) ? last : undefined;
  const [run] = await ctx.tx
    .insert(importRuns)
    .values({
      workspaceId: ctx.workspaceId,
      source: request.source,
      params: request.params,
      tokenSealed: request.tokenSealed ?? null,
      upload: request.upload ?? null,
      cursor: resume?.cursor ?? {},
      // Its progress goes on from where the stopped one got (the counts are the new run's own).
      processed: resume?.processed ?? 0,
      total: resume?.total ?? null,
      requestedByUserId: ctx.actor.type === "user" ? ctx.actor.userId : null,
      createdAt: nowOf(ctx),
    })
    .onConflictDoNothing()
    .returning();
  if (!run) throw conflict(`A ${request.source} import is already queued or running.`);
  // Who brought what in, from where: the params name the place (never the token or the file's rows).
  await recordAudit(ctx, {
    action: "import",
    target: { type: "import_run", id: run.id },
    before: null,
    after: { source: run.source, ...run.params, ...(resume && { continuesRunId: resume.id }) },
  });
  if (request.queue) await ctx.enqueue("import.run", { runId: run.id });
  return run;
}

/**
 * Continues a failed run (the settings page's Resume): a new run of the same source and place,
 * with the secret the failed one kept, from its cursor. Only the latest run of its source can be
 * continued; an older one was already continued or started over.
 */
export async function resumeImport(ctx: CommandContext, runId: string): Promise<ImportRunRow> {
  authorize(ctx, "settings.write");
  const [run] = await ctx.tx
    .select()
    .from(importRuns)
    .where(and(eq(importRuns.workspaceId, ctx.workspaceId), eq(importRuns.id, runId)));
  if (!run) throw notFound("Import run");
  if (run.status !== "failed") throw conflict("Only a failed import can be resumed.");
  if (run.tokenSealed === null && run.upload === null)
    throw conflict("This import kept no credentials or file; start it again.");
  const [latest] = await ctx.tx
    .select({ id: importRuns.id })
    .from(importRuns)
    .where(and(eq(importRuns.workspaceId, ctx.workspaceId), eq(importRuns.source, run.source)))
    .orderBy(desc(importRuns.createdAt))
    .limit(1);
  if (latest?.id !== run.id) throw conflict("A later import of this source exists; resume that one.");
  return requestImport(ctx, {
    source: run.source,
    params: run.params,
    tokenSealed: run.tokenSealed,
    upload: run.upload,
    queue: true,
  });
}

function samePlace(a: ImportParams, b: ImportParams): boolean {
  if (a.kind === "zendesk" && b.kind === "zendesk") return a.baseUrl === b.baseUrl;
  return a.kind === "csv" && b.kind === "csv" && a.object === b.object && a.fileName === b.fileName;
}

/** A run whose process went away (no page for 30 minutes) must not block every later one. */
async function failStaleRuns(ctx: CommandContext, source: ImportSource) {
  const cutoff = new Date(nowOf(ctx).getTime() - 30 * 60_000);
  await ctx.tx
    .update(importRuns)
    .set({ status: "failed", error: "The run stopped without finishing; a new run continues from here." })
    .where(
      and(
        eq(importRuns.workspaceId, ctx.workspaceId),
        eq(importRuns.source, source),
        inArray(importRuns.status, ["queued", "running"]),
        sql`${importRuns.updatedAt} < ${cutoff}`,
      ),
    );
}

/** Claims a queued run, or one left running by a worker that died (the job runs again): resumes it. */
export async function startImportRun(ctx: CommandContext, runId: string): Promise<ImportRunRow | undefined> {
  const [run] = await ctx.tx
    .update(importRuns)
    .set({ status: "running", startedAt: sql`coalesce(${importRuns.startedAt}, ${nowOf(ctx)})`, updatedAt: nowOf(ctx) })
    .where(
      and(
        eq(importRuns.workspaceId, ctx.workspaceId),
        eq(importRuns.id, runId),
        inArray(importRuns.status, ["queued", "running"]),
      ),
    )
    .returning();
  return run;
}

export interface ImportPageResult {
  /** Per record applied: its object and whether it was new. */
  applied: { object: string; outcome: "created" | "updated" }[];
  skipped: { object: string; externalId: string; reason: string }[];
  cursor: ImportCursor;
}

/** Adds a page's counts and skipped records to the run and moves its cursor, with the page's records. */
export async function recordImportPage(ctx: CommandContext, runId: string, page: ImportPageResult): Promise<void> {
  const [run] = await ctx.tx
    .select({ counts: importRuns.counts })
    .from(importRuns)
    .where(and(eq(importRuns.workspaceId, ctx.workspaceId), eq(importRuns.id, runId)))
    .for("update");
  if (!run) throw conflict("The import run is gone.");
  const counts: ImportCounts = structuredClone(run.counts);
  const bump = (object: string, key: "created" | "updated" | "skipped") => {
    const entry = counts[object] ?? { created: 0, updated: 0, skipped: 0 };
    entry[key]++;
    counts[object] = entry;
  };
  for (const a of page.applied) bump(a.object, a.outcome);
  for (const s of page.skipped) bump(s.object, "skipped");
  if (page.skipped.length > 0)
    await ctx.tx
      .insert(importSkips)
      .values(page.skipped.map((s) => ({ workspaceId: ctx.workspaceId, runId, ...s, createdAt: nowOf(ctx) })));
  await ctx.tx
    .update(importRuns)
    .set({
      counts,
      cursor: page.cursor,
      processed: sql`${importRuns.processed} + ${page.applied.length + page.skipped.length}`,
      skipped: sql`${importRuns.skipped} + ${page.skipped.length}`,
      updatedAt: nowOf(ctx),
    })
    .where(eq(importRuns.id, runId));
}

export async function setImportTotal(ctx: CommandContext, runId: string, total: number): Promise<void> {
  await ctx.tx
    .update(importRuns)
    .set({ total, updatedAt: nowOf(ctx) })
    .where(and(eq(importRuns.workspaceId, ctx.workspaceId), eq(importRuns.id, runId)));
}

/** Ends a run; a failed one keeps its cursor, from which the next run continues. */
export async function finishImportRun(ctx: CommandContext, runId: string, error: string | null): Promise<void> {
  await ctx.tx
    .update(importRuns)
    .set({
      status: error === null ? "succeeded" : "failed",
      error,
      // A finished run's secret and file are no longer needed.
      tokenSealed: error === null ? null : undefined,
      upload: error === null ? null : undefined,
      finishedAt: nowOf(ctx),
      updatedAt: nowOf(ctx),
    })
    .where(and(eq(importRuns.workspaceId, ctx.workspaceId), eq(importRuns.id, runId)));
}

/** Our id for a source's record, if it was imported before. */
export async function importedIdOf(
  ctx: CommandContext,
  source: string,
  object: string,
  externalId: string,
): Promise<string | undefined> {
  const [row] = await ctx.tx
    .select({ id: importExternalIds.internalId })
    .from(importExternalIds)
    .where(
      and(
        eq(importExternalIds.workspaceId, ctx.workspaceId),
        eq(importExternalIds.source, source),
        eq(importExternalIds.object, object),
        eq(importExternalIds.externalId, externalId),
      ),
    );
  return row?.id;
}

/** Many at once: external id → our id, for those imported before. */
export async function importedIdsOf(
  ctx: CommandContext,
  source: string,
  object: string,
  externalIds: readonly string[],
): Promise<Map<string, string>> {
  if (externalIds.length === 0) return new Map();
  const rows = await ctx.tx
    .select({ externalId: importExternalIds.externalId, id: importExternalIds.internalId })
    .from(importExternalIds)
    .where(
      and(
        eq(importExternalIds.workspaceId, ctx.workspaceId),
        eq(importExternalIds.source, source),
        eq(importExternalIds.object, object),
        inArray(importExternalIds.externalId, [...new Set(externalIds)]),
      ),
    );
  return new Map(rows.map((r) => [r.externalId, r.id]));
}

export async function rememberImportedId(
  ctx: CommandContext,
  source: string,
  object: string,
  externalId: string,
  internalId: string,
): Promise<void> {
  await ctx.tx
    .insert(importExternalIds)
    .values({ workspaceId: ctx.workspaceId, source, object, externalId, internalId, updatedAt: nowOf(ctx) })
    .onConflictDoUpdate({
      target: [
        importExternalIds.workspaceId,
        importExternalIds.source,
        importExternalIds.object,
        importExternalIds.externalId,
      ],
      set: { internalId, updatedAt: nowOf(ctx) },
    });
}

/** Many at once (a page of tickets): one multi-row statement. */
export async function rememberImportedIds(
  ctx: CommandContext,
  source: string,
  object: string,
  pairs: readonly { externalId: string; internalId: string }[],
): Promise<void> {
  if (pairs.length === 0) return;
  await ctx.tx
    .insert(importExternalIds)
    .values(pairs.map((p) => ({ workspaceId: ctx.workspaceId, source, object, ...p, updatedAt: nowOf(ctx) })))
    .onConflictDoUpdate({
      target: [
        importExternalIds.workspaceId,
        importExternalIds.source,
        importExternalIds.object,
        importExternalIds.externalId,
      ],
      set: { internalId: sql`excluded.internal_id`, updatedAt: nowOf(ctx) },
    });
}

/**
 * Marks the source's queued or running run as stopped (`switchboard import … --resume` after the
 * process running it was killed): the next run continues from its cursor.
 */
export async function interruptImportRuns(ctx: CommandContext, source: ImportSource): Promise<number> {
  authorize(ctx, "settings.write");
  const rows = await ctx.tx
    .update(importRuns)
    .set({ status: "failed", error: "Interrupted; a new run continues from here.", updatedAt: nowOf(ctx) })
    .where(
      and(
        eq(importRuns.workspaceId, ctx.workspaceId),
        eq(importRuns.source, source),
        inArray(importRuns.status, ["queued", "running"]),
      ),
    )
    .returning({ id: importRuns.id });
  return rows.length;
}
