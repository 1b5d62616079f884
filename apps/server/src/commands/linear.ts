// Linear: the connection, customer issues linked to Linear issues, and what Linear's state means
// for them. While any linked Linear issue is unfinished the customer issue waits `on_hold`; when
// the last one completes it comes back `on_you` with an internal note for its assignee.
import { and, eq, notInArray } from "drizzle-orm";
import { linearConnections, linearDeliveries, linearLinks, messages, users } from "../db/schema";
import { notFound } from "../domain/errors";
import { recordSettingChange } from "./audit";
import { authorize } from "./authorize";
import { type CommandContext, nowOf } from "./context";
import { applyState } from "./issues";
import { type IssueRow, loadIssueByIdForUpdate, loadIssueForUpdate } from "./lookup";
import { addMessage, addMessageToIssueId } from "./messages";
import { notifyMentions } from "./notifications";

type LinearLinkRow = typeof linearLinks.$inferSelect;

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
  const before = await linearConnectionOf(ctx);
  const set = { ...values, updatedAt: new Date() };
  const [row] = await ctx.tx
    .insert(linearConnections)
    .values({ workspaceId: ctx.workspaceId, ...set })
    .onConflictDoUpdate({ target: linearConnections.workspaceId, set })
    .returning();
  if (!row) throw new Error("linear connection upsert returned nothing");
  await recordSettingChange(ctx, { type: "linear_connection", id: null }, before, row);
  await ctx.notify({ kind: "settings", id: ctx.workspaceId, action: "linear.connected" });
  return row;
}

/** The workspace's connection as stored (the audit log's "before"). */
async function linearConnectionOf(ctx: CommandContext) {
  const [row] = await ctx.tx.select().from(linearConnections).where(eq(linearConnections.workspaceId, ctx.workspaceId));
  return row ?? null;
}

export async function removeLinearConnection(ctx: CommandContext) {
  authorize(ctx, "settings.write");
  const [removed] = await ctx.tx
    .delete(linearConnections)
    .where(eq(linearConnections.workspaceId, ctx.workspaceId))
    .returning();
  if (removed) await recordSettingChange(ctx, { type: "linear_connection", id: null }, removed, null);
  await ctx.notify({ kind: "settings", id: ctx.workspaceId, action: "linear.disconnected" });
}

/** The team "Create" offers first, and whether Linear comments become internal notes. */
export async function updateLinearSettings(
  ctx: CommandContext,
  input: { defaultTeamId?: string | null; commentSync?: boolean },
) {
  authorize(ctx, "settings.write");
  const before = await linearConnectionOf(ctx);
  const [row] = await ctx.tx
    .update(linearConnections)
    .set({ ...input, updatedAt: new Date() })
    .where(eq(linearConnections.workspaceId, ctx.workspaceId))
    .returning();
  if (!row) throw notFound("Linear connection");
  await recordSettingChange(ctx, { type: "linear_connection", id: null }, before, row);
  await ctx.notify({ kind: "settings", id: ctx.workspaceId, action: "linear.settings" });
  return row;
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
 * Removes a link. When it was the last unfinished Linear issue the customer issue waited on, the
 * wait ends: the issue comes back `on_you` with a note saying why.
 */
export async function unlinkLinearIssue(ctx: CommandContext, number: number, linkId: string) {
  authorize(ctx, "issue.write");
  let issue = await loadIssueForUpdate(ctx, number);
  const [link] = await ctx.tx
    .delete(linearLinks)
    .where(
      and(eq(linearLinks.workspaceId, ctx.workspaceId), eq(linearLinks.issueId, issue.id), eq(linearLinks.id, linkId)),
    )
    .returning();
  if (!link) throw notFound("Linear link");
  if (issue.state === "on_hold" && !isFinished(link.stateType) && (await unfinishedLinks(ctx, issue.id)) === 0) {
    issue = await applyState(ctx, issue, "on_you", false);
    await addMessage(ctx, issue, {
      visibility: "internal",
      bodyText: `Unlinked ${link.identifier}: no Linear issue is pending any more.`,
      author: { type: "system" },
    });
  }
  await ctx.notify({ kind: "issue", id: issue.id, issueNumber: issue.number, action: "linear.unlinked" });
}

async function unfinishedLinks(ctx: CommandContext, issueId: string, except?: string): Promise<number> {
  const rows = await ctx.tx
    .select({ id: linearLinks.id })
    .from(linearLinks)
    .where(
      and(
        eq(linearLinks.workspaceId, ctx.workspaceId),
        eq(linearLinks.issueId, issueId),
        notInArray(linearLinks.stateType, FINISHED),
        ...(except ? [notInArray(linearLinks.linearIssueId, [except])] : []),
      ),
    );
  return rows.length;
}

/** Takes a webhook delivery once; false when it was taken before (Linear retries, replays). */
async function takeDelivery(ctx: CommandContext, deliveryId: string): Promise<boolean> {
  const taken = await ctx.tx
    .insert(linearDeliveries)
    .values({ workspaceId: ctx.workspaceId, deliveryId })
    .onConflictDoNothing()
    .returning({ deliveryId: linearDeliveries.deliveryId });
  return taken.length > 0;
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
  if (!(await takeDelivery(ctx, deliveryId))) return "duplicate";
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
    if (isFinished(facts.stateType) && !isFinished(link.stateType)) await linearIssueFinished(ctx, link, facts);
    if (!isFinished(facts.stateType) && isFinished(link.stateType)) await linearIssueReopened(ctx, link, facts);
  }
  return "applied";
}

