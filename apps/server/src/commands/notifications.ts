// Notifications for people: @mentions in internal notes and issues assigned to them.
import { and, eq, isNull, sql } from "drizzle-orm";
import { notifications, users } from "../db/schema";
import { extractMentions } from "../domain/mentions";
import { type CommandContext, nowOf } from "./context";
import type { IssueRow } from "./lookup";

export async function notifyMentions(ctx: CommandContext, issue: IssueRow, text: string): Promise<string[]> {
  // Most notes mention nobody: no need to read who could be mentioned.
  if (!text.includes("@")) return [];
  const people = await ctx.tx
    .select({ id: users.id, name: users.name, email: users.email })
    .from(users)
    .where(and(eq(users.workspaceId, ctx.workspaceId), isNull(users.deactivatedAt)));
  const self = ctx.actor.type === "user" ? ctx.actor.userId : undefined;
  const mentioned = extractMentions(text, people).filter((id) => id !== self);
  for (const userId of mentioned) {
    await notify(ctx, userId, issue, "mention", { excerpt: text.slice(0, 200) });
  }
  return mentioned;
}

export async function notifyAssigned(ctx: CommandContext, issue: IssueRow, userId: string): Promise<void> {
  if (ctx.actor.type === "user" && ctx.actor.userId === userId) return;
  await notify(ctx, userId, issue, "assigned", {});
}

async function notify(
  ctx: CommandContext,
  userId: string,
  issue: IssueRow,
  kind: "mention" | "assigned",
  data: Record<string, unknown>,
) {
  const by = ctx.actor.type === "user" || ctx.actor.type === "agent" ? ctx.actor.name : ctx.actor.type;
  const values = {
    workspaceId: ctx.workspaceId,
    userId,
    issueId: issue.id,
    kind,
    data: { ...data, by, issueNumber: issue.number, title: issue.title },
    createdAt: nowOf(ctx),
  };
  const id = ctx.writeBehind
    ? ctx.writeBehind.insert(notifications, values)
    : (await ctx.tx.insert(notifications).values(values).returning({ id: notifications.id }))[0]?.id;
  if (id) await ctx.notify({ kind: "settings", id, action: `notification:${userId}` });
}

export async function markNotificationsRead(ctx: CommandContext, ids: string[] | "all"): Promise<number> {
  if (ctx.actor.type !== "user") return 0;
  const rows = await ctx.tx
    .update(notifications)
    .set({ readAt: new Date() })
    .where(
      and(
        eq(notifications.workspaceId, ctx.workspaceId),
        eq(notifications.userId, ctx.actor.userId),
        isNull(notifications.readAt),
        ids === "all" ? undefined : sql`${notifications.id} = ANY(${sql.param(ids)}::uuid[])`,
      ),
    )
    .returning({ id: notifications.id });
  return rows.length;
}
