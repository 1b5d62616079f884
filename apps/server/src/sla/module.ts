// SLAs: business-hours calendars and SLA policies (their API), and the clocks kept current after
// every change of an issue and by a sweep each minute.
import { slaRoutes } from "../http/routes/sla";
import type { Module } from "../module";
import { afterChange, markStale, refreshSlas, SLA_CRON } from "./sweep";

export const slaModule: Module = {
  name: "sla",
  jobs: {
    "issue.created": afterChange,
    "message.received": afterChange,
    "issue.changed": afterChange,
    "message.deliver": afterChange,
    "sla.refresh": (services) => (data, job) => refreshSlas(services, data, job.batch),
    "sla.stale": (services) => async (data) => {
      await markStale(services, data);
    },
  },
  schedules: [["sla.refresh", SLA_CRON, { workspaceId: "all" }]],
  apiRoutes: [slaRoutes],
};
