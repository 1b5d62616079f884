// Email inboxes: the addresses a workspace receives mail on, each with the team that gets its
// new issues. Admin-only settings.
import { and, eq, inArray } from "drizzle-orm";
import { emailInboxes, teams, workspaces } from "../db/schema";
import { normaliseAddress, splitPlus } from "../domain/email/address";
import { conflict, invalid, notFound } from "../domain/errors";
import { forgetCachedInboxes, type InboxRow } from "../queries/email";
import { recordSettingChange } from "./audit";
import { authorize } from "./authorize";
import { type CommandContext, type CommandRunner, runCommand } from "./context";
import { assertTeam } from "./lookup";

export interface InboxInput {
  address: string;
  name?: string;
  teamId?: string | null;
}

export async function createInbox(ctx: CommandContext, input: InboxInput): Promise<InboxRow> {
  authorize(ctx, "settings.write");
  const address = inboxAddress(input.address);
  if (input.teamId) await assertTeam(ctx, input.teamId);
  const rows = await ctx.tx
    .insert(emailInboxes)
    .values({ workspaceId: ctx.workspaceId, address, name: input.name?.trim() ?? "", teamId: input.teamId ?? null })
    .onConflictDoNothing()
    .returning();
  const inbox = rows[0];
  if (!inbox) throw conflict(`The address ${address} is already an inbox.`);
  await recordSettingChange(ctx, { type: "inbox", id: inbox.id }, null, inbox);
  await ctx.notify({ kind: "settings", id: inbox.id, action: "inbox.created" });
  forgetCachedInboxes();
  return inbox;
}

export async function updateInbox(ctx: CommandContext, id: string, input: Partial<InboxInput>): Promise<InboxRow> {
  authorize(ctx, "settings.write");
  if (input.teamId) await assertTeam(ctx, input.teamId);
  const [before] = await ctx.tx
    .select()
    .from(emailInboxes)
    .where(and(eq(emailInboxes.workspaceId, ctx.workspaceId), eq(emailInboxes.id, id)));
  const [updated] = await ctx.tx
    .update(emailInboxes)
    .set({
      ...(input.address !== undefined && { address: inboxAddress(input.address) }),
      ...(input.name !== undefined && { name: input.name.trim() }),
      ...(input.teamId !== undefined && { teamId: input.teamId }),
      updatedAt: new Date(),
    })
    .where(and(eq(emailInboxes.workspaceId, ctx.workspaceId), eq(emailInboxes.id, id)))
    .returning()
    .catch((error: unknown) => {
      throw String(error).includes("email_inbox_address_key") ? conflict("That address is already an inbox.") : error;
    });
  if (!updated) throw notFound("Inbox");
  await recordSettingChange(ctx, { type: "inbox", id }, before, updated);
  await ctx.notify({ kind: "settings", id, action: "inbox.updated" });
  forgetCachedInboxes();
  return updated;
}

export async function deleteInbox(ctx: CommandContext, id: string): Promise<void> {
  authorize(ctx, "settings.write");
  const rows = await ctx.tx
    .delete(emailInboxes)
    .where(and(eq(emailInboxes.workspaceId, ctx.workspaceId), eq(emailInboxes.id, id)))
    .returning();
  if (!rows[0]) throw notFound("Inbox");
  await recordSettingChange(ctx, { type: "inbox", id }, rows[0], null);
  await ctx.notify({ kind: "settings", id, action: "inbox.deleted" });
  forgetCachedInboxes();
}

/** Inbox addresses are plain: no plus tag (we use those for reply tokens). */
function inboxAddress(raw: string): string {
  const address = normaliseAddress(raw);
  if (!address) throw invalid(`"${raw}" is not an email address.`);
  if (splitPlus(address).tag) throw invalid("An inbox address cannot contain a plus tag.");
  return address;
}

export const DEMO_INBOXES = [
  { local: "support", name: "Support", team: "Support" },
  { local: "success", name: "Customer Success", team: "Customer Success" },
  { local: "billing", name: "Billing", team: "Billing" },
] as const;

/** support@, success@ and billing@ of the demo domain, each to its team (when that team exists). */
export async function ensureDemoInboxes(services: CommandRunner, domain: string): Promise<void> {
  const db = services.database.db;
  const [workspace] = await db.select().from(workspaces).where(eq(workspaces.domain, domain));
  if (!workspace) return;
  const teamRows = await db
    .select()
    .from(teams)
    .where(
      and(
        eq(teams.workspaceId, workspace.id),
        inArray(
          teams.name,
          DEMO_INBOXES.map((i) => i.team),
        ),
      ),
    );
  await runCommand(
    services,
    { workspaceId: workspace.id, actor: { type: "system", name: "demo seed" } },
    async (ctx) => {
      for (const inbox of DEMO_INBOXES) {
        await ctx.tx
          .insert(emailInboxes)
          .values({
            workspaceId: workspace.id,
            address: `${inbox.local}@${domain}`,
            name: inbox.name,
            teamId: teamRows.find((t) => t.name === inbox.team)?.id ?? null,
          })
          .onConflictDoNothing();
      }
    },
  );
}
