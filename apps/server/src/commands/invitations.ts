// Invitations: an admin invites a colleague by email with a role and teams. The link (7 days,
// single use) lets them set their name and password; admins can revoke it or send it again.
import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import { accountLinks, teamMembers, teams, users } from "../db/schema";
import { conflict, notFound } from "../domain/errors";
import type { Role } from "../domain/permissions";
import { type AccountLinkRow, issueLink, liveLink, renewLink, revokeLinks, useLink } from "./accountLinks";
import { recordAudit } from "./audit";
import { hashPassword } from "./auth";
import { authorize } from "./authorize";
import type { CommandContext, CommandRunner } from "./context";
import { assertTeam } from "./lookup";
import { assertStrongPassword, type UserRow } from "./passwords";

export interface InvitationInput {
  email: string;
  role: Role;
  teamIds: string[];
  name?: string;
}

async function assertNoAccount(db: CommandContext["tx"], email: string): Promise<void> {
  const [taken] = await db.select({ id: users.id }).from(users).where(sql`lower(${users.email}) = ${email}`);
  if (taken) throw conflict(`${email} already has an account.`);
}

export async function createInvitation(ctx: CommandContext, input: InvitationInput) {
  authorize(ctx, "user.write");
  const email = input.email.trim().toLowerCase();
  await assertNoAccount(ctx.tx, email);
  const teamIds = [...new Set(input.teamIds)];
  for (const teamId of teamIds) await assertTeam(ctx, teamId);
  // A second invitation to the same address replaces the first: one live link per person.
  await revokeLinks(ctx, "invitation", { email });
  const { row } = await issueLink(ctx, {
    kind: "invitation",
    email,
    role: input.role,
    teamIds,
    name: input.name ?? null,
  });
  await mailInvitation(ctx, row);
  await recordAudit(ctx, {
    action: "invitation.created",
    target: { type: "invitation", id: row.id },
    after: { email, role: input.role, teamIds },
  });
  await ctx.notify({ kind: "settings", id: row.id, action: "invitation.created" });
  return row;
}

async function pendingInvitation(ctx: CommandContext, id: string) {
  const [row] = await ctx.tx
    .select()
    .from(accountLinks)
    .where(
      and(
        eq(accountLinks.workspaceId, ctx.workspaceId),
        eq(accountLinks.id, id),
        eq(accountLinks.kind, "invitation"),
        isNull(accountLinks.usedAt),
        isNull(accountLinks.revokedAt),
      ),
    );
  if (!row) throw notFound("Invitation");
  return row;
}

export async function revokeInvitation(ctx: CommandContext, id: string): Promise<void> {
  authorize(ctx, "user.write");
  const invitation = await pendingInvitation(ctx, id);
  await ctx.tx.update(accountLinks).set({ revokedAt: new Date() }).where(eq(accountLinks.id, id));
  await recordAudit(ctx, {
    action: "invitation.revoked",
    target: { type: "invitation", id },
    before: { email: invitation.email, role: invitation.role },
  });
  await ctx.notify({ kind: "settings", id, action: "invitation.revoked" });
}

/** Sends the invitation again with a fresh link and a fresh 7 days; the earlier link stops working. */
export async function resendInvitation(ctx: CommandContext, id: string) {
  authorize(ctx, "user.write");
  await pendingInvitation(ctx, id);
  const { row } = await renewLink(ctx, id);
  await mailInvitation(ctx, row);
  await ctx.notify({ kind: "settings", id, action: "invitation.resent" });
  return row;
}

async function mailInvitation(ctx: CommandContext, link: AccountLinkRow) {
  await ctx.enqueue("account.mail", {
    template: "invitation",
    to: link.email,
    linkId: link.id,
    name: link.name,
    invitedBy: ctx.actor.type === "user" ? ctx.actor.name : null,
  });
}

/** The colleague accepts: their account is created with the invitation's role and teams. */
export async function acceptInvitation(
  runner: CommandRunner,
  input: { token: string; name: string; password: string },
): Promise<UserRow> {
  return runner.database.db.transaction(async (tx) => {
    const link = await liveLink(tx, ["invitation"], input.token);
    await assertNoAccount(tx, link.email);
    assertStrongPassword(input.password, { email: link.email, name: input.name });
    await useLink(tx, link);
    const [user] = await tx
      .insert(users)
      .values({
        workspaceId: link.workspaceId,
        email: link.email,
        name: input.name.trim(),
        role: link.role ?? "member",
        passwordHash: await hashPassword(input.password),
      })
      .returning();
    if (!user) throw new Error("user insert returned nothing");
    // Teams deleted since the invitation are skipped.
    const stillThere =
      link.teamIds.length === 0
        ? []
        : await tx
            .select({ id: teams.id })
            .from(teams)
            .where(and(eq(teams.workspaceId, link.workspaceId), inArray(teams.id, link.teamIds)));
    if (stillThere.length > 0) {
      await tx
        .insert(teamMembers)
        .values(stillThere.map((t) => ({ workspaceId: link.workspaceId, teamId: t.id, userId: user.id })))
        .onConflictDoNothing();
    }
    return user;
  });
}
