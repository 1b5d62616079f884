// Outbound webhooks: admins subscribe URLs to issue event types; the server reads the event log
// behind a durable cursor (commands/webhookDispatch.ts) and workers send each issue's deliveries
// in order, signed, retried with backoff (deliver.ts, send.ts), never to private addresses
// unless allowed (targets.ts).

import { dispatchWebhookEvents } from "../../commands/webhookDispatch";
import { sqlStateOf } from "../../db/errors";
import { webhookRoutes } from "../../http/routes/webhooks";
import type { Module, Running } from "../../module";
import type { Services } from "../../services";
import { sendIssueQueue } from "./deliver";

export const webhooksModule: Module = {
  name: "webhooks",
  jobs: {
    "webhooks.send": (services) => (data) => sendIssueQueue(services, data),
    "webhooks.dispatch": (services) => async () => {
      await dispatchWebhookEvents(services);
    },
  },
  schedules: [["webhooks.dispatch", "* * * * *", { workspaceId: "all" }]],
  apiRoutes: [webhookRoutes],
  start: async (services) => startDispatcher(services),
};

/** Reads the event log every WEBHOOKS_POLL_MS while the server is up (at once again while a pass was full). */
export function startDispatcher(services: Services): Running {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const pass = async () => {
    try {
      await dispatchWebhookEvents(services);
    } catch (error) {
      // A concurrent pass (serialization failure) or a database outage: the next pass retries.
      if (!isSerializationFailure(error))
        console.error("[webhooks] dispatch:", error instanceof Error ? error.message : error);
    }
  };
  const tick = () => {
    if (stopped) return;
    running = pass().finally(() => {
      if (!stopped) timer = setTimeout(tick, services.config.WEBHOOKS_POLL_MS);
    });
  };
  tick();
  return {
    description: "webhooks: reading the event log",
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}

function isSerializationFailure(error: unknown): boolean {
  return sqlStateOf(error) === "40001";
}
