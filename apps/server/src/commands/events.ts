// Appends to the issue's event log (DESIGN principle 4) and tells connected clients.
import { actorRef, type CommandContext, nowOf } from "./context";

export type IssueEventType =
  | "created"
  | "message"
  | "state"
  | "assignee"
  | "team"
  | "priority"
  | "tags"
  | "field"
  | "title"
  | "merged"
  | "merged_from"
  | "reopened"
  | "message_edited"
  | "message_deleted"
  | "reaction"
  | "delivery"
  /** A follow-up issue opened for a reply to an issue closed too long ago (both sides record it). */
  | "linked"
  /** Routing: a trigger run (what matched, what it did) and an AI decision (route, priority). */
  | "trigger"
  | "ai_decision";

export async function appendEvent(
  ctx: CommandContext,
  issue: { id: string; number: number },
  type: IssueEventType,
  data: Record<string, unknown> = {},
): Promise<void> {
  ctx.record({
    workspaceId: ctx.workspaceId,
    issueId: issue.id,
    type,
    ...actorRef(ctx.actor),
    data,
    createdAt: nowOf(ctx),
  });
  await ctx.notify({ kind: "issue", id: issue.id, issueNumber: issue.number, action: type });
}
