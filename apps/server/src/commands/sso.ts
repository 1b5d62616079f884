// Single sign-on: the workspace's provider settings (admin, audited), disabling password login
// once SSO has worked for an admin, the owner's break-glass, and signing a person in from a
// validated ID token (an existing identity, a linked verified email, or a new person).
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../db/connect";
import { ssoIdentities, ssoSettings, users, workspaces } from "../db/schema";
import { AppError, conflict, notFound } from "../domain/errors";
import type { Role } from "../domain/permissions";
import { matchSsoPerson, normaliseDomains, type SsoClaims, SsoRefusal } from "../domain/sso";
import { recordAudit, recordSignIn } from "./audit";
import { authorize } from "./authorize";
import { type CommandContext, type CommandRunner, type RequestOrigin, runCommand } from "./context";
import { createUser } from "./team";

export type SsoSettingsRow = typeof ssoSettings.$inferSelect;

export interface SsoSettingsInput {
  issuer: string;
  clientId: string;
  /** Sealed secret; undefined keeps the stored one, null removes it. */
  clientSecretSealed: string | null | undefined;
  defaultRole: Role;
  allowedDomains: string[];
  enabled: boolean;
}

export async function ssoSettingsOf(db: Db | CommandContext["tx"], workspaceId: string) {
  const [row] = await db.select().from(ssoSettings).where(eq(ssoSettings.workspaceId, workspaceId));
  return row;
}

const audited = (row: SsoSettingsRow | undefined) => {
  if (!row) return null;
  const { workspaceId: _w, createdAt: _c, updatedAt: _u, verifiedAt: _v, ...rest } = row;
  return rest;
};

async function auditSso(ctx: CommandContext, before: SsoSettingsRow | undefined, after: SsoSettingsRow) {
  await recordAudit(ctx, {
    action: "settings.changed",
    target: { type: "sso_settings", id: ctx.workspaceId },
    before: audited(before),
    after: audited(after),
  });
}

export async function saveSsoSettings(ctx: CommandContext, input: SsoSettingsInput): Promise<SsoSettingsRow> {
  authorize(ctx, "settings.write");
  const before = await ssoSettingsOf(ctx.tx, ctx.workspaceId);
  // A new provider has not proved itself yet: password login comes back until it has.
  const providerChanged = before !== undefined && before.issuer !== input.issuer;
  const values = {
    issuer: input.issuer,
    clientId: input.clientId,
    ...(input.clientSecretSealed !== undefined && { clientSecretSealed: input.clientSecretSealed }),
    defaultRole: input.defaultRole,
    allowedDomains: normaliseDomains(input.allowedDomains),
    enabled: input.enabled,
    ...((providerChanged || !input.enabled) && { passwordLoginDisabled: false }),
    ...(providerChanged && { verifiedAt: null }),
    updatedAt: new Date(),
  };
  const [row] = await ctx.tx
    .insert(ssoSettings)
    .values({ workspaceId: ctx.workspaceId, ...values })
    .onConflictDoUpdate({ target: ssoSettings.workspaceId, set: values })
    .returning();
  if (!row) throw new Error("sso settings upsert returned no row");
  await auditSso(ctx, before, row);
  await ctx.notify({ kind: "settings", id: ctx.workspaceId, action: "sso.settings" });
  return row;
}

/** Password login can be switched off only after an admin signed in through SSO (no lock-out). */
export async function setPasswordLoginDisabled(ctx: CommandContext, disabled: boolean): Promise<SsoSettingsRow> {
  authorize(ctx, "settings.write");
  const before = await ssoSettingsOf(ctx.tx, ctx.workspaceId);
  if (disabled && !before?.enabled) {
    throw new AppError("sso_not_verified", "Set up single sign-on before disabling password login.");
  }
  if (disabled && !before?.verifiedAt) {
    throw new AppError(
      "sso_not_verified",
      "An admin must sign in with SSO once before password login can be disabled (so nobody is locked out).",
    );
  }
  if (!before) throw notFound("SSO settings");
  const [row] = await ctx.tx
    .update(ssoSettings)
    .set({ passwordLoginDisabled: disabled, updatedAt: new Date() })
    .where(eq(ssoSettings.workspaceId, ctx.workspaceId))
    .returning();
  if (!row) throw new Error("sso settings update returned no row");
  await auditSso(ctx, before, row);
  return row;
}

