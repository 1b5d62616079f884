// Read model for quarantined inbound: the latest 200 of the workspace's, for admins.
import { desc, eq } from "drizzle-orm";
import type { Executor } from "../db/connect";
import { quarantine } from "../db/schema";

export const listQuarantine = (db: Executor, workspaceId: string) =>
  db
    .select()
    .from(quarantine)
    .where(eq(quarantine.workspaceId, workspaceId))
    .orderBy(desc(quarantine.createdAt))
    .limit(200);
