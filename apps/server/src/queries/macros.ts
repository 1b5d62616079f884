// Read model for the workspace's macros.
import { asc, eq } from "drizzle-orm";
import type { Executor } from "../db/connect";
import { macros } from "../db/schema";

export const listMacros = (db: Executor, workspaceId: string) =>
  db.select().from(macros).where(eq(macros.workspaceId, workspaceId)).orderBy(asc(macros.name));
