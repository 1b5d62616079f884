// People and teams: users with roles, teams (pooled/scoped, lead = backstop), membership.
import { and, eq, ne, type SQL, sql } from "drizzle-orm";
import { selectRows } from "../db/raw";
import { aiAgents, emailInboxes, issues, macros, runbooks, teamMembers, teams, users, views } from "../db/schema";
import { conflict, invalid } from "../domain/errors";
import type { Role } from "../domain/permissions";
import { recordAudit, recordSettingChange } from "./audit";
import { hashPassword } from "./auth";
import { authorize } from "./authorize";
import type { CommandContext } from "./context";
import { appendEvent, enqueueIssueChanged } from "./events";
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
  await recordAudit(ctx, { action: "user.created", target: { type: "user", id: user.id }, after: audited(user) });
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
  const before = await assertUser(ctx, userId);
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
  // Roles and deactivation are what an audit asks about; a name or away flag is everyday.
  if (input.role !== undefined || input.deactivated !== undefined)
    await recordAudit(ctx, {
      action: "user.changed",
      target: { type: "user", id: user.id },
      before: audited(before),
      after: audited(user),
    });
  return user;
}

export interface TeamInput {
  name: string;
  mode?: TeamRow["mode"];
  leadUserId?: string | null;
  description?: string;
  assignOnReply?: boolean | null;
  csatEnabled?: boolean;
  csatScale?: TeamRow["csatScale"];
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
      assignOnReply: input.assignOnReply ?? null,
      csatEnabled: input.csatEnabled ?? true,
      csatScale: input.csatScale ?? "1-5",
    })
    .onConflictDoNothing()
    .returning();
  const team = rows[0];
  if (!team) throw conflict(`A team named "${input.name}" already exists.`);
  await recordSettingChange(ctx, { type: "team", id: team.id }, null, team);
  await ctx.notify({ kind: "settings", id: team.id, action: "team.created" });
  return team;
}

export async function updateTeam(ctx: CommandContext, teamId: string, input: Partial<TeamInput>): Promise<TeamRow> {
  authorize(ctx, "settings.write");
  const before = await assertTeam(ctx, teamId);
  if (input.leadUserId) await assertUser(ctx, input.leadUserId);
  const [team] = await ctx.tx
    .update(teams)
    .set({
      ...(input.name !== undefined && { name: input.name.trim() }),
      ...(input.mode !== undefined && { mode: input.mode }),
      ...(input.leadUserId !== undefined && { leadUserId: input.leadUserId }),
      ...(input.description !== undefined && { description: input.description }),
      ...(input.assignOnReply !== undefined && { assignOnReply: input.assignOnReply }),
      ...(input.csatEnabled !== undefined && { csatEnabled: input.csatEnabled }),
      ...(input.csatScale !== undefined && { csatScale: input.csatScale }),
    })
    .where(eq(teams.id, teamId))
    .returning()
    .catch(() => {
      throw conflict("Another team already has that name.");
    });
  if (!team) throw new Error("team vanished");
  await recordSettingChange(ctx, { type: "team", id: team.id }, before, team);
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
  await recordSettingChange(ctx, { type: "team_member", id: teamId }, null, { userId, tiers: options.tiers ?? [] });
}

export async function removeTeamMember(ctx: CommandContext, teamId: string, userId: string): Promise<void> {
  authorize(ctx, "settings.write");
  await assertTeam(ctx, teamId);
  await ctx.tx
    .delete(teamMembers)
    .where(
      and(eq(teamMembers.workspaceId, ctx.workspaceId), eq(teamMembers.teamId, teamId), eq(teamMembers.userId, userId)),
    );
  await recordSettingChange(ctx, { type: "team_member", id: teamId }, { userId }, null);
}

export interface TeamDeletion {
  /** What moved to the receiving team. */
  moved: { openIssues: number; closedIssues: number; inboxes: number; views: number; macros: number; agents: number };
}

/**
 * Deletes a team. Whatever it still holds (issues, inbox defaults, team views and macros, AI
 * agents and runbooks) moves to `moveTo` first: a team is folded into another, never deleted from
 * under its work. A team that holds nothing needs no receiver. Open issues get a team event and
 * the usual team-change reactions; closed ones move silently so reports keep them. Triggers that
 * name the team are not rewritten: they show as invalid until an admin edits them.
 */
