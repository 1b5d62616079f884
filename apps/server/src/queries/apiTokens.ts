// Read model for the workspace's API tokens: never the hash, only what the settings page lists.
import { desc, eq } from "drizzle-orm";
import type { Executor } from "../db/connect";
import { apiTokens } from "../db/schema";

export const listApiTokens = (db: Executor, workspaceId: string) =>
  db
    .select({
      id: apiTokens.id,
      name: apiTokens.name,
      userId: apiTokens.userId,
      lastUsedAt: apiTokens.lastUsedAt,
      revokedAt: apiTokens.revokedAt,
      createdAt: apiTokens.createdAt,
    })
    .from(apiTokens)
    .where(eq(apiTokens.workspaceId, workspaceId))
    .orderBy(desc(apiTokens.createdAt));
