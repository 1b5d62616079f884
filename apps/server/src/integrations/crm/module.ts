// CRM sync (Salesforce, HubSpot): the connections' API, the sync runs, the on-demand run (`crm.sync`,
// queued by the API) and the schedule that queues one per connection every 15 minutes.
import { crmRoutes } from "../../http/routes/crm";
import type { Module } from "../../module";
import { CRM_CRON, queueScheduledSyncs, runCrmSync } from "./sync";

export const crmModule: Module = {
  name: "crm",
  jobs: {
    "crm.sync": (services) => (data) => runCrmSync(services, data),
    "crm.schedule": (services) => () => queueScheduledSyncs(services),
  },
  schedules: [["crm.schedule", CRM_CRON, { workspaceId: "all" }]],
  apiRoutes: [crmRoutes],
};
