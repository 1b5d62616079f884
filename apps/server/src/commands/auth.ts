// Logging in, sessions and API tokens. Secrets are random 32-byte tokens; only their
// SHA-256 is stored, so a database leak cannot be replayed.
import { createHash, randomBytes } from "node:crypto";
import argon2 from "argon2";
import { and, eq, gt, isNull, sql } from "drizzle-orm";
import type { Db } from "../db/connect";
import { apiTokens, sessions, ssoSettings, users } from "../db/schema";
import { AppError, notFound } from "../domain/errors";
import type { Role } from "../domain/permissions";
import { recordAudit, recordSignIn } from "./audit";
import { authorize } from "./authorize";
import type { CommandContext } from "./context";

export interface Principal {
  userId: string;
  workspaceId: string;
  role: Role;
  name: string;
  email: string;
  /** Present for cookie sessions: mutating requests must echo it (CSRF). */
  csrfToken?: string;
  sessionId?: string;
  /** Present when the caller came with an API token (recorded on the actor). */
  tokenId?: string;
  /** The demo admin's well-known password is live beyond loopback: only changing it is allowed. */
  mustChangePassword: boolean;
}

/** Where a session was opened from, for "where you're signed in". */
export interface SessionClient {
  userAgent?: string;
  ip?: string;
}

export const hashSecret = (secret: string) => createHash("sha256").update(secret).digest("hex");
export const newSecret = (prefix: string) => `${prefix}_${randomBytes(32).toString("base64url")}`;

/** argon2id at the library's defaults (64 MiB, three passes, four lanes). */
let hashCost: { memoryCost?: number; timeCost?: number; parallelism?: number } = {};

/**
 * The test harness's cost: 4 MiB, two passes, one lane (15× cheaper; a test file hashes and
 * verifies a dozen passwords). Only test code calls this, so a running server never hashes weaker;
 * a verify takes its cost from the stored hash either way.
 */
export function usePasswordHashCostForTests(): void {
  hashCost = { memoryCost: 4096, timeCost: 2, parallelism: 1 };
  dummyHash = hashPassword("not-a-real-password");
}

export const hashPassword = (password: string) => argon2.hash(password, { type: argon2.argon2id, ...hashCost });

/** Same answer and similar time for unknown email and wrong password: no account probing. */
let dummyHash = hashPassword("not-a-real-password");

export async function login(db: Db, email: string, password: string, ttlHours: number, client: SessionClient = {}) {
  const [user] = await db
    .select()
    .from(users)
    .where(and(sql`lower(${users.email}) = ${email.trim().toLowerCase()}`, isNull(users.deactivatedAt)));
  const ok = user?.passwordHash
    ? await argon2.verify(user.passwordHash, password)
    : await argon2.verify(await dummyHash, password).then(() => false);
  const origin = { ip: client.ip ?? null, userAgent: client.userAgent?.slice(0, 300) ?? null };
  if (!user || !ok) {
    // An unknown address belongs to no workspace: there is no one's log to write it in.
    if (user) await recordSignIn(db, { workspaceId: user.workspaceId, user, email, succeeded: false, origin });
    throw new AppError("unauthenticated", "Email or password is incorrect.");
  }
  // Checked after the password, so the answer tells nothing to someone who does not know it.
  if (await passwordLoginDisabled(db, user.workspaceId)) {
    await recordSignIn(db, {
      workspaceId: user.workspaceId,
      user,
      email,
      succeeded: false,
      origin,
      reason: "password_login_disabled",
    });
    throw new AppError("password_login_disabled", "This workspace signs in with SSO only: use “Sign in with SSO”.");
  }
  return startSession(db, user, ttlHours, client);
}

/** Whether the workspace signs in through SSO only (commands/sso.ts switches it). */
async function passwordLoginDisabled(db: Db, workspaceId: string): Promise<boolean> {
  const [row] = await db
    .select({ enabled: ssoSettings.enabled, disabled: ssoSettings.passwordLoginDisabled })
    .from(ssoSettings)
    .where(eq(ssoSettings.workspaceId, workspaceId));
  return row?.enabled === true && row.disabled;
}

