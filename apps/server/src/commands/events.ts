// Appends to the issue's event log (DESIGN principle 4) and tells connected clients.
import type { IssueEvent, IssueEventDataOf, IssueEventType } from "../domain/events";
import { actorRef, type CommandContext, nowOf } from "./context";

/** The data must be the exact shape of `type`'s events (domain/events.ts): a wrong field does not compile. */
export async function appendEvent<T extends IssueEventType>(
  ctx: CommandContext,
  issue: { id: string; number: number },
  type: T,
  data: IssueEventDataOf<T>,
): Promise<void> {
  // The pair is one member of the union; TypeScript cannot see that through the generic.
  const event = { type, data } as IssueEvent;
  ctx.record({
    workspaceId: ctx.workspaceId,
    issueId: issue.id,
    ...event,
    ...actorRef(ctx.actor),
    createdAt: nowOf(ctx),
  });
  await ctx.notify({ kind: "issue", id: issue.id, issueNumber: issue.number, action: type });
}

/** Queues `issue.changed` (channels, SLAs, routing react to it), saying whether a person made the change. */
export async function enqueueIssueChanged(
  ctx: CommandContext,
  issueId: string,
  change: "state" | "team",
  from: string | null,
  to: string | null,
): Promise<void> {
  await ctx.enqueue("issue.changed", { issueId, change, from, to, byUser: ctx.actor.type === "user" });
}
