// Saved views: personal, team and workspace ones, and who may change which.
import { and, eq } from "drizzle-orm";
import { views } from "../db/schema";
import { forbidden, invalid, notFound } from "../domain/errors";
import { viewFilterOf } from "../domain/views";
import { authorize } from "./authorize";
import type { CommandContext } from "./context";
import { assertTeam } from "./lookup";

export interface ViewInput {
  name: string;
  ownerType: "user" | "team" | "workspace";
  ownerTeamId?: string | null;
  filter?: Record<string, unknown>;
  sort?: string;
  layout?: "list" | "kanban";
}

/** Personal views belong to their creator; team and workspace views need a member or admin. */
export async function createView(ctx: CommandContext, input: ViewInput) {
  authorize(ctx, input.ownerType === "user" ? "read" : "view.write");
  if (input.ownerType === "team") {
    if (!input.ownerTeamId) throw invalid("A team view needs ownerTeamId.");
    await assertTeam(ctx, input.ownerTeamId);
  }
  if (input.ownerType === "user" && ctx.actor.type !== "user") throw forbidden("Only people own personal views.");
  const [view] = await ctx.tx
    .insert(views)
    .values({
      workspaceId: ctx.workspaceId,
      name: input.name.trim(),
      ownerType: input.ownerType,
      ownerUserId: input.ownerType === "user" && ctx.actor.type === "user" ? ctx.actor.userId : null,
      ownerTeamId: input.ownerType === "team" ? (input.ownerTeamId ?? null) : null,
      filter: viewFilterOf(input.filter),
      sort: input.sort ?? "priority",
      layout: input.layout ?? "list",
    })
    .returning();
  if (!view) throw new Error("view insert returned nothing");
  await ctx.notify({ kind: "view", id: view.id, action: "created" });
  return view;
}

export async function updateView(
  ctx: CommandContext,
  viewId: string,
  input: Partial<Omit<ViewInput, "ownerType" | "ownerTeamId">>,
) {
  const view = await loadEditableView(ctx, viewId);
  const [updated] = await ctx.tx
    .update(views)
    .set({ ...input, ...(input.filter && { filter: viewFilterOf(input.filter) }), updatedAt: new Date() })
    .where(eq(views.id, view.id))
    .returning();
  await ctx.notify({ kind: "view", id: view.id, action: "updated" });
  return updated ?? view;
}

export async function deleteView(ctx: CommandContext, viewId: string) {
  const view = await loadEditableView(ctx, viewId);
  await ctx.tx.delete(views).where(eq(views.id, view.id));
  await ctx.notify({ kind: "view", id: view.id, action: "deleted" });
}

async function loadEditableView(ctx: CommandContext, viewId: string) {
  const [view] = await ctx.tx
    .select()
    .from(views)
    .where(and(eq(views.workspaceId, ctx.workspaceId), eq(views.id, viewId)));
  const mine = view?.ownerType === "user" && ctx.actor.type === "user" && view.ownerUserId === ctx.actor.userId;
  // Someone else's personal view is invisible, not forbidden.
  if (!view || (view.ownerType === "user" && !mine)) throw notFound("View");
  if (!mine) authorize(ctx, "view.write");
  return view;
}
