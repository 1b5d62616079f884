// /audit-log: the workspace's audit log for admins (filters, cursor pages), its CSV export (itself
// audited) and the retention setting.
import {
  AuditEntry,
  AuditLogQuery,
  AuditSettings,
  AuditSettingsInput,
  type Presented,
  page,
  replies,
} from "@switchboard/api";
import { z } from "zod";
import { recordExport, setAuditRetention } from "../../commands/audit";
import { assertCan } from "../../domain/permissions";
import { type AuditRow, auditCsv, auditRetentionDays, auditRows, listAudit } from "../../queries/audit";
import { principalOf, requirePrincipal } from "../auth";
import type { RouteDeps } from "../context";
import { LIST_ERRORS, WRITE_ERRORS } from "../replies";
import type { ZodApp } from "./types";

/** Rows in one CSV export; narrow the dates for more. */
const CSV_MAX = 50_000;

const AuditCsv = {
  description: "The matching audit entries as CSV, newest first.",
  content: { "text/csv": { schema: z.string() } },
};

export function auditLogRoutes(app: ZodApp, { services, command }: RouteDeps) {
  const db = () => services.database.db;
  const opts = { preHandler: requirePrincipal };
  const tags = ["audit"];
  const { limit: _limit, cursor: _cursor, ...csvFilters } = AuditLogQuery.shape;
  const CsvQuery = z.strictObject(csvFilters);

  /** The audit log is for admins: it names everyone's sign-ins and addresses. */
  const adminWorkspace = (request: Parameters<typeof principalOf>[0]) => {
    const principal = principalOf(request);
    assertCan(principal.role, "settings.write");
    return principal.workspaceId;
  };

  app.get(
    "/audit-log",
    {
      ...opts,
      schema: { querystring: AuditLogQuery, tags, response: replies({ 200: page(AuditEntry) }, ...LIST_ERRORS) },
    },
    async (request) => {
      const { items, nextCursor } = await listAudit(db(), adminWorkspace(request), request.query);
      return { items: items.map(presentEntry), nextCursor };
    },
  );

  app.get(
    "/audit-log.csv",
    {
      ...opts,
      schema: { querystring: CsvQuery, tags, response: { 200: AuditCsv, ...replies({}, ...LIST_ERRORS) } },
    },
    async (request, reply) => {
      const workspaceId = adminWorkspace(request);
      const rows = await auditRows(db(), workspaceId, request.query, CSV_MAX);
      await command(request, (ctx) => recordExport(ctx, { kind: "audit_log", filters: { ...request.query } }));
      return reply
        .header("content-type", "text/csv; charset=utf-8")
        .header("content-disposition", `attachment; filename="switchboard-audit-log.csv"`)
        .send(auditCsv(rows));
    },
  );

  app.get(
    "/audit-log/settings",
    { ...opts, schema: { tags, response: replies({ 200: AuditSettings }, ...LIST_ERRORS) } },
    async (request) => ({ retentionDays: await auditRetentionDays(db(), adminWorkspace(request)) }),
  );

  app.put(
    "/audit-log/settings",
    { ...opts, schema: { body: AuditSettingsInput, tags, response: replies({ 200: AuditSettings }, ...WRITE_ERRORS) } },
    async (request) => ({
      retentionDays: await command(request, (ctx) => setAuditRetention(ctx, request.body.retentionDays)),
    }),
  );
}

function presentEntry(row: AuditRow): Presented<typeof AuditEntry> {
  return {
    id: row.id,
    action: row.action,
    actorType: row.actorType,
    actorId: row.actorId,
    actorName: row.actorName,
    targetType: row.targetType,
    targetId: row.targetId,
    ip: row.ip,
    userAgent: row.userAgent,
    before: row.before ?? null,
    after: row.after ?? null,
    createdAt: row.createdAt,
  };
}
