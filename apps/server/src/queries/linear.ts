// Read models of the Linear integration: the connection of a workspace (sealed secrets stay
// sealed here), candidate connections for a webhook, and an issue's links.
import { and, asc, eq } from "drizzle-orm";
import type { Executor } from "../db/connect";
import { linearConnections, linearLinks, messages } from "../db/schema";

export type LinearConnectionRow = typeof linearConnections.$inferSelect;
export type LinearLinkRow = typeof linearLinks.$inferSelect;

export async function linearConnectionOf(db: Executor, workspaceId: string): Promise<LinearConnectionRow | undefined> {
  const [row] = await db.select().from(linearConnections).where(eq(linearConnections.workspaceId, workspaceId));
  return row;
}

/** Connections of the Linear organization a webhook names (each one's secret is then tried). */
export async function linearConnectionsOfOrganization(db: Executor, organizationId: string) {
  return db.select().from(linearConnections).where(eq(linearConnections.organizationId, organizationId)).limit(50);
}

export async function listLinearLinks(db: Executor, workspaceId: string, issueId: string): Promise<LinearLinkRow[]> {
  return db
    .select()
    .from(linearLinks)
    .where(and(eq(linearLinks.workspaceId, workspaceId), eq(linearLinks.issueId, issueId)))
    .orderBy(asc(linearLinks.createdAt), asc(linearLinks.id));
}

/** The customer's own first words on an issue (quoted in a Linear issue created from it). */
export async function firstCustomerMessage(db: Executor, issueId: string) {
  return db
    .select({ bodyText: messages.bodyText })
    .from(messages)
    .where(and(eq(messages.issueId, issueId), eq(messages.authorType, "contact"), eq(messages.visibility, "public")))
    .orderBy(asc(messages.createdAt))
    .limit(1);
}
