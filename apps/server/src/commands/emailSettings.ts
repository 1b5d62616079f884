// Email set-up in the app: the workspace's outbound SMTP settings and DKIM key (secrets arrive
// sealed by the caller), and the "send a test mail to this inbox" check. Admin-only settings.
import { randomBytes } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { emailInboxes, emailSettings, type SMTP_SECURITY } from "../db/schema";
import { notFound } from "../domain/errors";
import { recordAudit } from "./audit";
import { authorize } from "./authorize";
import type { CommandContext } from "./context";

export type EmailSettingsRow = typeof emailSettings.$inferSelect;

export interface SmtpSettingsInput {
  host: string;
  port: number;
  security: (typeof SMTP_SECURITY)[number];
  user: string | null;
  /** Sealed password; undefined keeps the stored one, null removes it. */
  passwordSealed: string | null | undefined;
}

export async function saveSmtpSettings(ctx: CommandContext, input: SmtpSettingsInput): Promise<EmailSettingsRow> {
  authorize(ctx, "settings.write");
  const before = await settingsOf(ctx);
  const values = {
    smtpHost: input.host,
    smtpPort: input.port,
    smtpSecurity: input.security,
    smtpUser: input.user,
    ...(input.passwordSealed !== undefined && { smtpPasswordSealed: input.passwordSealed }),
    updatedAt: new Date(),
  };
  const [row] = await ctx.tx
    .insert(emailSettings)
    .values({ workspaceId: ctx.workspaceId, ...values })
    .onConflictDoUpdate({ target: emailSettings.workspaceId, set: values })
    .returning();
  if (!row) throw new Error("email settings upsert returned no row");
  await auditEmailSettings(ctx, before, row);
  await ctx.notify({ kind: "settings", id: ctx.workspaceId, action: "email.settings" });
  return row;
}

export interface DkimKeyInput {
  domain: string;
  selector: string;
  privateKeySealed: string;
  publicKey: string;
}

/** A new key replaces the old one: the admin publishes the new record (a new selector keeps both valid). */
export async function setDkimKey(ctx: CommandContext, input: DkimKeyInput | null): Promise<EmailSettingsRow> {
  authorize(ctx, "settings.write");
  const before = await settingsOf(ctx);
  const values = {
    dkimDomain: input?.domain ?? null,
    dkimSelector: input?.selector ?? null,
    dkimPrivateKeySealed: input?.privateKeySealed ?? null,
    dkimPublicKey: input?.publicKey ?? null,
    updatedAt: new Date(),
  };
  const [row] = await ctx.tx
    .insert(emailSettings)
    .values({ workspaceId: ctx.workspaceId, ...values })
    .onConflictDoUpdate({ target: emailSettings.workspaceId, set: values })
    .returning();
  if (!row) throw new Error("email settings upsert returned no row");
  await auditEmailSettings(ctx, before, row);
  await ctx.notify({ kind: "settings", id: ctx.workspaceId, action: "email.dkim" });
  return row;
}

/** The token a test mail carries in its subject: `[sb-check-0123456789]`. */
export const CHECK_TOKEN = /\[(sb-check-[0-9a-f]{10})\]/;

export async function startInboxCheck(ctx: CommandContext, inboxId: string) {
  authorize(ctx, "settings.write");
  const [inbox] = await ctx.tx
    .update(emailInboxes)
    .set({ checkToken: `sb-check-${randomBytes(5).toString("hex")}`, checkSentAt: new Date(), checkArrivedAt: null })
    .where(and(eq(emailInboxes.workspaceId, ctx.workspaceId), eq(emailInboxes.id, inboxId)))
    .returning();
  if (!inbox) throw notFound("Inbox");
  return inbox;
}

/** A mail carrying the inbox's pending check token arrived: true when it was the check. */
export async function recordInboxCheckArrival(ctx: CommandContext, inboxId: string, token: string): Promise<boolean> {
  const rows = await ctx.tx
    .update(emailInboxes)
    .set({ checkArrivedAt: new Date() })
    .where(
      and(
        eq(emailInboxes.workspaceId, ctx.workspaceId),
        eq(emailInboxes.id, inboxId),
        eq(emailInboxes.checkToken, token),
      ),
    )
    .returning({ id: emailInboxes.id });
  if (rows.length > 0) await ctx.notify({ kind: "settings", id: inboxId, action: "inbox.check" });
  return rows.length > 0;
}

async function settingsOf(ctx: CommandContext): Promise<EmailSettingsRow | undefined> {
  const [row] = await ctx.tx.select().from(emailSettings).where(eq(emailSettings.workspaceId, ctx.workspaceId));
  return row;
}

/** Outgoing email settings before and after (the sealed password and key are redacted by the log). */
async function auditEmailSettings(ctx: CommandContext, before: EmailSettingsRow | undefined, after: EmailSettingsRow) {
  const fields = (row: EmailSettingsRow) => {
    const { workspaceId: _w, createdAt: _c, updatedAt: _u, ...rest } = row;
    return rest;
  };
  await recordAudit(ctx, {
    action: "settings.changed",
    target: { type: "email_settings", id: ctx.workspaceId },
    before: before ? fields(before) : null,
    after: fields(after),
  });
}
