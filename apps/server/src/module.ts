// What a channel or integration contributes to the product, declared in one place: its job
// handlers and schedules, its outbound sender, its HTTP routes and what it runs while the server
// is up. modules.ts lists every module once; server.ts and worker.ts wire them.
import type { FastifyInstance } from "fastify";
import type { ChannelKind } from "./commands/inboundMessage";
import type { OutboundSender } from "./commands/outbound";
import type { RouteDeps } from "./http/context";
import type { ZodApp } from "./http/routes/types";
import type { JobCatalog, JobName } from "./jobCatalog";
import type { JobHandler, JobQueue } from "./jobs/queue";
import type { Services } from "./services";

/** Handlers by job name; the payload arrives parsed with the job's schema from the catalog. */
export type ModuleJobs = { [N in JobName]?: (services: Services) => JobHandler<JobCatalog, N> };

/** A job run on a cron schedule (UTC): [job, cron, payload]. */
export type ModuleSchedule = Parameters<JobQueue<JobCatalog>["schedule"]>;

/** Something a module keeps running while the server is up (a listener). */
export interface Running {
  /** One line for the start-up banner (`inbound email: smtp://…`). */
  description?: string;
  stop(): Promise<void>;
}

export interface Module {
  name: string;
  /** Consumed by every worker (`switchboard worker`, or the embedded server). */
  jobs?: ModuleJobs;
  schedules?: readonly ModuleSchedule[];
  /** Sends public replies of the channel's issues (the `message.deliver` job). */
  outbound?: { channel: ChannelKind; sender(services: Services): OutboundSender };
  /** Routes under /api/v1, authenticated by the API's session or token. */
  apiRoutes?: readonly ((app: ZodApp, deps: RouteDeps) => void)[];
  /** Webhooks under /hooks, authenticated by the module itself (signatures). */
  hookRoutes?: (services: Services) => (app: FastifyInstance) => Promise<void>;
  /**
   * Run by every worker at start-up and every few seconds, after the jobs of dead worker processes
   * were put back: picks up the module's own work a dead process left (claimed Slack events).
   */
  recover?(services: Services): Promise<void>;
  /** Started by `switchboard start` once the HTTP server listens; stopped on shutdown. */
  start?(services: Services): Promise<Running>;
}
