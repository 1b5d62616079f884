// Read model for the workspace's people (agents); agent-only, so it takes the workspace id.
import { and, asc, eq } from "drizzle-orm";
import type { Executor } from "../db/connect";
import { users } from "../db/schema";
import { notFound } from "../domain/errors";

export const listUsers = (db: Executor, workspaceId: string) =>
  db.select().from(users).where(eq(users.workspaceId, workspaceId)).orderBy(asc(users.name));

export async function getUser(db: Executor, workspaceId: string, id: string) {
  const [row] = await db
    .select()
    .from(users)
    .where(and(eq(users.workspaceId, workspaceId), eq(users.id, id)));
  if (!row) throw notFound("User");
  return row;
}
