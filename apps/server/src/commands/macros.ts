// Macros: saved reply templates with actions. Applying one is a reply (or note) plus the
// same state/priority/tag/team commands an agent would run by hand.
import { and, eq } from "drizzle-orm";
import { accounts, contacts, type MacroActions, macros } from "../db/schema";
import { invalid, notFound } from "../domain/errors";
import { firstName, type MacroVariable, renderTemplate, unknownVariables } from "../domain/macros";
import { recordSettingChange } from "./audit";
import { authorize } from "./authorize";
import type { CommandContext } from "./context";
import { clearSentDraft } from "./drafts";
import { applyAssignment, changeState, normaliseTags, setPriority, setTags } from "./issues";
import { assertTeam, type IssueRow, loadIssueForUpdate } from "./lookup";
import { addMessage } from "./messages";

export interface MacroInput {
  name: string;
  body: string;
  actions?: MacroActions;
  teamId?: string | null;
  internal?: boolean;
}

export async function createMacro(ctx: CommandContext, input: MacroInput) {
  authorize(ctx, "settings.write");
  await checkMacro(ctx, input);
  const [macro] = await ctx.tx
    .insert(macros)
    .values({
      workspaceId: ctx.workspaceId,
      name: input.name.trim(),
      body: input.body,
      actions: input.actions ?? {},
      teamId: input.teamId ?? null,
      internal: input.internal ?? false,
    })
    .returning();
  if (!macro) throw new Error("macro insert returned nothing");
  await recordSettingChange(ctx, { type: "macro", id: macro.id }, null, macro);
  return macro;
}

export async function updateMacro(ctx: CommandContext, macroId: string, input: Partial<MacroInput>) {
  authorize(ctx, "settings.write");
  const before = await loadMacro(ctx, macroId);
  await checkMacro(ctx, input);
  const [macro] = await ctx.tx
    .update(macros)
    .set({ ...input, updatedAt: new Date() })
    .where(eq(macros.id, macroId))
    .returning();
  if (!macro) throw new Error("macro vanished");
  await recordSettingChange(ctx, { type: "macro", id: macroId }, before, macro);
  return macro;
}

export async function deleteMacro(ctx: CommandContext, macroId: string) {
  authorize(ctx, "settings.write");
  const before = await loadMacro(ctx, macroId);
  await ctx.tx.delete(macros).where(eq(macros.id, macroId));
  await recordSettingChange(ctx, { type: "macro", id: macroId }, before, null);
}

async function checkMacro(ctx: CommandContext, input: Partial<MacroInput>) {
  const unknown = input.body ? unknownVariables(input.body) : [];
  if (unknown.length > 0) throw invalid(`Unknown template variables: ${unknown.join(", ")}`, { unknown });
  if (input.teamId) await assertTeam(ctx, input.teamId);
  if (input.actions?.teamId) await assertTeam(ctx, input.actions.teamId);
}

async function loadMacro(ctx: CommandContext, macroId: string) {
  const [macro] = await ctx.tx
    .select()
    .from(macros)
    .where(and(eq(macros.workspaceId, ctx.workspaceId), eq(macros.id, macroId)));
  if (!macro) throw notFound("Macro");
  return macro;
}

/** Renders the macro for this issue without applying it (composer preview). */
export async function previewMacro(ctx: CommandContext, number: number, macroId: string) {
  const macro = await loadMacro(ctx, macroId);
  const issue = await loadIssueForUpdate(ctx, number);
  return { macro, body: renderTemplate(macro.body, await variablesFor(ctx, issue)) };
}

export async function applyMacro(
  ctx: CommandContext,
  number: number,
  macroId: string,
  editedBody?: string,
  /** Whom the agent copied in on the reply (a public email reply's Cc). */
  emailCc?: string[],
) {
  authorize(ctx, "message.write");
  const { macro, body } = await previewMacro(ctx, number, macroId);
  const text = editedBody ?? body;
  let issue = await loadIssueForUpdate(ctx, number);
  await clearSentDraft(ctx, issue.id);
  if (text.trim()) {
    issue = (
      await addMessage(ctx, issue, {
        visibility: macro.internal ? "internal" : "public",
        bodyText: text,
        ...(emailCc?.length && { emailCc }),
      })
    ).issue;
  }
  const a = macro.actions;
  if (a.teamId !== undefined) issue = await applyAssignment(ctx, issue, { teamId: a.teamId });
  if (a.priority) issue = await setPriority(ctx, number, a.priority);
  if (a.addTags?.length) issue = await setTags(ctx, number, normaliseTags([...issue.tags, ...a.addTags]));
  if (a.state) issue = await changeState(ctx, number, a.state);
  return issue;
}

async function variablesFor(ctx: CommandContext, issue: IssueRow): Promise<Partial<Record<MacroVariable, string>>> {
  const [contact] = issue.requesterContactId
    ? await ctx.tx.select().from(contacts).where(eq(contacts.id, issue.requesterContactId))
    : [];
  const [account] = issue.accountId ? await ctx.tx.select().from(accounts).where(eq(accounts.id, issue.accountId)) : [];
  const agentName = ctx.actor.type === "user" || ctx.actor.type === "agent" ? ctx.actor.name : "";
  return {
    "contact.name": contact?.name,
    "contact.first_name": firstName(contact?.name),
    "contact.email": contact?.email ?? undefined,
    "account.name": account?.name,
    "agent.name": agentName,
    "agent.first_name": firstName(agentName),
    "issue.number": String(issue.number),
    "issue.title": issue.title,
  };
}
