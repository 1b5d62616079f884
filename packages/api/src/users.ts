// /users: the workspace's agents and admins.
import { z } from "zod";
import { text, Uuid } from "./primitives";
import type { Wire } from "./responses";
import { roles } from "./vocabulary";

export const Role = z.enum(roles);
export const CreateUserInput = z.strictObject({
  email: z.string().trim().email().max(320),
  name: text(200),
  role: Role.optional(),
  password: z.string().min(8).max(1024).optional(),
  slackUserId: z.string().trim().max(50).nullish(),
});
export const UpdateUserInput = z.strictObject({
  name: text(200).optional(),
  role: Role.optional(),
  away: z.boolean().optional(),
  slackUserId: z.string().trim().max(50).nullish(),
  deactivated: z.boolean().optional(),
});

export const User = z.strictObject({
  id: Uuid,
  email: z.string(),
  name: z.string(),
  role: Role,
  workspaceId: Uuid,
  away: z.boolean(),
  slackUserId: z.string().nullable(),
  deactivated: z.boolean(),
});
export type User = Wire<typeof User>;
