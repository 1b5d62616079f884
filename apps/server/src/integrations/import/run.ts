// Carries out an import run, stage by stage from its cursor. A page is fetched (with everything its
// records need: a ticket's comments and attachments) before its transaction opens; then its records
// are applied together where the stage can (a few multi-row statements for the page, in a
// savepoint), else — and when that is refused — each in its own savepoint, so a poison record is
// rolled back and reported alone while the page commits with its counts and the cursor. A source failure ends the run with its reason; the next
// run of the same source continues from the last committed page.
import type { Actor } from "../../commands/actors";
import { inSavepoint } from "../../commands/bulk";
import { type CommandContext, type CommandRunner, runCommand } from "../../commands/context";
import type { Outcome } from "../../commands/importRecords";
import {
  finishImportRun,
  type ImportPageResult,
  type ImportRunRow,
  recordImportPage,
  setImportTotal,
  startImportRun,
} from "../../commands/imports";
import { isUniqueViolation } from "../../db/errors";
import type { ImportCursor } from "../../db/schema";
import { AppError } from "../../domain/errors";
import type { Services } from "../../services";
import { ImportSourceError } from "./zendesk";

/** One record of a page: how to apply it, or why it is skipped without trying. */
export type PageItem =
  | {
      object: string;
      externalId: string;
      apply: (ctx: CommandContext) => Promise<Outcome>;
      /** Where the record sits in its source ("line 4" of a file): a refusal's reason starts with it. */
      place?: string;
    }
  | { object: string; externalId: string; skip: string };

export interface StagePage {
  items: PageItem[];
  /** Parts skipped while fetching (a comment that did not parse, an attachment over the limit). */
  skipped: { object: string; externalId: string; reason: string }[];
  next: string | null;
  /**
   * Applies the page's records together: the outcome of each it applied, by external id. Those
   * it leaves — all of them when it is refused — are applied one by one.
   */
  applyAll?: (ctx: CommandContext) => Promise<Map<string, Outcome>>;
}

export interface Stage {
  name: string;
  page(after: string | null): Promise<StagePage>;
}

export interface ImportSource {
  stages: Stage[];
  /** How many records the source has, for the progress bar (asked once per run). */
  total?: () => Promise<number>;
}

export const DONE = "done";

/** History goes in without reactions: see `CommandRunner.imported`. */
export const importRunner = (services: Services): CommandRunner => ({
  database: services.database,
  jobs: services.jobs,
  now: services.now,
  imported: true,
});

export interface RunOptions {
  /** Called after each committed page (the CLI prints progress). */
  onPage?: (run: { stage: string; processed: number }) => void;
}

/** Runs (or resumes) the run; returns its error, null when it finished. */
export async function carryOutImport(
  services: Services,
  workspaceId: string,
  runId: string,
  sourceOf: (run: ImportRunRow) => ImportSource,
  options: RunOptions = {},
): Promise<string | null> {
  const claimed = await runCommand(services, { workspaceId, actor: { type: "system", name: "import" } }, (ctx) =>
    startImportRun(ctx, runId),
  );
  if (!claimed) return "The run is not queued or running.";
  const actor: Actor = { type: "system", name: `${claimed.source} import` };
  const runner = importRunner(services);
  const command = <T>(fn: (ctx: CommandContext) => Promise<T>) => runCommand(runner, { workspaceId, actor }, fn);
  let failure: unknown;
  try {
    const source = sourceOf(claimed);
    if (claimed.total === null && source.total) {
      const total = await source.total();
      await command((ctx) => setImportTotal(ctx, runId, total));
    }
    let processed = claimed.processed;
    for (const [index, stage] of source.stages.entries()) {
      if (!reached(source, claimed.cursor, index)) continue;
      let after = claimed.cursor.stage === stage.name ? (claimed.cursor.after ?? null) : null;
      do {
        const page = await stage.page(after);
        const cursor: ImportCursor = page.next
          ? { stage: stage.name, after: page.next }
          : { stage: source.stages[index + 1]?.name ?? DONE, after: null };
        const result = await command(async (ctx) => {
          const applied = await applyPage(ctx, page, cursor);
          await recordImportPage(ctx, runId, applied);
          return applied;
        });
        processed += result.applied.length + result.skipped.length;
        options.onPage?.({ stage: stage.name, processed });
        after = page.next;
      } while (after);
    }
  } catch (error) {
    failure = error;
  }
  const message =
    failure === undefined
      ? null
      : failure instanceof ImportSourceError
        ? failure.message
        : `The run failed unexpectedly: ${failure instanceof Error ? failure.message : String(failure)}`;
  await runCommand(services, { workspaceId, actor }, (ctx) => finishImportRun(ctx, runId, message));
  // Not the source's doing (a bug, the database): the job fails too, so it is logged and seen.
  if (failure !== undefined && !(failure instanceof ImportSourceError)) throw failure;
  return message;
}

/** Whether the cursor has reached this stage (stages before it are done). */
function reached(source: ImportSource, cursor: ImportCursor, index: number): boolean {
  if (!cursor.stage) return true;
  if (cursor.stage === DONE) return false;
  const at = source.stages.findIndex((s) => s.name === cursor.stage);
  return at < 0 || index >= at;
}

async function applyPage(ctx: CommandContext, page: StagePage, cursor: ImportCursor): Promise<ImportPageResult> {
  const result: ImportPageResult = { applied: [], skipped: [...page.skipped], cursor };
  const together = await applyTogether(ctx, page);
  for (const item of page.items) {
    if ("skip" in item) {
      result.skipped.push({ object: item.object, externalId: item.externalId, reason: item.skip });
      continue;
    }
    const done = together.get(item.externalId);
    if (done) {
      // Once: a record named twice in a page is applied again, one by one.
      together.delete(item.externalId);
      result.applied.push({ object: item.object, outcome: done });
      continue;
    }
    try {
      let outcome: Outcome = "created";
      await inSavepoint(ctx, async (c) => {
        outcome = await item.apply(c);
      });
      result.applied.push({ object: item.object, outcome });
    } catch (error) {
      const reason = refusal(error);
      if (reason === undefined) throw error;
      const placed = item.place ? `${item.place}: ${reason}` : reason;
      result.skipped.push({ object: item.object, externalId: item.externalId, reason: placed });
    }
  }
  return result;
}

/** The page's records applied together, or none of them when one is refused. */
async function applyTogether(ctx: CommandContext, page: StagePage): Promise<Map<string, Outcome>> {
  const applyAll = page.applyAll;
  if (!applyAll) return new Map();
  let outcomes = new Map<string, Outcome>();
  try {
    await inSavepoint(ctx, async (c) => {
      outcomes = await applyAll(c);
    });
  } catch (error) {
    if (refusal(error) === undefined) throw error;
    return new Map();
  }
  return outcomes;
}

/** A record our commands refuse is skipped with the reason; anything else stops the run. */
function refusal(error: unknown): string | undefined {
  if (error instanceof AppError) {
    const fields = (error.details as { fields?: Record<string, string> } | undefined)?.fields;
    return fields ? `${error.message} ${Object.values(fields).join("; ")}` : error.message;
  }
  if (isUniqueViolation(error)) return "It collides with a record that already exists.";
  return undefined;
}
