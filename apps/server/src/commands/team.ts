// People and teams: users with roles, teams (pooled/scoped, lead = backstop), membership.
import { and, eq, sql } from "drizzle-orm";
import { teamMembers, teams, users } from "../db/schema";
import { conflict, invalid } from "../domain/errors";
import type { Role } from "../domain/permissions";
import { hashPassword } from "./auth";
import { authorize } from "./authorize";
import type { CommandContext } from "./context";
import { assertTeam, assertUser } from "./lookup";

export type UserRow = typeof users.$inferSelect;
export type TeamRow = typeof teams.$inferSelect;

export interface UserInput {
  email: string;
  name: string;
  role?: Role;
  password?: string;
  slackUserId?: string | null;
}

export async function createUser(ctx: CommandContext, input: UserInput): Promise<UserRow> {
  authorize(ctx, "user.write");
  const [taken] = await ctx.tx
    .select({ id: users.id })
    .from(users)
    .where(sql`lower(${users.email}) = ${input.email.toLowerCase()}`);
  if (taken) throw conflict("A user with that email already exists.");
  const [user] = await ctx.tx
    .insert(users)
    .values({
      workspaceId: ctx.workspaceId,
      email: input.email.trim().toLowerCase(),
      name: input.name.trim(),
      role: input.role ?? "member",
      passwordHash: input.password ? await hashPassword(input.password) : null,
      slackUserId: input.slackUserId ?? null,
    })
    .returning();
  if (!user) throw new Error("user insert returned nothing");
  return user;
}

export async function updateUser(
  ctx: CommandContext,
  userId: string,
  input: { name?: string; role?: Role; away?: boolean; slackUserId?: string | null; deactivated?: boolean },
): Promise<UserRow> {
  const self = ctx.actor.type === "user" && ctx.actor.userId === userId;
  // Anyone may rename themselves or mark themselves away; roles and deactivation are admin work.
  if (!self || input.role !== undefined || input.deactivated !== undefined) authorize(ctx, "user.write");
  await assertUser(ctx, userId);
  if (self && input.role && input.role !== "admin") throw invalid("You cannot remove your own admin role.");
  const [user] = await ctx.tx
    .update(users)
    .set({
      ...(input.name !== undefined && { name: input.name.trim() }),
      ...(input.role !== undefined && { role: input.role }),
      ...(input.away !== undefined && { away: input.away }),
      ...(input.slackUserId !== undefined && { slackUserId: input.slackUserId }),
      ...(input.deactivated !== undefined && { deactivatedAt: input.deactivated ? new Date() : null }),
    })
    .where(eq(users.id, userId))
    .returning();
  if (!user) throw new Error("user vanished");
  return user;
}

export interface TeamInput {
  name: string;
  mode?: TeamRow["mode"];
  leadUserId?: string | null;
  description?: string;
}

export async function createTeam(ctx: CommandContext, input: TeamInput): Promise<TeamRow> {
  authorize(ctx, "settings.write");
  if (input.leadUserId) await assertUser(ctx, input.leadUserId);
  const rows = await ctx.tx
    .insert(teams)
    .values({
      workspaceId: ctx.workspaceId,
      name: input.name.trim(),
      mode: input.mode ?? "pooled",
      leadUserId: input.leadUserId ?? null,
      description: input.description ?? "",
    })
    .onConflictDoNothing()
    .returning();
  const team = rows[0];
  if (!team) throw conflict(`A team named "${input.name}" already exists.`);
  await ctx.notify({ kind: "settings", id: team.id, action: "team.created" });
  return team;
}

export async function updateTeam(ctx: CommandContext, teamId: string, input: Partial<TeamInput>): Promise<TeamRow> {
  authorize(ctx, "settings.write");
  await assertTeam(ctx, teamId);
  if (input.leadUserId) await assertUser(ctx, input.leadUserId);
  const [team] = await ctx.tx
    .update(teams)
    .set({
      ...(input.name !== undefined && { name: input.name.trim() }),
      ...(input.mode !== undefined && { mode: input.mode }),
      ...(input.leadUserId !== undefined && { leadUserId: input.leadUserId }),
      ...(input.description !== undefined && { description: input.description }),
    })
    .where(eq(teams.id, teamId))
    .returning()
    .catch(() => {
      throw conflict("Another team already has that name.");
    });
  if (!team) throw new Error("team vanished");
  await ctx.notify({ kind: "settings", id: team.id, action: "team.updated" });
  return team;
}

export async function setTeamMember(
  ctx: CommandContext,
  teamId: string,
  userId: string,
  options: { tiers?: string[] } = {},
): Promise<void> {
  authorize(ctx, "settings.write");
  await assertTeam(ctx, teamId);
  await assertUser(ctx, userId);
  await ctx.tx
    .insert(teamMembers)
    .values({ workspaceId: ctx.workspaceId, teamId, userId, tiers: options.tiers ?? [] })
    .onConflictDoUpdate({ target: [teamMembers.teamId, teamMembers.userId], set: { tiers: options.tiers ?? [] } });
}

export async function removeTeamMember(ctx: CommandContext, teamId: string, userId: string): Promise<void> {
  authorize(ctx, "settings.write");
  await assertTeam(ctx, teamId);
  await ctx.tx
    .delete(teamMembers)
    .where(
      and(eq(teamMembers.workspaceId, ctx.workspaceId), eq(teamMembers.teamId, teamId), eq(teamMembers.userId, userId)),
    );
}
