// The composition root: the shared services, the worker and the HTTP server, each built from the
// module list (modules.ts). The CLI, the test harness and the benchmarks all start from here.
import type { FastifyInstance } from "fastify";
import type { Config } from "./config";
import type { Database } from "./db/connect";
import { buildHttpApp, type HttpOptions } from "./http/app";
import type { Module, Running } from "./module";
import { MODULES } from "./modules";
import { openServices, type Services } from "./services";
import { startWorker } from "./worker";

export interface StartOptions {
  /** Consume jobs in this process (the embedded default); false for `start --no-worker`. */
  worker: boolean;
  /** Use this database instead of opening one (tests). */
  database?: Database;
  /** The commands' clock (tests inject one). */
  now?: () => Date;
}

export async function startServices(
  config: Config,
  options: StartOptions,
  modules: readonly Module[] = MODULES,
): Promise<Services> {
  const services = await openServices(config, { database: options.database, now: options.now });
  if (options.worker) await startWorker(services, modules);
  return services;
}

/** The HTTP server with the API's own routes and every module's routes and webhooks. */
export function buildHttpServer(
  services: Services,
  options: HttpOptions = {},
  modules: readonly Module[] = MODULES,
): Promise<FastifyInstance> {
  const api = modules.flatMap((m) => m.apiRoutes ?? []);
  const hooks = modules.flatMap((m) => (m.hookRoutes ? [m.hookRoutes(services)] : []));
  return buildHttpApp(services, { api, hooks }, options);
}

/** Starts what the modules keep running (listeners); stop them in reverse on shutdown. */
export async function startModules(services: Services, modules: readonly Module[] = MODULES): Promise<Running[]> {
  const running: Running[] = [];
  for (const module of modules) if (module.start) running.push(await module.start(services));
  return running;
}

export async function stopModules(running: readonly Running[]): Promise<void> {
  for (const r of [...running].reverse()) await r.stop();
}
