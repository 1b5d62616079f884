// Wires the product together: database, migrations, jobs, realtime. Every entry point (HTTP
// server, worker, CLI, tests, benchmarks) starts from here so they all run the same thing.

import type { CommandRunner } from "./commands/context";
import type { Config } from "./config";
import { type Database, openDatabase } from "./db/connect";
import { registerJobHandlers } from "./jobs/handlers";
import { type JobQueue, startJobQueue } from "./jobs/queue";

export interface Services extends CommandRunner {
  config: Config;
  database: Database;
  jobs: JobQueue;
  close(): Promise<void>;
}

export interface StartOptions {
  /** Consume jobs in this process (the embedded default); false for `start --no-worker`. */
  worker: boolean;
  /** Use this database instead of opening one (tests). */
  database?: Database;
}

export async function startServices(config: Config, options: StartOptions): Promise<Services> {
  const database = options.database ?? (await openDatabase({ url: config.DATABASE_URL, dataDir: config.dataDir }));
  await database.migrate();
  const jobs = await startJobQueue(database);
  const services: Services = {
    config,
    database,
    jobs,
    async close() {
      await jobs.stop();
      if (!options.database) await database.close();
    },
  };
  if (options.worker) await registerJobHandlers(services);
  return services;
}
