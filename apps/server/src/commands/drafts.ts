// Drafts: what a person has typed on an issue and not sent, one per issue and person, kept on
// the server so it survives navigation and shows on another device (and on the issue's card).
import { and, eq } from "drizzle-orm";
import { drafts } from "../db/schema";
import { authorize } from "./authorize";
import { type CommandContext, nowOf } from "./context";
import { loadIssueForUpdate } from "./lookup";

export interface DraftInput {
  visibility: "public" | "internal";
  body: string;
}

function personOf(ctx: CommandContext): string {
  if (ctx.actor.type !== "user") throw new Error("drafts belong to people");
  return ctx.actor.userId;
}

/** Saves the person's draft on the issue; blank text deletes it. Returns the stored draft, or null. */
export async function saveDraft(ctx: CommandContext, number: number, input: DraftInput) {
  authorize(ctx, "message.write");
  const userId = personOf(ctx);
  const issue = await loadIssueForUpdate(ctx, number);
  if (input.body.trim() === "") {
    await deleteDraftOf(ctx, issue.id, userId);
    return null;
  }
  const values = { visibility: input.visibility, body: input.body, updatedAt: nowOf(ctx) };
  const [row] = await ctx.tx
    .insert(drafts)
    .values({ workspaceId: ctx.workspaceId, issueId: issue.id, userId, ...values })
    .onConflictDoUpdate({ target: [drafts.issueId, drafts.userId], set: values })
    .returning();
  if (!row) throw new Error("draft upsert returned nothing");
  // No realtime notice: a draft is one person's, and every save would make every client refetch.
  return { ...row, issueNumber: issue.number };
}

export async function discardDraft(ctx: CommandContext, number: number): Promise<void> {
  const issue = await loadIssueForUpdate(ctx, number);
  await deleteDraftOf(ctx, issue.id, personOf(ctx));
}

/** A sent message replaces the sender's draft on that issue. */
export async function clearSentDraft(ctx: CommandContext, issueId: string): Promise<void> {
  if (ctx.actor.type === "user") await deleteDraftOf(ctx, issueId, ctx.actor.userId);
}

/** The DELETE of a person's draft on an issue; awaited it runs, or a caller sends it along with another statement. */
export function deleteDraftOf(ctx: CommandContext, issueId: string, userId: string) {
  return ctx.tx
    .delete(drafts)
    .where(and(eq(drafts.workspaceId, ctx.workspaceId), eq(drafts.issueId, issueId), eq(drafts.userId, userId)));
}