async function linearIssueFinished(ctx: CommandContext, link: LinearLinkRow, facts: LinearIssueFacts) {
  let issue = await loadIssueByIdForUpdate(ctx, link.issueId);
  const waiting = await unfinishedLinks(ctx, link.issueId, facts.linearIssueId);
  const what = facts.stateType === "completed" ? "shipped" : "was canceled";
  const assignee = await assigneeHandle(ctx, issue);
  const note = `${facts.identifier} ${what} — tell the customer.${assignee ? ` ${assignee}` : ""}`;
  if (waiting === 0 && issue.state !== "closed") {
    issue = await applyState(ctx, issue, "on_you", false);
    await ctx.tx
      .update(linearLinks)
      .set({ releasedIssueAt: nowOf(ctx) })
      .where(eq(linearLinks.id, link.id));
  }
  const { issue: after } = await addMessage(ctx, issue, {
    visibility: "internal",
    bodyText: note,
    author: { type: "system" },
  });
  await notifyMentions(ctx, after, note);
}

/**
 * A finished Linear issue came back (reopened, or moved back to a started state). If finishing it
 * released the customer issue, the issue waits on hold again; a closed issue only gets the note.
 */
async function linearIssueReopened(ctx: CommandContext, link: LinearLinkRow, facts: LinearIssueFacts) {
  if (!link.releasedIssueAt) return;
  let issue = await loadIssueByIdForUpdate(ctx, link.issueId);
  await ctx.tx.update(linearLinks).set({ releasedIssueAt: null }).where(eq(linearLinks.id, link.id));
  if (issue.state !== "closed") issue = await applyState(ctx, issue, "on_hold", false);
  const note =
    issue.state === "closed"
      ? `${facts.identifier} was reopened in Linear (${facts.stateName}); this issue is closed, so it stays closed.`
      : `${facts.identifier} was reopened in Linear (${facts.stateName}): back on hold until it is done.`;
  await addMessage(ctx, issue, { visibility: "internal", bodyText: note, author: { type: "system" } });
}

export interface LinearCommentFacts {
  commentId: string;
  linearIssueId: string;
  body: string;
  authorName: string;
}

/**
 * A comment on a Linear issue (comment sync on): an internal note, with the commenter's name, on
 * every customer issue linked to it. Each note's external id is the comment's (per issue), so a
 * retried or replayed delivery adds nothing twice.
 */
export async function applyLinearComment(
  ctx: CommandContext,
  deliveryId: string,
  comment: LinearCommentFacts,
): Promise<number> {
  if (!(await takeDelivery(ctx, deliveryId))) return 0;
  const links = await ctx.tx
    .select({ issueId: linearLinks.issueId, identifier: linearLinks.identifier })
    .from(linearLinks)
    .where(and(eq(linearLinks.workspaceId, ctx.workspaceId), eq(linearLinks.linearIssueId, comment.linearIssueId)));
  let added = 0;
  for (const link of links) {
    const { message, duplicate } = await addMessageToIssueId(ctx, link.issueId, {
      visibility: "internal",
      bodyText: `${link.identifier} (Linear): ${comment.body}`,
      author: { type: "system" },
      channel: "linear",
      externalId: `comment:${comment.commentId}:${link.issueId}`,
      inbound: true,
    });
    if (duplicate) continue;
    await ctx.tx.update(messages).set({ authorName: comment.authorName }).where(eq(messages.id, message.id));
    added++;
  }
  return added;
}

/** "@dana@company.com": the assignee, mentioned so they are notified. */
async function assigneeHandle(ctx: CommandContext, issue: IssueRow): Promise<string | undefined> {
  if (!issue.assigneeUserId) return undefined;
  const [user] = await ctx.tx.select({ email: users.email }).from(users).where(eq(users.id, issue.assigneeUserId));
  return user ? `@${user.email}` : undefined;
}
