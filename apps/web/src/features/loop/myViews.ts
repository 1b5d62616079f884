// A person's own corner of the app: the views of the teams they belong to, their default view
// (their team's queue, else My issues), and the sidebar's grouping (mine, my teams, others).
import type { Team, View } from "../../api/types";

export function myTeamIds(teams: readonly Team[], userId: string): Set<string> {
  return new Set(teams.filter((t) => t.members.some((m) => m.userId === userId)).map((t) => t.id));
}

export type ViewGroups = { mine: View[]; myTeams: View[]; others: View[] };

/** Personal views, views of the person's teams, and everything else (other teams', workspace-wide). */
export function groupViews(views: readonly View[], teams: readonly Team[], userId: string): ViewGroups {
  const mine = myTeamIds(teams, userId);
  const groups: ViewGroups = { mine: [], myTeams: [], others: [] };
  for (const view of views) {
    if (view.ownerType === "user" && view.ownerUserId === userId) groups.mine.push(view);
    else if (view.ownerType === "team" && view.ownerTeamId && mine.has(view.ownerTeamId)) groups.myTeams.push(view);
    else groups.others.push(view);
  }
  return groups;
}

/** Where the person lands: their first team's first view, else their own first view, else My issues. */
export function homePath(views: readonly View[], teams: readonly Team[], userId: string): string {
  const { mine, myTeams } = groupViews(views, teams, userId);
  const view = myTeams[0] ?? mine[0];
  return view ? `/views/${view.id}` : "/my-issues";
}
