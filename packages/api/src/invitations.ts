// /invitations: an admin invites a colleague by email with a role and teams; the link (7 days,
// single use, revocable, resendable) lets them set their name and password.
import { z } from "zod";
import { text, Uuid } from "./primitives";
import { Timestamp, type Wire } from "./responses";
import { Role } from "./users";

export const CreateInvitationInput = z.strictObject({
  email: z.string().trim().email().max(320),
  role: Role.default("member"),
  teamIds: z.array(Uuid).max(50).default([]),
  name: text(200).optional(),
});

export const Invitation = z.strictObject({
  id: Uuid,
  email: z.string(),
  name: z.string().nullable(),
  role: Role,
  teamIds: z.array(Uuid),
  invitedBy: z.string().nullable(),
  status: z.enum(["pending", "expired"]),
  expiresAt: Timestamp,
  createdAt: Timestamp,
});
export type Invitation = Wire<typeof Invitation>;

/** What the invitation page shows before the colleague accepts. */
export const InvitationPreview = z.strictObject({
  email: z.string(),
  name: z.string().nullable(),
  role: Role,
  workspaceName: z.string(),
  invitedBy: z.string().nullable(),
  teams: z.array(z.string()),
});
export type InvitationPreview = Wire<typeof InvitationPreview>;

export const AcceptInvitationInput = z.strictObject({
  token: z.string().min(10).max(200),
  name: text(200),
  password: z.string().min(1).max(1024),
});
