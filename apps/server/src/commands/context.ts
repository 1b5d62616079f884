// The context every command runs in: one transaction, the acting principal, the tenant,
// and the two side-effect outlets (jobs, realtime) that commit or vanish with the transaction.
import { type SQL, sql } from "drizzle-orm";
import type { z } from "zod";
import type { Database, Tx } from "../db/connect";
import { isTransactionConflict } from "../db/errors";
import { insertJsonRowsStatement } from "../db/jsonRows";
import { issueEvents } from "../db/schema";
import type { IssueEvent } from "../domain/events";
import { issuesToRefresh } from "../domain/metrics";
import type { Actor } from "./actors";
import type { CommandJobName, CommandJobs, EnqueueOptions, JobWriter, QueuedJob } from "./jobs";
import { WriteBehind } from "./writeBehind";

export type { Actor } from "./actors";

export interface CommandContext {
  readonly tx: Tx;
  readonly workspaceId: string;
  readonly actor: Actor;
  /** The command's clock; unset means wall time. The demo seed sets it to replay history at past times. */
  readonly now?: () => Date;
  /** Where the request came from (HTTP routes); the audit log records it. */
  readonly origin?: RequestOrigin;
  /** History being imported (`CommandRunner.imported`): nothing of it may notify anyone. */
  readonly imported?: boolean;
  /** Enqueues a job inside the transaction: it runs only if the change commits. */
  enqueue<N extends CommandJobName>(
    name: N,
    data: Omit<z.input<CommandJobs[N]>, "workspaceId">,
    options?: EnqueueOptions,
  ): Promise<void>;
  /** Announces a change to connected clients on commit (NOTIFY is transactional). */
  notify(change: Change): Promise<void>;
  /** Adds a row to the issue event log; the command's rows are written together before commit. */
  record(event: NewIssueEvent): void;
  /** Set for a set-wise pass (`CommandScope.writeBehind`): issue changes are written together before commit. */
  readonly writeBehind?: WriteBehind;
}

export interface CommandScope {
  workspaceId: string;
  actor: Actor;
  now?: () => Date;
  origin?: RequestOrigin;
  /** A pass over many issues: their UPDATEs and insert-only rows are written in one statement (writeBehind.ts). */
  writeBehind?: boolean;
}

/** The client of the request a command runs for. */
export interface RequestOrigin {
  ip: string | null;
  userAgent: string | null;
}

/** An event-log row: the columns every event has, and one member of the IssueEvent union. */
export type NewIssueEvent = Omit<typeof issueEvents.$inferInsert, "type" | "data"> & IssueEvent;

/** Realtime says only what changed; clients re-fetch through the API (permissions in one place). */
export interface Change {
  kind: "issue" | "message" | "account" | "view" | "settings" | "broadcast";
  id: string;
  issueNumber?: number;
  action: string;
}

export const REALTIME_CHANNEL = "switchboard_changes";

export interface CommandRunner {
  database: Database;
  jobs: JobWriter;
  /** History being replayed (the demo seed): its reactions already happened, so it enqueues no jobs. */
  replay?: boolean;
  /**
   * An import: history too, so it enqueues no reactions (routing, SLA, notifications, delivery),
   * only the analytics refresh its events feed; its events are marked so webhooks skip them.
   */
  imported?: boolean;
  /** The product's clock for commands that set none; unset means wall time. Tests set it to move time. */
  now?: () => Date;
}

/** Runs of a command whose transaction the server rolled back for colliding with another (see below). */
const CONFLICT_TRIES = 4;

/**
 * Runs `fn` as one unit of work for `actor` in `workspaceId`. Event-log rows, jobs and realtime
 * changes are collected while the command runs and written just before commit, all in one
 * statement: a command that opens an issue and adds a message would otherwise spend seven round
 * trips on bookkeeping, most of the cost of ingesting a mail. (Nothing reads a command's own
 * events back inside its transaction; readers see committed history.)
 *
 * A transaction PostgreSQL rolls back as a deadlock or serialization victim wrote nothing, so the
 * whole command runs again (a lead's bulk change locking issues while routing jobs lock some of
 * them): the caller sees the outcome, not the collision. Side effects outside the database never
 * happen inside `fn` (deliveries are jobs), so a second run repeats nothing a customer sees.
 */
