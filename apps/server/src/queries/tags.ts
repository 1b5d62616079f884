// Read model for the workspace's tags.
import { asc, eq } from "drizzle-orm";
import type { Executor } from "../db/connect";
import { tags } from "../db/schema";

export const listTags = (db: Executor, workspaceId: string) =>
  db.select().from(tags).where(eq(tags.workspaceId, workspaceId)).orderBy(asc(tags.name));
