// /teams: who works which issues, and what moves where when a team is folded into another.
import { z } from "zod";
import { text, Uuid } from "./primitives";
import type { Wire } from "./responses";
import { teamModes } from "./vocabulary";

export const TeamMode = z.enum(teamModes);
export const CreateTeamInput = z.strictObject({
  name: text(100),
  mode: TeamMode.optional(),
  leadUserId: Uuid.nullish(),
  description: z.string().max(2000).optional(),
  /** Replying to an unassigned issue assigns the responder; null: on for pooled teams, off for scoped. */
  assignOnReply: z.boolean().nullable().optional(),
  /** CSAT: whether the team's closed issues get a survey (not automatic closings), and its scale. */
  csatEnabled: z.boolean().optional(),
  /** `1-5`, or `thumbs` (👍 stored as 5, 👎 as 1). */
  csatScale: z.enum(["1-5", "thumbs"]).optional(),
});
export const UpdateTeamInput = CreateTeamInput.partial();
/** Deleting a team: the team its work moves to (required while it holds any). */
export const DeleteTeamQuery = z.strictObject({ moveTo: Uuid.optional() });
export const TeamMemberInput = z.strictObject({ tiers: z.array(text(100)).max(20).optional() });
export const TeamMemberParams = z.strictObject({ id: Uuid, userId: Uuid });

export const TeamMember = z.strictObject({ userId: Uuid, tiers: z.array(z.string()) });
export const Team = z.strictObject({
  id: Uuid,
  name: z.string(),
  mode: TeamMode,
  leadUserId: Uuid.nullable(),
  description: z.string(),
  /** Whether replying to an unassigned issue assigns the responder (the team's choice, else its mode's). */
  assignOnReply: z.boolean(),
  csatEnabled: z.boolean(),
  csatScale: z.enum(["1-5", "thumbs"]),
  members: z.array(TeamMember),
});
export type Team = Wire<typeof Team>;

export const TeamDeletion = z.strictObject({
  /** What moved to the receiving team. */
  moved: z.strictObject({
    openIssues: z.number().int(),
    closedIssues: z.number().int(),
    inboxes: z.number().int(),
    views: z.number().int(),
    macros: z.number().int(),
    agents: z.number().int(),
  }),
});
export type TeamDeletion = Wire<typeof TeamDeletion>;
