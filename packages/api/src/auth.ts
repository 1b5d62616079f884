// /auth: login, logout, who am I.
import { z } from "zod";
import { Uuid } from "./primitives";
import type { Wire } from "./responses";
import { roles } from "./vocabulary";

export const LoginInput = z.strictObject({
  email: z.string().trim().email().max(320),
  password: z.string().min(1).max(1024),
});

export const SessionUser = z.strictObject({
  id: Uuid,
  email: z.string(),
  name: z.string(),
  role: z.enum(roles),
  workspaceId: Uuid,
  /** The demo admin's well-known password is live beyond loopback: nothing else works until it changes. */
  mustChangePassword: z.boolean(),
});
export type SessionUser = Wire<typeof SessionUser>;

/** What login and /auth/me answer; csrfToken is null for bearer-token callers. */
export const Session = z.strictObject({ user: SessionUser, csrfToken: z.string().nullable() });
export type Session = Wire<typeof Session>;
