// The worker role: consumes every job of the catalog with the handlers the modules contribute,
// runs their schedules, and delivers replies through the modules' outbound senders.
import { refreshIssueMetrics, refreshMissingIssueMetrics } from "./commands/analytics";
import { deliverMessage } from "./commands/delivery";
import type { Outbound, OutboundSender } from "./commands/outbound";
import { JOB_CATALOG, type JobCatalog, type JobName } from "./jobCatalog";
import type { JobHandler } from "./jobs/queue";
import type { Module, ModuleJobs } from "./module";
import type { Services } from "./services";

export async function startWorker(services: Services, modules: readonly Module[]): Promise<void> {
  const outbound = outboundOf(services, modules);
  // Delivery belongs to no one channel: it picks the issue's channel's sender.
  const delivery: ModuleJobs = { "message.deliver": (s) => (data) => deliverMessage(s, outbound, data) };
  // Analytics facts follow every module's events; issues without facts yet (an upgrade) are computed first.
  const analytics: ModuleJobs = { "analytics.refresh": (s) => (data) => refreshIssueMetrics(s, data) };
  await refreshMissingIssueMetrics(services);
  const contributions = [...modules.map((m) => m.jobs ?? {}), delivery, analytics];
  // Beat before the first job is claimed, and take over what dead processes left, at once.
  await services.jobs.keepAlive(async () => {
    for (const module of modules) if (module.recover) await module.recover(services);
  });
  for (const name of Object.keys(JOB_CATALOG) as JobName[]) await work(services, name, contributions);
  for (const module of modules) {
    for (const schedule of module.schedules ?? []) await services.jobs.schedule(...schedule);
  }
}

/** Runs every contributed handler of `name` in module order (routing first: it is listed first). */
async function work<N extends JobName>(services: Services, name: N, contributions: readonly ModuleJobs[]) {
  const handlers: JobHandler<JobCatalog, N>[] = [];
  for (const jobs of contributions) {
    const make = jobs[name];
    if (make) handlers.push(make(services));
  }
  if (handlers.length === 0) throw new Error(`job ${name} is in the catalog but no module handles it`);
  await services.jobs.work(name, async (data, job) => {
    for (const handler of handlers) await handler(data, job);
  });
}

function outboundOf(services: Services, modules: readonly Module[]): Outbound {
  const senders = new Map<string, OutboundSender>();
  for (const { outbound } of modules) if (outbound) senders.set(outbound.channel, outbound.sender(services));
  return senders;
}
