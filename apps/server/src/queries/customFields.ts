// Read model for the workspace's custom field definitions.
import { asc, eq } from "drizzle-orm";
import type { Executor } from "../db/connect";
import { customFields } from "../db/schema";

export const listCustomFields = (db: Executor, workspaceId: string) =>
  db
    .select()
    .from(customFields)
    .where(eq(customFields.workspaceId, workspaceId))
    .orderBy(asc(customFields.object), asc(customFields.position), asc(customFields.label));
