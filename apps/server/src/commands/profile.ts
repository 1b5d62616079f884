// The signed-in person's own account: email change (confirmed by a link to the new address, so a
// typo cannot lock them out) and signing out one of their sessions.
import { and, eq, sql } from "drizzle-orm";
import { sessions, users } from "../db/schema";
import { AppError, conflict, notFound } from "../domain/errors";
import { issueLink, liveLink, revokeLinks, useLink } from "./accountLinks";
import type { CommandContext, CommandRunner } from "./context";
import { assertCurrentPassword } from "./passwords";

async function assertEmailFree(db: CommandContext["tx"], email: string): Promise<void> {
  const [taken] = await db
    .select({ id: users.id })
    .from(users)
    .where(sql`lower(${users.email}) = ${email.toLowerCase()}`);
  if (taken) throw conflict("That email address already belongs to an account.");
}

/** Mails a confirmation link to the new address; the email changes only when it is opened. */
export async function requestEmailChange(
  ctx: CommandContext,
  input: { email: string; currentPassword: string },
): Promise<{ pendingEmail: string }> {
  if (ctx.actor.type !== "user") throw new AppError("forbidden", "Only a person can change their own email.");
  const [user] = await ctx.tx.select().from(users).where(eq(users.id, ctx.actor.userId));
  if (!user) throw new AppError("unauthenticated", "Your account no longer exists.");
  await assertCurrentPassword(user, input.currentPassword);
  const email = input.email.trim().toLowerCase();
  if (email === user.email.toLowerCase()) throw conflict("That is already your email address.");
  await assertEmailFree(ctx.tx, email);
  await revokeLinks(ctx, "email_change", { userId: user.id });
  const { row } = await issueLink(ctx, { kind: "email_change", email, userId: user.id });
  await ctx.enqueue("account.mail", { template: "email_change", to: email, linkId: row.id, name: user.name });
  return { pendingEmail: email };
}

/** Opens an email-change link: the account takes the new address. */
export async function confirmEmailChange(runner: CommandRunner, secret: string) {
  return runner.database.db.transaction(async (tx) => {
    const link = await liveLink(tx, ["email_change"], secret);
    if (!link.userId) throw new Error("email change link without a user");
    await assertEmailFree(tx, link.email);
    await useLink(tx, link);
    const [user] = await tx.update(users).set({ email: link.email }).where(eq(users.id, link.userId)).returning();
    if (!user) throw notFound("Account");
    return user;
  });
}

/** Signs out one of the acting person's own sessions (another device, or this one). */
export async function revokeSession(ctx: CommandContext, sessionId: string): Promise<void> {
  if (ctx.actor.type !== "user") throw new AppError("forbidden", "Only a person has sessions.");
  const rows = await ctx.tx
    .delete(sessions)
    .where(
      and(eq(sessions.workspaceId, ctx.workspaceId), eq(sessions.userId, ctx.actor.userId), eq(sessions.id, sessionId)),
    )
    .returning({ id: sessions.id });
  if (rows.length === 0) throw notFound("Session");
}
