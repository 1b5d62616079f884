// Workspace configuration: tags, custom field definitions, saved views.
import { and, eq } from "drizzle-orm";
import { customFields, tags, views } from "../db/schema";
import type { CustomFieldType } from "../domain/customFields";
import { conflict, forbidden, invalid, notFound } from "../domain/errors";
import { viewFilterOf } from "../domain/views";
import { authorize } from "./authorize";
import type { CommandContext } from "./context";
import { assertTeam } from "./lookup";

export async function createTag(ctx: CommandContext, input: { name: string; color?: string }) {
  authorize(ctx, "settings.write");
  const rows = await ctx.tx
    .insert(tags)
    .values({ workspaceId: ctx.workspaceId, name: input.name.trim().toLowerCase(), color: input.color ?? "#64748b" })
    .onConflictDoNothing()
    .returning();
  if (!rows[0]) throw conflict(`Tag "${input.name}" already exists.`);
  return rows[0];
}

export async function deleteTag(ctx: CommandContext, tagId: string) {
  authorize(ctx, "settings.write");
  const rows = await ctx.tx
    .delete(tags)
    .where(and(eq(tags.workspaceId, ctx.workspaceId), eq(tags.id, tagId)))
    .returning();
  if (!rows[0]) throw notFound("Tag");
}

export interface CustomFieldInput {
  object: "issue" | "account";
  key: string;
  label: string;
  type: CustomFieldType;
  options?: string[];
  requiredOnClose?: boolean;
  aiEnabled?: boolean;
  description?: string;
  source?: "manual" | "crm";
}

export async function createCustomField(ctx: CommandContext, input: CustomFieldInput) {
  authorize(ctx, "settings.write");
  if ((input.type === "select" || input.type === "multiselect") && (input.options ?? []).length === 0) {
    throw invalid("Select fields need at least one option.");
  }
  const rows = await ctx.tx
    .insert(customFields)
    .values({
      workspaceId: ctx.workspaceId,
      object: input.object,
      key: input.key,
      label: input.label.trim(),
      type: input.type,
      options: input.options ?? [],
      requiredOnClose: input.object === "issue" && (input.requiredOnClose ?? false),
      aiEnabled: input.aiEnabled ?? false,
      description: input.description ?? "",
      source: input.source ?? "manual",
    })
    .onConflictDoNothing()
    .returning();
  if (!rows[0]) throw conflict(`A ${input.object} field with key "${input.key}" already exists.`);
  await ctx.notify({ kind: "settings", id: rows[0].id, action: "custom_field.created" });
  return rows[0];
}

export async function updateCustomField(
  ctx: CommandContext,
  fieldId: string,
  input: Partial<Pick<CustomFieldInput, "label" | "options" | "requiredOnClose" | "aiEnabled" | "description">>,
) {
  authorize(ctx, "settings.write");
  const [field] = await ctx.tx
    .update(customFields)
    .set(input)
    .where(and(eq(customFields.workspaceId, ctx.workspaceId), eq(customFields.id, fieldId)))
    .returning();
  if (!field) throw notFound("Custom field");
  return field;
}

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
