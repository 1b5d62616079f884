// The one writer of the audit log: commands that change settings, roles or tokens call
// `recordAudit` in their own transaction (an entry exists exactly when the change committed);
// sign-in records its outcome with `recordSignIn`. The retention job deletes old entries.

import type { AuditAction } from "@switchboard/api/vocabulary";
import { eq, lt, sql } from "drizzle-orm";
import type { Executor } from "../db/connect";
import { auditLog, workspaces } from "../db/schema";
import { type AuditValue, auditDiff } from "../domain/audit";
import { authorize } from "./authorize";
import { actorRef, type CommandContext, nowOf, type RequestOrigin } from "./context";

export interface AuditEntryInput {
  action: AuditAction;
  target?: { type: string; id: string | null };
  before?: AuditValue | null;
  after?: AuditValue | null;
}

export async function recordAudit(ctx: CommandContext, entry: AuditEntryInput): Promise<void> {
  const { actorType, actorId } = actorRef(ctx.actor);
  const actorName = "name" in ctx.actor ? ctx.actor.name : null;
  await insertAudit(ctx.tx, ctx.workspaceId, {
    ...entry,
    actor: { type: actorType, id: actorId, name: actorName },
    origin: ctx.origin,
    at: nowOf(ctx),
  });
}

/** A sign-in attempt, outside any command (no one is signed in yet). */
export async function recordSignIn(
  db: Executor,
  input: {
    workspaceId: string;
    user: { id: string; name: string } | null;
    email: string;
    succeeded: boolean;
    origin: RequestOrigin;
    /** How they signed in when not with a password ("sso"), and why a refusal happened. */
    method?: "sso";
    reason?: string;
  },
): Promise<void> {
  await insertAudit(db, input.workspaceId, {
    action: input.succeeded ? "login.succeeded" : "login.failed",
    target: { type: "user", id: input.user?.id ?? null },
    after: {
      email: input.email,
      ...(input.method && { method: input.method }),
      ...(input.reason && { reason: input.reason }),
    },
    actor: { type: "user", id: input.user?.id ?? null, name: input.user?.name ?? null },
    origin: input.origin,
    at: new Date(),
  });
}

async function insertAudit(
  db: Executor,
  workspaceId: string,
  entry: AuditEntryInput & {
    actor: { type: string; id: string | null; name: string | null };
    origin: RequestOrigin | undefined;
    at: Date;
  },
): Promise<void> {
  const { before, after } = auditDiff(entry.before, entry.after);
  await db.insert(auditLog).values({
    workspaceId,
    action: entry.action,
    actorType: entry.actor.type,
    actorId: entry.actor.id,
    actorName: entry.actor.name,
    targetType: entry.target?.type ?? null,
    targetId: entry.target?.id ?? null,
    ip: entry.origin?.ip ?? null,
    userAgent: entry.origin?.userAgent ?? null,
    before,
    after,
    createdAt: entry.at,
  });
}

export async function setAuditRetention(ctx: CommandContext, retentionDays: number): Promise<number> {
  authorize(ctx, "settings.write");
  const [old] = await ctx.tx
    .select({ days: workspaces.auditRetentionDays })
    .from(workspaces)
    .where(eq(workspaces.id, ctx.workspaceId));
  await ctx.tx.update(workspaces).set({ auditRetentionDays: retentionDays }).where(eq(workspaces.id, ctx.workspaceId));
  await recordAudit(ctx, {
    action: "audit.retention_changed",
    target: { type: "workspace", id: ctx.workspaceId },
    before: { retentionDays: old?.days ?? null },
    after: { retentionDays },
  });
  return retentionDays;
}

/** Deletes every workspace's entries older than its retention; answers how many went. */
export async function pruneAuditLog(db: Executor, now: Date = new Date()): Promise<number> {
  const deleted = await db
    .delete(auditLog)
    .where(
      lt(
        auditLog.createdAt,
        sql`${now.toISOString()}::timestamptz - make_interval(days => (SELECT ${workspaces.auditRetentionDays} FROM ${workspaces} WHERE ${workspaces.id} = ${auditLog.workspaceId}))`,
      ),
    )
    .returning({ id: auditLog.id });
  return deleted.length;
}

/** A data export someone took (the audit log's CSV, …): what and with which filters. */
export async function recordExport(ctx: CommandContext, what: { kind: string; filters?: AuditValue }): Promise<void> {
  await recordAudit(ctx, { action: "export", target: { type: what.kind, id: null }, after: what.filters ?? {} });
}

/**
 * A backup of the whole instance is an export of every workspace's data: each log says so. A data
 * directory not yet migrated to the audit columns (backed up before an upgrade) is left as it is.
 */
export async function recordBackup(db: Executor, via: string): Promise<void> {
  await db.execute(
    sql`INSERT INTO ${auditLog} (workspace_id, action, actor_type, actor_name, target_type, after) SELECT id, 'export', 'system', ${via}, 'backup', '{}'::jsonb FROM ${workspaces} WHERE EXISTS (SELECT 1 FROM information_schema.columns WHERE table_name = 'audit_log' AND column_name = 'actor_name')`,
  );
}

/**
 * A workspace setting created (no before), changed, or deleted (no after): a team, tag, field,
 * macro, trigger, AI agent, runbook, SLA policy, calendar, inbox, widget, portal form, integration.
 */
export async function recordSettingChange(
  ctx: CommandContext,
  target: { type: string; id: string | null },
  before: object | null | undefined,
  after: object | null | undefined,
): Promise<void> {
  await recordAudit(ctx, {
    action: "settings.changed",
    target,
    before: before ? { ...before } : null,
    after: after ? { ...after } : null,
  });
}
