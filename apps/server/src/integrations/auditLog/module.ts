// The audit log's surface for admins and compliance tools: its API (list, CSV export, retention)
// and the daily job that deletes entries past each workspace's retention. Entries are written by
// the commands themselves (commands/audit.ts).
import { pruneAuditLog } from "../../commands/audit";
import { auditLogRoutes } from "../../http/routes/auditLog";
import type { Module } from "../../module";

export const auditLogModule: Module = {
  name: "audit-log",
  jobs: {
    "audit.prune": (services) => async () => {
      await pruneAuditLog(services.database.db, services.now?.());
    },
  },
  schedules: [["audit.prune", "17 3 * * *", { workspaceId: "all" }]],
  apiRoutes: [auditLogRoutes],
};
