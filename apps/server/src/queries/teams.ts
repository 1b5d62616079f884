// Read model for teams with their members and tiers; agent-only, so it takes the workspace id.
import { asc, eq } from "drizzle-orm";
import type { Executor } from "../db/connect";
import { teamMembers, teams } from "../db/schema";

export async function listTeams(db: Executor, workspaceId: string) {
  const [teamRows, memberRows] = await Promise.all([
    db.select().from(teams).where(eq(teams.workspaceId, workspaceId)).orderBy(asc(teams.name)),
    db.select().from(teamMembers).where(eq(teamMembers.workspaceId, workspaceId)),
  ]);
  return teamRows.map((team) => ({
    team,
    members: memberRows.filter((m) => m.teamId === team.id).map((m) => ({ userId: m.userId, tiers: m.tiers })),
  }));
}
