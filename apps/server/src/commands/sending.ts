// Sending safely (issue 26): a person's reply waits out the workspace's undo window before its
// delivery job may start, and can be withdrawn until that job has claimed it. Replying to an
// unassigned issue assigns the responder when the issue's team says so.
import { and, desc, eq, sql } from "drizzle-orm";
import { issueEvents, issues, messages, teams, workspaces } from "../db/schema";
import { conflict, forbidden, notFound } from "../domain/errors";
import type { IssueEventDataOf } from "../domain/events";
import { nextState } from "../domain/lifecycle";
import { authorize } from "./authorize";
import { type CommandContext, nowOf } from "./context";
import { appendEvent } from "./events";
import { applyAssignment, recordStateChange, stateChange } from "./issues";
import { type IssueRow, loadIssueByIdForUpdate } from "./lookup";

/** Longest undo window a workspace may set: a reply should not wait longer than this to go out. */
export const MAX_UNDO_SEND_SECONDS = 30;

export async function undoSendSeconds(ctx: CommandContext): Promise<number> {
  const [row] = await ctx.tx
    .select({ seconds: workspaces.undoSendSeconds })
    .from(workspaces)
    .where(eq(workspaces.id, ctx.workspaceId));
  return row?.seconds ?? 0;
}

export async function setUndoSendSeconds(ctx: CommandContext, seconds: number): Promise<number> {
  authorize(ctx, "settings.write");
  await ctx.tx.update(workspaces).set({ undoSendSeconds: seconds }).where(eq(workspaces.id, ctx.workspaceId));
  await ctx.notify({ kind: "settings", id: ctx.workspaceId, action: "sending" });
  return seconds;
}

/** Whether a reply by a person on this team's issue assigns them: the team's choice, else on for pooled teams. */
export function assignsOnReply(team: Pick<typeof teams.$inferSelect, "mode" | "assignOnReply">): boolean {
  return team.assignOnReply ?? team.mode === "pooled";
}

/**
 * A person's public reply to an issue nobody holds makes it theirs, when its team assigns on
 * reply (the pooled queue's "I answered it, it's mine"). `issue` is locked in this transaction.
 */
export async function assignResponder(ctx: CommandContext, issue: IssueRow): Promise<IssueRow> {
  if (ctx.actor.type !== "user" || issue.assigneeUserId || issue.assigneeAgentId || !issue.teamId) return issue;
  const [team] = await ctx.tx
    .select({ mode: teams.mode, assignOnReply: teams.assignOnReply })
    .from(teams)
    .where(and(eq(teams.workspaceId, ctx.workspaceId), eq(teams.id, issue.teamId)));
  if (!team || !assignsOnReply(team)) return issue;
  return applyAssignment(ctx, issue, { assigneeUserId: ctx.actor.userId });
}

/**
 * Takes back a reply whose delivery has not started: the message goes, the customer never sees
 * it, and the move it caused (to "on customer", the first response) is undone. Delivery claims
 * the row first (`delivery_started_at`), so a message is either withdrawn whole or sent whole.
 */
export async function withdrawReply(ctx: CommandContext, messageId: string) {
  authorize(ctx, "message.write");
  const [message] = await ctx.tx
    .select()
    .from(messages)
    .where(and(eq(messages.workspaceId, ctx.workspaceId), eq(messages.id, messageId)))
    .for("update");
  if (!message) throw notFound("Message");
  if (ctx.actor.type !== "user" || message.authorUserId !== ctx.actor.userId)
    throw forbidden("Only the person who wrote a reply can take it back.");
  if (message.deliveryStatus !== "pending" || message.deliveryStartedAt || !message.deliverAfter)
    throw conflict("This reply is already on its way to the customer and can no longer be taken back.");
  const issue = await loadIssueByIdForUpdate(ctx, message.issueId);
  await ctx.tx.delete(messages).where(eq(messages.id, messageId));
  await appendEvent(ctx, issue, "message_withdrawn", { messageId, previousText: message.bodyText });
  const restored = await restoreBeforeReply(ctx, issue, message);
  await ctx.notify({ kind: "message", id: messageId, issueNumber: issue.number, action: "withdrawn" });
  return { issue: restored, message };
}

/** The reply's own effects on its issue, reversed where nothing has changed them since. */
async function restoreBeforeReply(ctx: CommandContext, issue: IssueRow, message: typeof messages.$inferSelect) {
  const patch: Partial<IssueRow> = {};
  const from = await stateBeforeReply(ctx, issue, message.id);
  if (from) {
    await recordStateChange(ctx, issue, from, false);
    Object.assign(patch, stateChange(issue, from, false, nowOf(ctx)));
  }
  if (issue.firstResponseAt?.getTime() === message.createdAt.getTime()) patch.firstResponseAt = null;
  if (Object.keys(patch).length === 0) return issue;
  const [row] = await ctx.tx
    .update(issues)
    .set({ ...patch, updatedAt: nowOf(ctx) })
    .where(eq(issues.id, issue.id))
    .returning();
  return row ?? issue;
}

/** Events of one command carry its clock readings, milliseconds apart. */
const SAME_COMMAND_MS = 1000;

/**
 * The state the reply moved the issue out of, when that move is still the issue's last one: the
 * command that added the reply logged the move just before the reply's own "message" event.
 */
async function stateBeforeReply(ctx: CommandContext, issue: IssueRow, messageId: string) {
  const [replyEvent] = await ctx.tx
    .select({ seq: issueEvents.seq, createdAt: issueEvents.createdAt })
    .from(issueEvents)
    .where(
      and(
        eq(issueEvents.issueId, issue.id),
        eq(issueEvents.type, "message"),
        sql`${issueEvents.data}->>'messageId' = ${messageId}`,
      ),
    );
  const [lastMove] = await ctx.tx
    .select()
    .from(issueEvents)
    .where(and(eq(issueEvents.issueId, issue.id), eq(issueEvents.type, "state")))
    .orderBy(desc(issueEvents.seq))
    .limit(1);
  if (!replyEvent || !lastMove || lastMove.seq > replyEvent.seq) return null;
  // Selected by type above: the data of a "state" event.
  const move = lastMove.data as IssueEventDataOf<"state">;
  const sameCommand = Math.abs(lastMove.createdAt.getTime() - replyEvent.createdAt.getTime()) < SAME_COMMAND_MS;
  const replysMove = nextState(move.from, { kind: "agent_public_reply" });
  return sameCommand && replysMove.ok && replysMove.state === move.to && move.to === issue.state ? move.from : null;
}
