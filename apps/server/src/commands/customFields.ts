// Custom field definitions on issues and accounts.
import { and, count, eq, ne } from "drizzle-orm";
import { customFields, workspaces } from "../db/schema";
import { aiFieldLimitProblem, type CustomFieldType } from "../domain/customFields";
import { conflict, invalid, notFound } from "../domain/errors";
import { recordSettingChange } from "./audit";
import { authorize } from "./authorize";
import type { CommandContext } from "./context";

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
  if (input.aiEnabled) await assertAiFieldAllowed(ctx);
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
  await recordSettingChange(ctx, { type: "custom_field", id: rows[0].id }, null, rows[0]);
  await ctx.notify({ kind: "settings", id: rows[0].id, action: "custom_field.created" });
  return rows[0];
}

export async function updateCustomField(
  ctx: CommandContext,
  fieldId: string,
  input: Partial<Pick<CustomFieldInput, "label" | "options" | "requiredOnClose" | "aiEnabled" | "description">>,
) {
  authorize(ctx, "settings.write");
  if (input.aiEnabled) await assertAiFieldAllowed(ctx, fieldId);
  const [before] = await ctx.tx
    .select()
    .from(customFields)
    .where(and(eq(customFields.workspaceId, ctx.workspaceId), eq(customFields.id, fieldId)));
  const [field] = await ctx.tx
    .update(customFields)
    .set(input)
    .where(and(eq(customFields.workspaceId, ctx.workspaceId), eq(customFields.id, fieldId)))
    .returning();
  if (!field) throw notFound("Custom field");
  await recordSettingChange(ctx, { type: "custom_field", id: fieldId }, before, field);
  return field;
}

/**
 * Refuses one more AI-supported field beyond the plan's limit (Settings → General sets the plan).
 * The workspace row is locked, so two admins enabling AI at once cannot both take the last place.
 */
async function assertAiFieldAllowed(ctx: CommandContext, fieldId?: string): Promise<void> {
  if (fieldId) {
    const [field] = await ctx.tx
      .select({ aiEnabled: customFields.aiEnabled })
      .from(customFields)
      .where(and(eq(customFields.workspaceId, ctx.workspaceId), eq(customFields.id, fieldId)));
    if (!field) throw notFound("Custom field");
    if (field.aiEnabled) return; // already counted: a downgrade keeps it
  }
  const [workspace] = await ctx.tx
    .select({ plan: workspaces.plan })
    .from(workspaces)
    .where(eq(workspaces.id, ctx.workspaceId))
    .for("update");
  if (!workspace) throw notFound("Workspace");
  const [row] = await ctx.tx
    .select({ enabled: count() })
    .from(customFields)
    .where(
      and(
        eq(customFields.workspaceId, ctx.workspaceId),
        eq(customFields.aiEnabled, true),
        fieldId ? ne(customFields.id, fieldId) : undefined,
      ),
    );
  const problem = aiFieldLimitProblem(workspace.plan, row?.enabled ?? 0);
  if (problem) throw conflict(problem, { plan: workspace.plan, enabled: row?.enabled ?? 0 });
}
