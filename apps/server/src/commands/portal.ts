// The customer portal's writes: admins build ticket forms; a customer asks for a login by email
// (a one-time code and magic link, minted as the mail is composed and stored as hashes), uses
// it once to open a session, and signs out.
import { createHash, randomBytes, randomInt, timingSafeEqual } from "node:crypto";
import { and, asc, desc, eq, gt, isNull, lt, sql } from "drizzle-orm";
import {
  contacts,
  customFields,
  type PortalFormFieldRow,
  portalForms,
  portalLogins,
  portalSessions,
  teams,
} from "../db/schema";
import { AppError, invalid, notFound } from "../domain/errors";
import type { Priority } from "../domain/lifecycle";
import { recordSettingChange } from "./audit";
import { authorize } from "./authorize";
import { type CommandContext, nowOf } from "./context";
import { normaliseTags } from "./issues";

/** A login code or link works this long after it was mailed. */
export const PORTAL_LOGIN_MINUTES = 15;
/** Wrong codes a login survives; then it is dead and the customer asks for a new one. */
export const PORTAL_CODE_ATTEMPTS = 5;
export const PORTAL_SESSION_DAYS = 30;
/** The custom-field types a form may ask for (the catalog has more: boolean, url, user). */
const FORM_FIELD_TYPES = new Set(["text", "select", "multiselect", "date", "number"]);

export type PortalFormRow = typeof portalForms.$inferSelect;

export interface PortalFormInput {
  name: string;
  description?: string;
  fields?: PortalFormFieldRow[];
  defaultTeamId?: string | null;
  defaultPriority?: Priority | null;
  defaultTags?: string[];
  position?: number;
}

export async function createPortalForm(ctx: CommandContext, input: PortalFormInput): Promise<PortalFormRow> {
  authorize(ctx, "settings.write");
  await checkForm(ctx, input);
  const [last] = await ctx.tx
    .select({ position: portalForms.position })
    .from(portalForms)
    .where(eq(portalForms.workspaceId, ctx.workspaceId))
    .orderBy(desc(portalForms.position))
    .limit(1);
  const [row] = await ctx.tx
    .insert(portalForms)
    .values({
      workspaceId: ctx.workspaceId,
      name: input.name.trim(),
      description: input.description?.trim() ?? "",
      fields: input.fields ?? [],
      defaultTeamId: input.defaultTeamId ?? null,
      defaultPriority: input.defaultPriority ?? null,
      defaultTags: normaliseTags(input.defaultTags ?? []),
      position: input.position ?? (last ? last.position + 1 : 0),
    })
    .returning();
  if (!row) throw new Error("portal form insert returned nothing");
  await recordSettingChange(ctx, { type: "portal_form", id: row.id }, null, row);
  await ctx.notify({ kind: "settings", id: row.id, action: "portal_form.created" });
  return row;
}

export async function updatePortalForm(
  ctx: CommandContext,
  formId: string,
  input: Partial<PortalFormInput>,
): Promise<PortalFormRow> {
  authorize(ctx, "settings.write");
  await checkForm(ctx, input);
  const [before] = await ctx.tx
    .select()
    .from(portalForms)
    .where(and(eq(portalForms.workspaceId, ctx.workspaceId), eq(portalForms.id, formId)));
  const [row] = await ctx.tx
    .update(portalForms)
    .set({
      ...(input.name !== undefined && { name: input.name.trim() }),
      ...(input.description !== undefined && { description: input.description.trim() }),
      ...(input.fields !== undefined && { fields: input.fields }),
      ...(input.defaultTeamId !== undefined && { defaultTeamId: input.defaultTeamId }),
      ...(input.defaultPriority !== undefined && { defaultPriority: input.defaultPriority }),
      ...(input.defaultTags !== undefined && { defaultTags: normaliseTags(input.defaultTags) }),
      ...(input.position !== undefined && { position: input.position }),
      updatedAt: nowOf(ctx),
    })
    .where(and(eq(portalForms.workspaceId, ctx.workspaceId), eq(portalForms.id, formId)))
    .returning();
  if (!row) throw notFound("Portal form");
  await recordSettingChange(ctx, { type: "portal_form", id: row.id }, before, row);
  await ctx.notify({ kind: "settings", id: row.id, action: "portal_form.updated" });
  return row;
}

