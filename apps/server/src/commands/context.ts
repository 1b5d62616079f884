// The context every command runs in: one transaction, the acting principal, the tenant,
// and the two side-effect outlets (jobs, realtime) that commit or vanish with the transaction.
import { sql } from "drizzle-orm";
import type { Database, Tx } from "../db/connect";
import type { Role } from "../domain/permissions";
import type { JobName, JobQueue } from "../jobs/queue";

export type Actor =
  | { type: "user"; userId: string; role: Role; name: string }
  | { type: "contact"; contactId: string }
  | { type: "agent"; agentId: string; name: string }
  | { type: "trigger"; triggerId: string; name: string }
  | { type: "system"; name: string };

export interface CommandContext {
  readonly tx: Tx;
  readonly workspaceId: string;
  readonly actor: Actor;
  /** The command's clock; unset means wall time. The demo seed sets it to replay history at past times. */
  readonly now?: () => Date;
  /** Enqueues a job inside the transaction: it runs only if the change commits. */
  enqueue(name: JobName, data: Record<string, unknown>): Promise<void>;
  /** Announces a change to connected clients on commit (NOTIFY is transactional). */
  notify(change: Change): Promise<void>;
}

/** Realtime says only what changed; clients re-fetch through the API (permissions in one place). */
export interface Change {
  kind: "issue" | "message" | "account" | "view" | "settings";
  id: string;
  issueNumber?: number;
  action: string;
}

export const REALTIME_CHANNEL = "switchboard_changes";

export interface CommandRunner {
  database: Database;
  jobs: JobQueue;
}

/** Runs `fn` as one unit of work for `actor` in `workspaceId`. */
export async function runCommand<T>(
  runner: CommandRunner,
  scope: { workspaceId: string; actor: Actor; now?: () => Date },
  fn: (ctx: CommandContext) => Promise<T>,
): Promise<T> {
  return runner.database.db.transaction(async (tx) => {
    const ctx: CommandContext = {
      tx,
      workspaceId: scope.workspaceId,
      actor: scope.actor,
      now: scope.now,
      enqueue: (name, data) => runner.jobs.enqueueIn(tx, name, { ...data, workspaceId: scope.workspaceId }),
      notify: async (change) => {
        const payload = JSON.stringify({ workspaceId: scope.workspaceId, ...change });
        await tx.execute(sql`SELECT pg_notify(${REALTIME_CHANNEL}, ${payload})`);
      },
    };
    return fn(ctx);
  });
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
