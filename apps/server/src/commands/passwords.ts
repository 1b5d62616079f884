// Passwords: the strength rule, changing one's own (current password required; other sessions
// end), and the reset by email (a one-time link, one hour; the same answer whether or not the
// address has an account; the reset ends every session).
import { passwordProblems } from "@switchboard/api/passwords";
import argon2 from "argon2";
import { and, eq, isNull, ne, sql } from "drizzle-orm";
import { sessions, users } from "../db/schema";
import { AppError, invalid } from "../domain/errors";
import { issueLink, liveLink, revokeLinks, useLink } from "./accountLinks";
import { systemActor } from "./actors";
import { hashPassword } from "./auth";
import { type CommandContext, type CommandRunner, runCommand } from "./context";

export type UserRow = typeof users.$inferSelect;

/** Refuses a weak password with every reason, so the form can show them all at once. */
export function assertStrongPassword(password: string, person: { email?: string; name?: string }): void {
  const problems = passwordProblems(password, person);
  if (problems.length > 0) throw invalid(`Choose a stronger password: ${problems.join(" ")}`, { problems });
}

async function actingUser(ctx: CommandContext): Promise<UserRow> {
  if (ctx.actor.type !== "user") throw new AppError("forbidden", "Only a person can change their own account.");
  const [user] = await ctx.tx.select().from(users).where(eq(users.id, ctx.actor.userId));
  if (!user) throw new AppError("unauthenticated", "Your account no longer exists.");
  return user;
}

/** Refuses when `password` is not the acting person's current one. */
export async function assertCurrentPassword(user: UserRow, password: string): Promise<void> {
  const ok = user.passwordHash ? await argon2.verify(user.passwordHash, password) : false;
  if (!ok) throw invalid("Your current password is not correct.", { field: "currentPassword" });
}

/**
 * The acting person changes their password. Every other session of theirs ends (a stolen
 * session must not survive the change); `keepSessionId` is the one they are using.
 */
export async function changePassword(
  ctx: CommandContext,
  input: { currentPassword: string; newPassword: string; keepSessionId?: string },
): Promise<{ signedOut: number }> {
  const user = await actingUser(ctx);
  await assertCurrentPassword(user, input.currentPassword);
  if (input.currentPassword === input.newPassword) throw invalid("The new password must differ from the current one.");
  assertStrongPassword(input.newPassword, user);
  await ctx.tx
    .update(users)
    .set({ passwordHash: await hashPassword(input.newPassword), mustChangePassword: false })
    .where(eq(users.id, user.id));
  const others = await ctx.tx
    .delete(sessions)
    .where(and(eq(sessions.userId, user.id), input.keepSessionId ? ne(sessions.id, input.keepSessionId) : undefined))
    .returning({ id: sessions.id });
  return { signedOut: others.length };
}

/** The active person with this email, in whichever workspace (emails are unique across them). */
export async function activeUserByEmail(runner: CommandRunner, email: string): Promise<UserRow | undefined> {
  const [user] = await runner.database.db
    .select()
    .from(users)
    .where(and(sql`lower(${users.email}) = ${email.trim().toLowerCase()}`, isNull(users.deactivatedAt)));
  return user;
}

/**
 * Mails a reset link when the address has an active account; does nothing otherwise. The caller
 * answers the same either way, and the mail goes out from a job, so the answer takes as long.
 */
export async function requestPasswordReset(runner: CommandRunner, email: string): Promise<void> {
  const user = await activeUserByEmail(runner, email);
  if (!user) return;
  await runCommand(runner, { workspaceId: user.workspaceId, actor: systemActor("password reset") }, async (ctx) => {
    await revokeLinks(ctx, "password_reset", { userId: user.id });
    const { row } = await issueLink(ctx, { kind: "password_reset", email: user.email, userId: user.id });
    await ctx.enqueue("account.mail", {
      template: "password_reset",
      to: user.email,
      linkId: row.id,
      name: user.name,
    });
  });
}

/**
 * Sets a new password through a reset or set-password link: the link is used up, and every
 * session of the person ends. Returns the person (the route signs them in afresh).
 */
export async function resetPassword(runner: CommandRunner, secret: string, password: string): Promise<UserRow> {
  return runner.database.db.transaction(async (tx) => {
    const link = await liveLink(tx, ["password_reset", "set_password"], secret);
    const [user] = link.userId
      ? await tx
          .select()
          .from(users)
          .where(and(eq(users.id, link.userId), isNull(users.deactivatedAt)))
      : [];
    if (!user) throw new AppError("not_found", "This account is no longer active. Ask an admin of your workspace.");
    assertStrongPassword(password, user);
    await useLink(tx, link);
    const [updated] = await tx
      .update(users)
      .set({ passwordHash: await hashPassword(password), mustChangePassword: false })
      .where(eq(users.id, user.id))
      .returning();
    await tx.delete(sessions).where(eq(sessions.userId, user.id));
    if (!updated) throw new Error("user vanished");
    return updated;
  });
}

/**
 * The demo admin's password is printed in the README: when the server listens beyond loopback
 * and that password still works, the admin must choose another at their next sign-in.
 * Returns whether the well-known password is live.
 */
export async function guardKnownPassword(
  runner: CommandRunner,
  email: string,
  knownPassword: string,
): Promise<boolean> {
  const user = await activeUserByEmail(runner, email);
  if (!user?.passwordHash || !(await argon2.verify(user.passwordHash, knownPassword))) return false;
  await runner.database.db.update(users).set({ mustChangePassword: true }).where(eq(users.id, user.id));
  return true;
}