export async function deletePortalForm(ctx: CommandContext, formId: string): Promise<void> {
  authorize(ctx, "settings.write");
  const rows = await ctx.tx
    .delete(portalForms)
    .where(and(eq(portalForms.workspaceId, ctx.workspaceId), eq(portalForms.id, formId)))
    .returning();
  if (!rows[0]) throw notFound("Portal form");
  await recordSettingChange(ctx, { type: "portal_form", id: formId }, rows[0], null);
  await ctx.notify({ kind: "settings", id: formId, action: "portal_form.deleted" });
}

/** Fields name issue custom fields of this workspace, of a type a form can ask for, once each. */
async function checkForm(ctx: CommandContext, input: Partial<PortalFormInput>): Promise<void> {
  if (input.defaultTeamId) {
    const [team] = await ctx.tx
      .select({ id: teams.id })
      .from(teams)
      .where(and(eq(teams.workspaceId, ctx.workspaceId), eq(teams.id, input.defaultTeamId)));
    if (!team) throw notFound("Team");
  }
  const fields = input.fields ?? [];
  const keys = fields.flatMap((f) => (f.type === "custom_field" ? [f.key] : []));
  if (new Set(keys).size !== keys.length) throw invalid("A form asks for each field once.");
  if (fields.filter((f) => f.type === "file").length > 1) throw invalid("A form has at most one file field.");
  if (keys.length === 0) return;
  const defs = await ctx.tx
    .select({ key: customFields.key, type: customFields.type })
    .from(customFields)
    .where(and(eq(customFields.workspaceId, ctx.workspaceId), eq(customFields.object, "issue")));
  const byKey = new Map(defs.map((d) => [d.key, d.type]));
  const problems: Record<string, string> = {};
  for (const key of keys) {
    const type = byKey.get(key);
    if (!type) problems[key] = `No issue custom field "${key}"`;
    else if (!FORM_FIELD_TYPES.has(type)) problems[key] = `A form cannot ask for a ${type} field`;
  }
  if (Object.keys(problems).length > 0) throw invalid("Some form fields are not valid.", { fields: problems });
}

// ---- logins and sessions --------------------------------------------------------------------

const sha256 = (value: string) => createHash("sha256").update(value).digest("hex");
/** A code is only six digits: salting it with its login's id keeps a leaked hash from a lookup table. */
const codeHash = (loginId: string, code: string) => sha256(`${loginId}:${code}`);

/**
 * A login for the contact with this email, mailed by the `portal.login` job. Unknown addresses
 * get nothing, and the caller answers both alike (no account enumeration).
 */
export async function requestPortalLogin(ctx: CommandContext, email: string): Promise<void> {
  const [contact] = await ctx.tx
    .select({ id: contacts.id })
    .from(contacts)
    .where(and(eq(contacts.workspaceId, ctx.workspaceId), sql`lower(${contacts.email}) = ${email.toLowerCase()}`))
    .orderBy(asc(contacts.createdAt))
    .limit(1);
  if (!contact) return;
  const now = nowOf(ctx);
  const [login] = await ctx.tx
    .insert(portalLogins)
    .values({
      workspaceId: ctx.workspaceId,
      contactId: contact.id,
      email: email.toLowerCase(),
      expiresAt: new Date(now.getTime() + PORTAL_LOGIN_MINUTES * 60_000),
    })
    .returning({ id: portalLogins.id });
  if (!login) throw new Error("portal login insert returned nothing");
  await ctx.enqueue("portal.login", { loginId: login.id });
}

/**
 * The code and link secret of a login, minted once as its mail is composed (only hashes are
 * stored); undefined when the login is used, expired or was minted already (a retried job).
 */
