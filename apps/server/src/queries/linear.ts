// Read models of the Linear integration: the connection of a workspace (sealed secrets stay
// sealed here), candidate connections for a webhook, and an issue's links.
import { and, asc, eq, notInArray } from "drizzle-orm";
import type { Executor } from "../db/connect";
import { accounts, issues, linearConnections, linearLinks, messages } from "../db/schema";
import { type FeatureRequestLinkRow, rankFeatureRequests } from "../domain/featureRequests";

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

/** Bounds one read of the view; beyond it the least-asked Linear issues would be cut anyway. */
const MAX_FEATURE_REQUEST_LINKS = 20_000;

/**
 * Linear issues ranked by demand (linked customer issues, distinct accounts, contract value).
 * `open`: only Linear issues not yet completed or canceled.
 */
export async function featureRequests(db: Executor, workspaceId: string, status: "open" | "all") {
  const rows = await db
    .select({
      linearIssueId: linearLinks.linearIssueId,
      identifier: linearLinks.identifier,
      title: linearLinks.title,
      url: linearLinks.url,
      stateName: linearLinks.stateName,
      stateType: linearLinks.stateType,
      updatedAt: linearLinks.updatedAt,
      issue: { number: issues.number, title: issues.title, state: issues.state },
      accountId: accounts.id,
      accountName: accounts.name,
      accountTier: accounts.tier,
      accountFields: accounts.customFields,
    })
    .from(linearLinks)
    .innerJoin(issues, and(eq(issues.id, linearLinks.issueId), eq(issues.workspaceId, workspaceId)))
    .leftJoin(accounts, and(eq(accounts.id, issues.accountId), eq(accounts.workspaceId, workspaceId)))
    .where(
      and(
        eq(linearLinks.workspaceId, workspaceId),
        ...(status === "open" ? [notInArray(linearLinks.stateType, ["completed", "canceled"])] : []),
      ),
    )
    .limit(MAX_FEATURE_REQUEST_LINKS);
  return rankFeatureRequests(
    rows.map(
      ({ accountId, accountName, accountTier, accountFields, ...row }): FeatureRequestLinkRow => ({
        ...row,
        account:
          accountId && accountName
            ? { id: accountId, name: accountName, tier: accountTier, customFields: accountFields ?? {} }
            : null,
      }),
    ),
  );
}