/** The owner's break-glass (CLI): password login works again for the workspace with this domain. */
export async function allowPasswordLogin(runner: CommandRunner, workspaceDomain: string): Promise<string> {
  const [workspace] = await runner.database.db
    .select({ id: workspaces.id })
    .from(workspaces)
    .where(eq(workspaces.domain, workspaceDomain.trim().toLowerCase()));
  if (!workspace) throw notFound("Workspace");
  await runCommand(runner, { workspaceId: workspace.id, actor: { type: "system", name: "CLI" } }, async (ctx) => {
    const before = await ssoSettingsOf(ctx.tx, ctx.workspaceId);
    if (!before) return;
    const [row] = await ctx.tx
      .update(ssoSettings)
      .set({ passwordLoginDisabled: false, updatedAt: new Date() })
      .where(eq(ssoSettings.workspaceId, ctx.workspaceId))
      .returning();
    if (row) await auditSso(ctx, before, row);
  });
  return workspace.id;
}

/** The workspace an SSO sign-in for `email` goes to: the person's own, else the one owning the domain. */
export async function ssoWorkspaceFor(db: Db, email: string): Promise<string | undefined> {
  const lower = email.trim().toLowerCase();
  const [user] = await db
    .select({ workspaceId: users.workspaceId })
    .from(users)
    .where(sql`lower(${users.email}) = ${lower}`);
  if (user) return user.workspaceId;
  const domain = lower.slice(lower.lastIndexOf("@") + 1);
  const [workspace] = await db
    .select({ id: workspaces.id })
    .from(workspaces)
    .where(sql`${domain} = ANY(${workspaces.domains}) OR ${workspaces.domain} = ${domain}`);
  return workspace?.id;
}

/**
 * Signs in the person a validated ID token names, creating them (default role) on first sign-in.
 * A refusal is thrown as SsoRefusal (the caller records it with recordSsoFailure); the caller
 * opens the session.
 */
export async function completeSsoSignIn(
  runner: CommandRunner,
  input: { workspaceId: string; issuer: string; claims: SsoClaims; origin: RequestOrigin },
): Promise<typeof users.$inferSelect> {
  return runCommand(
    runner,
    { workspaceId: input.workspaceId, actor: { type: "system", name: "SSO" }, origin: input.origin },
    (ctx) => signInPerson(ctx, input.issuer, input.claims),
  );
}

async function signInPerson(ctx: CommandContext, issuer: string, claims: SsoClaims) {
  const settings = await ssoSettingsOf(ctx.tx, ctx.workspaceId);
  if (!settings?.enabled) throw new SsoRefusal("not_configured", "Single sign-on is not set up for this workspace.");
  const [identity] = await ctx.tx
    .select({ userId: ssoIdentities.userId })
    .from(ssoIdentities)
    .where(
      and(
        eq(ssoIdentities.workspaceId, ctx.workspaceId),
        eq(ssoIdentities.issuer, issuer),
        eq(ssoIdentities.subject, claims.subject),
      ),
    );
  const [byEmail] = claims.email
    ? await ctx.tx
        .select({ id: users.id, workspaceId: users.workspaceId })
        .from(users)
        .where(sql`lower(${users.email}) = ${claims.email.toLowerCase()}`)
    : [];
  const match = matchSsoPerson(
    claims,
    { identityUserId: identity?.userId ?? null, userByEmail: byEmail ?? null },
    { id: ctx.workspaceId, allowedDomains: settings.allowedDomains },
  );
  const user =
    match.kind === "create"
      ? await createUser(ctx, { email: match.email, name: match.name, role: settings.defaultRole })
      : await userById(ctx, match.userId);
  if (user.deactivatedAt) throw new SsoRefusal("user_deactivated", "This person has been deactivated.");
  if (match.kind !== "identity") {
    await ctx.tx
      .insert(ssoIdentities)
      .values({ workspaceId: ctx.workspaceId, issuer, subject: claims.subject, userId: user.id })
      .onConflictDoNothing();
  }
  if (user.role === "admin" && !settings.verifiedAt) {
    await ctx.tx
      .update(ssoSettings)
      .set({ verifiedAt: new Date() })
      .where(eq(ssoSettings.workspaceId, ctx.workspaceId));
  }
  return user;
}

async function userById(ctx: CommandContext, userId: string) {
  const [user] = await ctx.tx
    .select()
    .from(users)
    .where(and(eq(users.workspaceId, ctx.workspaceId), eq(users.id, userId)));
  if (!user) throw conflict("The linked person no longer exists.");
  return user;
}

/** A refused SSO sign-in, in the workspace's log (no transaction: the refusal rolled it back). */
export async function recordSsoFailure(
  db: Db,
  input: { workspaceId: string; claims?: SsoClaims; origin: RequestOrigin },
  refusal: SsoRefusal,
): Promise<void> {
  await recordSignIn(db, {
    workspaceId: input.workspaceId,
    user: null,
    email: input.claims?.email ?? "",
    succeeded: false,
    origin: input.origin,
    method: "sso",
    reason: refusal.reason,
  });
}
