// A workspace's primary domain: its public help center lives under /help/<domain>.
import { eq } from "drizzle-orm";
import type { Executor } from "../db/connect";
import { workspaces } from "../db/schema";
import { notFound } from "../domain/errors";

export async function workspaceDomain(db: Executor, workspaceId: string): Promise<string> {
  const [row] = await db.select({ domain: workspaces.domain }).from(workspaces).where(eq(workspaces.id, workspaceId));
  if (!row) throw notFound("Workspace");
  return row.domain;
}
