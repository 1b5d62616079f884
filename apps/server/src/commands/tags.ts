// The workspace's tags: created lower-case, names unique; deleting one.
import { and, eq } from "drizzle-orm";
import { tags } from "../db/schema";
import { conflict, notFound } from "../domain/errors";
import { recordSettingChange } from "./audit";
import { authorize } from "./authorize";
import type { CommandContext } from "./context";

export async function createTag(ctx: CommandContext, input: { name: string; color?: string }) {
  authorize(ctx, "settings.write");
  const rows = await ctx.tx
    .insert(tags)
    .values({ workspaceId: ctx.workspaceId, name: input.name.trim().toLowerCase(), color: input.color ?? "#64748b" })
    .onConflictDoNothing()
    .returning();
  if (!rows[0]) throw conflict(`Tag "${input.name}" already exists.`);
  await recordSettingChange(ctx, { type: "tag", id: rows[0].id }, null, rows[0]);
  return rows[0];
}

export async function deleteTag(ctx: CommandContext, tagId: string) {
  authorize(ctx, "settings.write");
  const rows = await ctx.tx
    .delete(tags)
    .where(and(eq(tags.workspaceId, ctx.workspaceId), eq(tags.id, tagId)))
    .returning();
  if (!rows[0]) throw notFound("Tag");
  await recordSettingChange(ctx, { type: "tag", id: tagId }, rows[0], null);
}
