// The product's shared handles: configuration, the migrated database and the job queue. Every
// entry point opens them through the composition root (server.ts), which adds the modules.

import type { CommandRunner } from "./commands/context";
import type { Config } from "./config";
import { type Database, openDatabase, waitForDatabase } from "./db/connect";
import type { SecretBox } from "./domain/secrets";
import { COLLAPSING_JOBS, JOB_CATALOG, type JobCatalog } from "./jobCatalog";
import { type JobQueue, startJobQueue } from "./jobs/queue";
import { openSecretBox } from "./secretKey";

export interface Services extends CommandRunner {
  config: Config;
  database: Database;
  jobs: JobQueue<JobCatalog>;
  /** Seals and opens secrets stored in the database (SECRET_KEY or DATA_DIR/secret.key). */
  secrets: SecretBox;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** Use this database instead of opening one (tests). */
  database?: Database;
  /** The commands' clock (tests inject one); wall time when unset. */
  now?: () => Date;
}

export async function openServices(config: Config, options: OpenOptions = {}): Promise<Services> {
  const database = options.database ?? (await openDatabase({ url: config.DATABASE_URL, dataDir: config.dataDir }));
  await waitForDatabase(database, { maxSeconds: config.DATABASE_WAIT_SECONDS });
  await database.migrate();
  const jobs = await startJobQueue(database, JOB_CATALOG, {
    leaseSeconds: config.WORKER_LEASE_SECONDS,
    collapsing: COLLAPSING_JOBS,
  });
  return {
    config,
    database,
    jobs,
    secrets: openSecretBox(config),
    now: options.now,
    async close() {
      await jobs.stop();
      if (!options.database) await database.close();
    },
  };
}
