// Everything routing contributes: the reactions to issue events (triggers → Router agent →
// assignment → priority), retraining after corrections, the no-reply sweep, and its API.
import { routingRoutes } from "../http/routes/routing";
import type { Module } from "../module";
import { type RoutingReads, routingReads } from "../queries/routing";
import { NO_REPLY_CRON, sweepNoReply } from "./noReply";
import { onIssueChanged, onIssueCreated, onMessageReceived, retrain } from "./pipeline";
import { onSlaBreached, SLA_WARNING_CRON, sweepSlaWarnings } from "./sla";

/** One memo per worker fetch: the new issues of a batch share their settings reads. */
const readsOfBatch = new WeakMap<object, RoutingReads>();
function batchReads(batch: object): RoutingReads {
  let reads = readsOfBatch.get(batch);
  if (!reads) {
    reads = routingReads();
    readsOfBatch.set(batch, reads);
  }
  return reads;
}

export const routingModule: Module = {
  name: "routing",
  jobs: {
    "issue.created": (services) => (data, job) => onIssueCreated(services, data, batchReads(job.batch)),
    "message.received": (services) => (data) => onMessageReceived(services, data),
    "issue.changed": (services) => (data) => onIssueChanged(services, data),
    "routing.retrain": (services) => (data) => retrain(services, data),
    "routing.no_reply": (services) => (data) => sweepNoReply(services, data),
    "routing.sla_warning": (services) => (data) => sweepSlaWarnings(services, data),
    "sla.breached": (services) => (data) => onSlaBreached(services, data),
  },
  schedules: [
    ["routing.no_reply", NO_REPLY_CRON, { workspaceId: "all" }],
    ["routing.sla_warning", SLA_WARNING_CRON, { workspaceId: "all" }],
  ],
  apiRoutes: [routingRoutes],
};
