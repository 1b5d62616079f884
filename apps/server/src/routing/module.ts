// Everything routing contributes: the reactions to issue events (triggers → Router agent →
// assignment → priority), retraining after corrections, the no-reply sweep, and its API.

import type { CommandJobPayload } from "../commands/jobs";
import { routingRoutes } from "../http/routes/routing";
import { type JobBatch, jobsByWorkspace } from "../jobs/queue";
import type { Module } from "../module";
import { type RoutingReads, routingReads } from "../queries/routing";
import type { Services } from "../services";
import { fillAiFields } from "./aiFields";
import { routeNewIssues } from "./batch";
import { NO_REPLY_CRON, sweepNoReply } from "./noReply";
import { onIssueChanged, onIssueCreated, onMessageReceived, retrain } from "./pipeline";
import { onSlaBreached, SLA_WARNING_CRON, sweepSlaWarnings } from "./sla";

/** One memo per worker fetch: the new issues (or messages) of a batch share their settings reads. */
const readsOfBatch = new WeakMap<object, RoutingReads>();
function batchReads(batch: object): RoutingReads {
  let reads = readsOfBatch.get(batch);
  if (!reads) {
    reads = routingReads();
    readsOfBatch.set(batch, reads);
  }
  return reads;
}

/** Per worker fetch of issue.created jobs: the ids its set-wise pass routed (see batch.ts). */
const routedOfBatch = new WeakMap<object, Promise<Set<string>>>();

/**
 * The first job of a fetch routes every new issue of the fetch in one pass, per workspace; each
 * job then fills its own issue's AI fields, or, for an issue the pass left, routes it on its own.
 */
async function onIssueCreatedInBatch(
  services: Services,
  data: CommandJobPayload<"issue.created">,
  batch: JobBatch<CommandJobPayload<"issue.created">>,
) {
  const reads = batchReads(batch);
  let routed = routedOfBatch.get(batch);
  if (!routed) {
    // A pass that cannot even read leaves every issue to its own job (and its own retries).
    routed = routeBatch(services, batch, reads).catch(() => new Set<string>());
    routedOfBatch.set(batch, routed);
  }
  if (!(await routed).has(data.issueId)) return onIssueCreated(services, data, reads);
  await fillAiFields(services, data.workspaceId, data.issueId, { reads });
}

async function routeBatch(
  services: Services,
  batch: JobBatch<CommandJobPayload<"issue.created">>,
  reads: RoutingReads,
): Promise<Set<string>> {
  const routed = new Set<string>();
  for (const [workspaceId, created] of jobsByWorkspace(batch)) {
    for (const id of await routeNewIssues(services, workspaceId, created, reads)) routed.add(id);
  }
  return routed;
}

export const routingModule: Module = {
  name: "routing",
  jobs: {
    "issue.created": (services) => (data, job) => onIssueCreatedInBatch(services, data, job.batch),
    // A fetch's messages share the workspace's trigger reads, as its new issues do.
    "message.received": (services) => (data, job) => onMessageReceived(services, data, batchReads(job.batch)),
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
