// Which code reacts to which job. Channel, routing and AI modules register here so a worker
// process (`switchboard worker`) and the embedded server consume the same queues.
import type { Services } from "../services";
import { deliverMessage } from "./deliver";
import type { JobHandler, JobName } from "./queue";

type Registration = [JobName, (services: Services) => JobHandler];

const REGISTRATIONS: Registration[] = [["message.deliver", (s) => (data) => deliverMessage(s, data)]];

export async function registerJobHandlers(services: Services): Promise<void> {
  const byName = new Map<JobName, JobHandler[]>();
  for (const [name, make] of REGISTRATIONS) byName.set(name, [...(byName.get(name) ?? []), make(services)]);
  for (const [name, handlers] of byName) {
    await services.jobs.work(name, async (data, job) => {
      for (const handler of handlers) await handler(data, job);
    });
  }
}
