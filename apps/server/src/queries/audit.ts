// The audit log as admins read it: newest first, filtered by actor, action and time, paged by a
// (created_at, id) cursor; and the same rows as CSV.
import { and, desc, eq, gte, lt, or, type SQL } from "drizzle-orm";
import type { Executor } from "../db/connect";
import { auditLog, workspaces } from "../db/schema";

export type AuditRow = typeof auditLog.$inferSelect;

export interface AuditFilter {
  actorId?: string;
  action?: string;
  from?: string;
  to?: string;
}

export async function listAudit(
  db: Executor,
  workspaceId: string,
  filter: AuditFilter & { limit: number; cursor?: string },
): Promise<{ items: AuditRow[]; nextCursor: string | null }> {
  const after = decodeCursor(filter.cursor);
  const rows = await db
    .select()
    .from(auditLog)
    .where(
      and(
        ...conditions(workspaceId, filter),
        after
          ? or(lt(auditLog.createdAt, after.at), and(eq(auditLog.createdAt, after.at), lt(auditLog.id, after.id)))
          : undefined,
      ),
    )
    .orderBy(desc(auditLog.createdAt), desc(auditLog.id))
    .limit(filter.limit + 1);
  const items = rows.slice(0, filter.limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > filter.limit && last ? encodeCursor(last) : null };
}

/** Every matching entry (at most `max`), newest first. */
export function auditRows(db: Executor, workspaceId: string, filter: AuditFilter, max: number): Promise<AuditRow[]> {
  return db
    .select()
    .from(auditLog)
    .where(and(...conditions(workspaceId, filter)))
    .orderBy(desc(auditLog.createdAt), desc(auditLog.id))
    .limit(max);
}

export async function auditRetentionDays(db: Executor, workspaceId: string): Promise<number> {
  const [row] = await db
    .select({ days: workspaces.auditRetentionDays })
    .from(workspaces)
    .where(eq(workspaces.id, workspaceId));
  return row?.days ?? 365;
}

function conditions(workspaceId: string, filter: AuditFilter): (SQL | undefined)[] {
  return [
    eq(auditLog.workspaceId, workspaceId),
    filter.actorId ? eq(auditLog.actorId, filter.actorId) : undefined,
    filter.action ? eq(auditLog.action, filter.action) : undefined,
    filter.from ? gte(auditLog.createdAt, new Date(filter.from)) : undefined,
    filter.to ? lt(auditLog.createdAt, new Date(filter.to)) : undefined,
  ];
}

const encodeCursor = (row: AuditRow) => Buffer.from(`${row.createdAt.toISOString()}|${row.id}`).toString("base64url");

function decodeCursor(cursor: string | undefined): { at: Date; id: string } | undefined {
  if (!cursor) return undefined;
  const [at, id] = Buffer.from(cursor, "base64url").toString("utf8").split("|");
  const date = new Date(at ?? "");
  if (!id || !/^[0-9a-f-]{36}$/.test(id) || Number.isNaN(date.getTime())) return undefined;
  return { at: date, id };
}

const CSV_COLUMNS = [
  "time",
  "action",
  "actor_type",
  "actor_id",
  "actor_name",
  "target_type",
  "target_id",
  "ip",
  "user_agent",
  "before",
  "after",
];

/** RFC 4180, with cells that start like a formula kept as text (CSV injection). */
export function auditCsv(rows: readonly AuditRow[]): string {
  const cell = (v: unknown) => {
    const raw = v === null || v === undefined ? "" : typeof v === "string" ? v : JSON.stringify(v);
    const text = /^[=+\-@\t\r]/.test(raw) ? `'${raw}` : raw;
    return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  };
  const lines = [CSV_COLUMNS.join(",")];
  for (const r of rows) {
    lines.push(
      [
        r.createdAt.toISOString(),
        r.action,
        r.actorType,
        r.actorId,
        r.actorName,
        r.targetType,
        r.targetId,
        r.ip,
        r.userAgent,
        r.before,
        r.after,
      ]
        .map(cell)
        .join(","),
    );
  }
  return `${lines.join("\r\n")}\r\n`;
}