export async function runCommand<T>(
  runner: CommandRunner,
  scope: CommandScope,
  fn: (ctx: CommandContext) => Promise<T>,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await runOnce(runner, scope, fn);
    } catch (error) {
      if (attempt >= CONFLICT_TRIES || !isTransactionConflict(error)) throw error;
      // A short random pause lets the transaction that won finish before this one takes its locks again.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt));
    }
  }
}

async function runOnce<T>(
  runner: CommandRunner,
  scope: CommandScope,
  fn: (ctx: CommandContext) => Promise<T>,
): Promise<T> {
  return runner.database.db.transaction(async (tx) => {
    const effects = new PendingEffects(scope.workspaceId);
    const ctx: CommandContext = {
      tx,
      workspaceId: scope.workspaceId,
      actor: scope.actor,
      now: scope.now ?? runner.now,
      origin: scope.origin,
      imported: runner.imported,
      enqueue: async (name, data, options) => {
        if (runner.replay || (runner.imported && name !== "analytics.refresh")) return;
        // The pair is one member of the catalog's union; TypeScript cannot see that through the generic.
        effects.jobs.push({
          name,
          data: { ...data, workspaceId: scope.workspaceId },
          startAfter: options?.startAfter,
        } as QueuedJob<CommandJobs>);
      },
      notify: async (change) => {
        effects.changes.push(change);
      },
      record: (event) => {
        effects.events.push(runner.imported ? { ...event, imported: true } : event);
      },
      writeBehind: scope.writeBehind ? new WriteBehind() : undefined,
    };
    const result = await fn(ctx);
    await ctx.writeBehind?.flush(tx);
    // The analytics facts follow the event log: the touched issues are recomputed after commit.
    const refresh = issuesToRefresh(effects.events);
    if (refresh.length > 0) await ctx.enqueue("analytics.refresh", { issueIds: refresh });
    await effects.flush(tx, runner.jobs);
    return result;
  });
}

/** What a command asked to happen on commit, written in the command's own transaction. */
class PendingEffects {
  readonly events: NewIssueEvent[] = [];
  readonly jobs: QueuedJob<CommandJobs>[] = [];
  readonly changes: Change[] = [];

  constructor(private readonly workspaceId: string) {}

  /**
   * One statement: the event rows and the jobs are written by data-modifying CTEs of the NOTIFY.
   * Every round trip of a batch waits its turn on a busy event loop, so three became one.
   */
  async flush(tx: Tx, jobs: JobWriter): Promise<void> {
    const writes: SQL[] = [];
    if (this.events.length > 0) writes.push(insertJsonRowsStatement(issueEvents, this.events.splice(0)));
    if (this.jobs.length > 0) writes.push(await jobs.insertStatement(this.jobs.splice(0)));
    // NOTIFY folds identical payloads within a transaction; dropping them here saves the bytes.
    const payloads = [
      ...new Set(this.changes.splice(0).map((c) => JSON.stringify({ workspaceId: this.workspaceId, ...c }))),
    ];
    if (writes.length === 0 && payloads.length === 0) return;
    const ctes = writes.map((write, i) => sql`${sql.identifier(`write${i}`)} AS (${write})`);
    // One row back, not one per payload: the driver would parse a row per change for nothing.
    await tx.execute(
      sql`${ctes.length > 0 ? sql`WITH ${sql.join(ctes, sql`, `)} ` : sql``}SELECT count(*) FROM (SELECT pg_notify(${REALTIME_CHANNEL}, payload) FROM json_array_elements_text(${JSON.stringify(payloads)}::json) AS payload) AS sent`,
    );
  }
}

/** The time a command stamps on what it writes (see `CommandContext.now`). */
export function nowOf(ctx: Pick<CommandContext, "now">): Date {
  return ctx.now?.() ?? new Date();
}

/** The actor as stored in event/audit rows. */
export function actorRef(actor: Actor): { actorType: Actor["type"]; actorId: string | null } {
  switch (actor.type) {
    case "user":
      return { actorType: "user", actorId: actor.userId };
    case "contact":
      return { actorType: "contact", actorId: actor.contactId };
    case "agent":
      return { actorType: "agent", actorId: actor.agentId };
    case "trigger":
      return { actorType: "trigger", actorId: actor.triggerId };
    case "system":
      return { actorType: "system", actorId: null };
  }
}
