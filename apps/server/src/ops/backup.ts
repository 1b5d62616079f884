// `switchboard backup FILE` / `restore FILE` for the embedded database. A backup is one file: a
// header line, a JSON line (when, which migrations, the generated secret key if SECRET_KEY is not
// used) and PGlite's data directory as tar.gz. A running server makes the dump itself (control
// socket); a stopped one is opened here. PostgreSQL is backed up with pg_dump (see README).
import fs from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { recordBackup } from "../commands/audit";
import type { Config } from "../config";
import { type Database, openDatabase } from "../db/connect";
import { SECRET_KEY_FILE } from "../secretKey";
import { controlRequest, controlSocketOf, isNotListening } from "./controlClient";

const MAGIC = "SWITCHBOARD-BACKUP 1";

export interface BackupHeader {
  createdAt: string;
  migrations: number;
  /** The generated DATA_DIR/secret.key; null when secrets are sealed with SECRET_KEY (keep it!). */
  secretKey: string | null;
}

/** The backup file's bytes from an open embedded database. */
export async function dumpToBackup(database: Database, config: Config): Promise<Buffer> {
  if (!database.dumpDataDir) throw new Error("Only the embedded database is backed up this way: use pg_dump.");
  const [count] = (await database.query("SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations")).rows;
  const keyFile = path.join(config.dataDir, SECRET_KEY_FILE);
  const header: BackupHeader = {
    createdAt: new Date().toISOString(),
    migrations: Number(count?.n ?? 0),
    secretKey: !config.SECRET_KEY && fs.existsSync(keyFile) ? fs.readFileSync(keyFile, "utf8").trim() : null,
  };
  // Recorded before the dump, so the backup carries its own entry.
  await recordBackup(database.db, "switchboard backup");
  const tar = Buffer.from(await (await database.dumpDataDir()).arrayBuffer());
  return Buffer.concat([Buffer.from(`${MAGIC}\n${JSON.stringify(header)}\n`), tar]);
}

/** Writes a backup of DATA_DIR to `file`: through the running server, or opening the data itself. */
export async function backup(config: Config, file: string): Promise<{ via: "server" | "direct"; bytes: number }> {
  if (config.DATABASE_URL) throw new Error(PG_DUMP_HINT);
  const fromServer = await controlRequest(controlSocketOf(config.dataDir), "/backup").then(
    (body) => body,
    (error: Error) => (isNotListening(error) ? undefined : Promise.reject(error)),
  );
  let bytes = fromServer;
  if (!bytes) {
    if (!fs.existsSync(path.join(config.dataDir, "pglite")))
      throw new Error(`No embedded database in ${config.dataDir}.`);
    const database = await openDatabase({ dataDir: config.dataDir });
    try {
      bytes = await dumpToBackup(database, config);
    } finally {
      await database.close();
    }
  }
  fs.writeFileSync(file, bytes, { mode: 0o600 });
  return { via: fromServer ? "server" : "direct", bytes: bytes.length };
}

/** Restores `file` into DATA_DIR, which must not hold a database yet (move the old one away). */
export async function restore(config: Config, file: string): Promise<BackupHeader> {
  if (config.DATABASE_URL) throw new Error(PG_DUMP_HINT);
  const running = await controlRequest(controlSocketOf(config.dataDir), "/ping").then(
    () => true,
    () => false,
  );
  if (running) throw new Error(`A Switchboard server is running on ${config.dataDir}: stop it before restoring.`);
  const target = path.join(config.dataDir, "pglite");
  if (fs.existsSync(target) && fs.readdirSync(target).length > 0) {
    throw new Error(`${target} already holds a database: move DATA_DIR away (keep it until the restore is checked).`);
  }
  const { header, tar } = readBackup(fs.readFileSync(file));
  fs.mkdirSync(config.dataDir, { recursive: true });
  const keyFile = path.join(config.dataDir, SECRET_KEY_FILE);
  if (header.secretKey) fs.writeFileSync(keyFile, `${header.secretKey}\n`, { mode: 0o600 });
  const client = await PGlite.create(target, { loadDataDir: new Blob([new Uint8Array(tar)]) });
  await client.query("SELECT 1");
  await client.close();
  return header;
}

export function readBackup(bytes: Buffer): { header: BackupHeader; tar: Buffer } {
  const first = bytes.indexOf(10);
  const second = bytes.indexOf(10, first + 1);
  if (first < 0 || second < 0 || bytes.subarray(0, first).toString() !== MAGIC) {
    throw new Error("Not a Switchboard backup file (for PostgreSQL use pg_restore).");
  }
  return {
    header: JSON.parse(bytes.subarray(first + 1, second).toString("utf8")) as BackupHeader,
    tar: bytes.subarray(second + 1),
  };
}

export const PG_DUMP_HINT = `With DATABASE_URL, back up with PostgreSQL's own tools (consistent while running):
  pg_dump --format=custom --file=switchboard.dump "$DATABASE_URL"
and restore into an empty database with:
  pg_restore --no-owner --dbname="$DATABASE_URL" switchboard.dump
Keep SECRET_KEY with the dump: the stored SMTP password and DKIM key are sealed with it.`;
