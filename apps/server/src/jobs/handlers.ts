// Which code reacts to which job. Channel, routing and AI modules register here so a worker
// process (`switchboard worker`) and the embedded server consume the same queues.
import { emailSender } from "../channels/email/sender";
import { SLACK_PRUNE_CRON } from "../channels/slack/inbox";
import { slackJobs } from "../channels/slack/jobs";
import { NO_REPLY_CRON } from "../routing/noReply";
import { ROUTING_JOBS } from "../routing/pipeline";
import type { Services } from "../services";
import { deliverMessage, registerOutboundSender } from "./deliver";
import type { JobHandler, JobName } from "./queue";

type Registration = [JobName, (services: Services) => JobHandler];

const REGISTRATIONS: Registration[] = [
  // Routing first: a new issue reaches its team before anything else reacts to it.
  ...ROUTING_JOBS,
  ["message.deliver", (s) => (data) => deliverMessage(s, data)],
  ...slackJobs,
];

export async function registerJobHandlers(services: Services): Promise<void> {
  registerOutboundSender("email", emailSender);
  await services.jobs.schedule("routing.no_reply", NO_REPLY_CRON, { workspaceId: "all" });
  await services.jobs.schedule("slack.prune", SLACK_PRUNE_CRON, { workspaceId: "all" });
  const byName = new Map<JobName, JobHandler[]>();
  for (const [name, make] of REGISTRATIONS) byName.set(name, [...(byName.get(name) ?? []), make(services)]);
  for (const [name, handlers] of byName) {
    await services.jobs.work(name, async (data, job) => {
      for (const handler of handlers) await handler(data, job);
    });
  }
}