export async function mintPortalLogin(
  ctx: CommandContext,
  loginId: string,
): Promise<{ code: string; link: string; email: string; contactId: string } | undefined> {
  const code = String(randomInt(0, 1_000_000)).padStart(6, "0");
  const link = `sbp_${randomBytes(32).toString("base64url")}`;
  const [row] = await ctx.tx
    .update(portalLogins)
    .set({ codeHash: codeHash(loginId, code), linkHash: sha256(link) })
    .where(
      and(
        eq(portalLogins.workspaceId, ctx.workspaceId),
        eq(portalLogins.id, loginId),
        isNull(portalLogins.codeHash),
        isNull(portalLogins.usedAt),
        gt(portalLogins.expiresAt, nowOf(ctx)),
      ),
    )
    .returning({ email: portalLogins.email, contactId: portalLogins.contactId });
  return row ? { code, link, ...row } : undefined;
}

const wrongCode = () => new AppError("unauthenticated", "That code is wrong or expired. Ask for a new one.");

/**
 * Signs in with the code of the newest live login for this email. A wrong code counts against the
 * login (it dies after PORTAL_CODE_ATTEMPTS); using it is the UPDATE that marks it, so it works once.
 */
export async function useLoginCode(ctx: CommandContext, email: string, code: string) {
  const now = nowOf(ctx);
  const [login] = await ctx.tx
    .select()
    .from(portalLogins)
    .where(
      and(
        eq(portalLogins.workspaceId, ctx.workspaceId),
        eq(portalLogins.email, email.toLowerCase()),
        isNull(portalLogins.usedAt),
        gt(portalLogins.expiresAt, now),
        lt(portalLogins.attempts, PORTAL_CODE_ATTEMPTS),
        sql`${portalLogins.codeHash} IS NOT NULL`,
      ),
    )
    .orderBy(desc(portalLogins.createdAt))
    .limit(1);
  if (!login?.codeHash) throw wrongCode();
  const given = Buffer.from(codeHash(login.id, code), "hex");
  if (!timingSafeEqual(given, Buffer.from(login.codeHash, "hex"))) {
    await ctx.tx
      .update(portalLogins)
      .set({ attempts: sql`${portalLogins.attempts} + 1` })
      .where(eq(portalLogins.id, login.id));
    throw wrongCode();
  }
  return useLogin(ctx, and(eq(portalLogins.id, login.id), lt(portalLogins.attempts, PORTAL_CODE_ATTEMPTS)));
}

/** Signs in with a magic link's secret (any workspace: the link names its login). */
export async function useLoginLink(ctx: CommandContext, token: string) {
  return useLogin(ctx, eq(portalLogins.linkHash, sha256(token)));
}

async function useLogin(ctx: CommandContext, which: ReturnType<typeof and>) {
  const now = nowOf(ctx);
  const [used] = await ctx.tx
    .update(portalLogins)
    .set({ usedAt: now })
    .where(
      and(
        which,
        eq(portalLogins.workspaceId, ctx.workspaceId),
        isNull(portalLogins.usedAt),
        gt(portalLogins.expiresAt, now),
      ),
    )
    .returning({ contactId: portalLogins.contactId });
  if (!used) throw new AppError("unauthenticated", "That link or code is used or expired. Ask for a new one.");
  const token = `sbc_${randomBytes(32).toString("base64url")}`;
  const [session] = await ctx.tx
    .insert(portalSessions)
    .values({
      workspaceId: ctx.workspaceId,
      contactId: used.contactId,
      tokenHash: sha256(token),
      expiresAt: new Date(now.getTime() + PORTAL_SESSION_DAYS * 24 * 3600_000),
    })
    .returning();
  if (!session) throw new Error("portal session insert returned nothing");
  return { token, session };
}

export async function endPortalSession(ctx: CommandContext, token: string): Promise<void> {
  await ctx.tx
    .delete(portalSessions)
    .where(and(eq(portalSessions.workspaceId, ctx.workspaceId), eq(portalSessions.tokenHash, sha256(token))));
}

export const portalTokenHash = sha256;