/** Opens a session for `user` (login, and after setting a password through a link). */
export async function startSession(
  db: Db,
  user: typeof users.$inferSelect,
  ttlHours: number,
  client: SessionClient = {},
  method?: "sso",
) {
  const token = newSecret("sbs");
  await recordSignIn(db, {
    workspaceId: user.workspaceId,
    user,
    email: user.email,
    succeeded: true,
    method,
    origin: { ip: client.ip ?? null, userAgent: client.userAgent?.slice(0, 300) ?? null },
  });
  const csrfToken = randomBytes(24).toString("base64url");
  await db.insert(sessions).values({
    tokenHash: hashSecret(token),
    csrfToken,
    userId: user.id,
    workspaceId: user.workspaceId,
    expiresAt: new Date(Date.now() + ttlHours * 3600_000),
    userAgent: client.userAgent?.slice(0, 300) ?? null,
    ip: client.ip ?? null,
  });
  return { token, csrfToken, user };
}

export async function logout(db: Db, token: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.tokenHash, hashSecret(token)));
}

export async function principalFromSession(db: Db, token: string): Promise<Principal | undefined> {
  const [row] = await db
    .select({ user: users, session: sessions })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(
      and(eq(sessions.tokenHash, hashSecret(token)), gt(sessions.expiresAt, new Date()), isNull(users.deactivatedAt)),
    );
  if (!row) return undefined;
  return { ...principalOf(row.user), csrfToken: row.session.csrfToken, sessionId: row.session.id };
}

/** How stale `last_used_at` may be: a token's reads write it at most once a minute, not each. */
export const TOKEN_LAST_USED_EVERY_MS = 60_000;

export async function principalFromApiToken(db: Db, token: string, now = new Date()): Promise<Principal | undefined> {
  const [row] = await db
    .select({ user: users, token: apiTokens })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(and(eq(apiTokens.tokenHash, hashSecret(token)), isNull(apiTokens.revokedAt), isNull(users.deactivatedAt)));
  if (!row) return undefined;
  const lastUsed = row.token.lastUsedAt;
  if (!lastUsed || now.getTime() - lastUsed.getTime() >= TOKEN_LAST_USED_EVERY_MS)
    await db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, row.token.id));
  return { ...principalOf(row.user), tokenId: row.token.id };
}

function principalOf(user: typeof users.$inferSelect): Principal {
  return {
    userId: user.id,
    workspaceId: user.workspaceId,
    role: user.role,
    name: user.name,
    email: user.email,
    mustChangePassword: user.mustChangePassword,
  };
}

/** Creates a token for the acting user; the secret is returned once and never stored. */
export async function createApiToken(ctx: CommandContext, name: string) {
  authorize(ctx, "token.write");
  if (ctx.actor.type !== "user") throw new AppError("forbidden", "Only people can own API tokens.");
  const token = newSecret("sbt");
  const [row] = await ctx.tx
    .insert(apiTokens)
    .values({ workspaceId: ctx.workspaceId, userId: ctx.actor.userId, name, tokenHash: hashSecret(token) })
    .returning();
  if (!row) throw new Error("token insert returned nothing");
  await recordAudit(ctx, { action: "token.created", target: { type: "api_token", id: row.id }, after: { name } });
  return { token, row };
}

export async function revokeApiToken(ctx: CommandContext, tokenId: string): Promise<void> {
  authorize(ctx, "token.write");
  const [row] = await ctx.tx
    .update(apiTokens)
    .set({ revokedAt: new Date() })
    .where(and(eq(apiTokens.workspaceId, ctx.workspaceId), eq(apiTokens.id, tokenId), isNull(apiTokens.revokedAt)))
    .returning();
  if (!row) throw notFound("API token");
  await recordAudit(ctx, {
    action: "token.revoked",
    target: { type: "api_token", id: row.id },
    before: { name: row.name },
  });
}
