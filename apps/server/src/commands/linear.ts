// Linear: the connection, customer issues linked to Linear issues, and what Linear's state means
// for them. While any linked Linear issue is unfinished the customer issue waits `on_hold`; when
// the last one completes it comes back `on_you` with an internal note for its assignee.
import { and, eq, notInArray } from "drizzle-orm";
import { linearConnections, linearDeliveries, linearLinks, users } from "../db/schema";
import { authorize } from "./authorize";
import type { CommandContext } from "./context";
import { applyState } from "./issues";
import { type IssueRow, loadIssueByIdForUpdate, loadIssueForUpdate } from "./lookup";
import { addMessage } from "./messages";
import { notifyMentions } from "./notifications";

/** Linear state types after which nothing more will happen to the issue. */
const FINISHED = ["completed", "canceled"];
const isFinished = (stateType: string) => FINISHED.includes(stateType);

export interface LinearConnectionValues {
  apiKeySealed: string;
  webhookSecretSealed: string | null;
  apiUrl: string | null;
  organizationId: string;
  organizationName: string;
}

export async function saveLinearConnection(ctx: CommandContext, values: LinearConnectionValues) {
  authorize(ctx, "settings.write");
  const set = { ...values, updatedAt: new Date() };
  const [row] = await ctx.tx
    .insert(linearConnections)
    .values({ workspaceId: ctx.workspaceId, ...set })
    .onConflictDoUpdate({ target: linearConnections.workspaceId, set })
    .returning();
  if (!row) throw new Error("linear connection upsert returned nothing");
  await ctx.notify({ kind: "settings", id: ctx.workspaceId, action: "linear.connected" });
  return row;
}

export async function removeLinearConnection(ctx: CommandContext) {
  authorize(ctx, "settings.write");
  await ctx.tx.delete(linearConnections).where(eq(linearConnections.workspaceId, ctx.workspaceId));
  await ctx.notify({ kind: "settings", id: ctx.workspaceId, action: "linear.disconnected" });
}

export interface LinearIssueFacts {
  linearIssueId: string;
  identifier: string;
  url: string;
  title: string;
  stateName: string;
  stateType: string;
}

/** Links the issue to a Linear issue (created or found by the caller); an unfinished one puts it on hold. */
export async function linkLinearIssue(ctx: CommandContext, number: number, facts: LinearIssueFacts) {
  authorize(ctx, "issue.write");
  const issue = await loadIssueForUpdate(ctx, number);
  const values = { ...facts, updatedAt: new Date() };
  const [link] = await ctx.tx
    .insert(linearLinks)
    .values({
      workspaceId: ctx.workspaceId,
      issueId: issue.id,
      ...values,
      createdByUserId: ctx.actor.type === "user" ? ctx.actor.userId : null,
    })
    .onConflictDoUpdate({
      target: [linearLinks.workspaceId, linearLinks.issueId, linearLinks.linearIssueId],
      set: values,
    })
    .returning();
  if (!link) throw new Error("linear link upsert returned nothing");
  if (!isFinished(facts.stateType) && issue.state !== "closed" && issue.state !== "on_hold")
    await applyState(ctx, issue, "on_hold", false);
  await ctx.notify({ kind: "issue", id: issue.id, issueNumber: issue.number, action: "linear.linked" });
  return link;
}

/**
 * A Linear webhook's issue: every link to it takes the new state. Deliveries are taken once (by
 * Linear's delivery id), and a link moves on only when its state type changes, so a retried or
 * repeated delivery changes nothing twice.
 */
export async function applyLinearIssueUpdate(
  ctx: CommandContext,
  deliveryId: string,
  facts: LinearIssueFacts,
): Promise<"duplicate" | "applied"> {
  const taken = await ctx.tx
    .insert(linearDeliveries)
    .values({ workspaceId: ctx.workspaceId, deliveryId })
    .onConflictDoNothing()
    .returning({ deliveryId: linearDeliveries.deliveryId });
  if (taken.length === 0) return "duplicate";
  const links = await ctx.tx
    .select()
    .from(linearLinks)
    .where(and(eq(linearLinks.workspaceId, ctx.workspaceId), eq(linearLinks.linearIssueId, facts.linearIssueId)))
    .for("update");
  for (const link of links) {
    await ctx.tx
      .update(linearLinks)
      .set({ ...facts, updatedAt: new Date() })
      .where(eq(linearLinks.id, link.id));
    if (isFinished(facts.stateType) && !isFinished(link.stateType)) await linearIssueFinished(ctx, link.issueId, facts);
  }
  return "applied";
}

async function linearIssueFinished(ctx: CommandContext, issueId: string, facts: LinearIssueFacts) {
  let issue = await loadIssueByIdForUpdate(ctx, issueId);
  const waiting = await ctx.tx
    .select({ id: linearLinks.id })
    .from(linearLinks)
    .where(
      and(
        eq(linearLinks.issueId, issueId),
        notInArray(linearLinks.stateType, FINISHED),
        notInArray(linearLinks.linearIssueId, [facts.linearIssueId]),
      ),
    );
  const what = facts.stateType === "completed" ? "shipped" : "was canceled";
  const assignee = await assigneeHandle(ctx, issue);
  const note = `${facts.identifier} ${what} — tell the customer.${assignee ? ` ${assignee}` : ""}`;
  if (waiting.length === 0 && issue.state !== "closed") issue = await applyState(ctx, issue, "on_you", false);
  const { issue: after } = await addMessage(ctx, issue, {
    visibility: "internal",
    bodyText: note,
    author: { type: "system" },
  });
  await notifyMentions(ctx, after, note);
}

/** "@dana@company.com": the assignee, mentioned so they are notified. */
async function assigneeHandle(ctx: CommandContext, issue: IssueRow): Promise<string | undefined> {
  if (!issue.assigneeUserId) return undefined;
  const [user] = await ctx.tx.select({ email: users.email }).from(users).where(eq(users.id, issue.assigneeUserId));
  return user ? `@${user.email}` : undefined;
}