export async function deleteTeam(ctx: CommandContext, teamId: string, moveTo?: string): Promise<TeamDeletion> {
  authorize(ctx, "settings.write");
  const team = await assertTeam(ctx, teamId);
  if (moveTo === teamId) throw invalid("A team cannot be folded into itself: pick another team.");
  if (moveTo) await assertTeam(ctx, moveTo);
  else await refuseWhileHolding(ctx, team);
  const moved = moveTo ? await moveTeamWork(ctx, team, moveTo) : NOTHING_MOVED;
  // Members and the team's routing settings go with it (foreign keys cascade).
  await ctx.tx.delete(teams).where(and(eq(teams.workspaceId, ctx.workspaceId), eq(teams.id, teamId)));
  await recordSettingChange(ctx, { type: "team", id: teamId }, team, moveTo ? { foldedInto: moveTo, moved } : null);
  await ctx.notify({ kind: "settings", id: teamId, action: "team.deleted" });
  return { moved };
}

const NOTHING_MOVED: TeamDeletion["moved"] = {
  openIssues: 0,
  closedIssues: 0,
  inboxes: 0,
  views: 0,
  macros: 0,
  agents: 0,
};

/** Every row kind that names a team, and its column: what deleting a team must move or refuse over. */
const TEAM_REFERENCES = {
  issues: issues.teamId,
  inboxes: emailInboxes.teamId,
  views: views.ownerTeamId,
  macros: macros.teamId,
  agents: aiAgents.teamId,
  runbooks: runbooks.targetTeamId,
} as const;
type TeamReference = keyof typeof TEAM_REFERENCES;

/** The rows of one kind that name `team`, in this workspace. */
function naming(ctx: CommandContext, kind: TeamReference, teamId: string): SQL {
  const column = TEAM_REFERENCES[kind];
  return sql`${column.table}.workspace_id = ${ctx.workspaceId} AND ${column} = ${teamId}`;
}

/** A team that still holds anything needs a receiver: a 409 listing how much of each kind. */
async function refuseWhileHolding(ctx: CommandContext, team: TeamRow): Promise<void> {
  const kinds = Object.keys(TEAM_REFERENCES) as TeamReference[];
  const [held = {}] = await selectRows<Record<string, number>>(
    ctx.tx,
    sql`SELECT ${sql.join(
      kinds.map(
        (kind) =>
          sql`(SELECT count(*)::int FROM ${TEAM_REFERENCES[kind].table} WHERE ${naming(ctx, kind, team.id)}) AS ${sql.identifier(kind)}`,
      ),
      sql`, `,
    )}`,
  );
  if (Object.values(held).some((n) => n > 0)) {
    throw conflict(`${team.name} still holds work: pick the team it moves to.`, held);
  }
}

/** Moves everything `team` holds to the team `moveTo`; returns how much of each kind moved. */
async function moveTeamWork(ctx: CommandContext, team: TeamRow, moveTo: string): Promise<TeamDeletion["moved"]> {
  const open = await ctx.tx
    .update(issues)
    .set({ teamId: moveTo, updatedAt: sql`now()` })
    .where(and(naming(ctx, "issues", team.id), ne(issues.state, "closed")))
    .returning({ id: issues.id, number: issues.number });
  for (const issue of open) {
    await appendEvent(ctx, issue, "team", { from: team.id, to: moveTo, reason: `team ${team.name} deleted` });
    await enqueueIssueChanged(ctx, issue.id, "team", team.id, moveTo);
  }
  // Every other kind, closed issues included (they move silently, so reports keep them).
  const move = async (kind: TeamReference) => {
    const column = TEAM_REFERENCES[kind];
    const rows = await selectRows(
      ctx.tx,
      sql`UPDATE ${column.table} SET ${sql.identifier(column.name)} = ${moveTo} WHERE ${naming(ctx, kind, team.id)} RETURNING 1 AS moved`,
    );
    return rows.length;
  };
  const closedIssues = await move("issues");
  await move("runbooks");
  return {
    openIssues: open.length,
    closedIssues,
    inboxes: await move("inboxes"),
    views: await move("views"),
    macros: await move("macros"),
    agents: await move("agents"),
  };
}

/** What the audit log keeps of a person (no password hash). */
const audited = (user: UserRow) => ({
  email: user.email,
  name: user.name,
  role: user.role,
  deactivated: user.deactivatedAt !== null,
});
