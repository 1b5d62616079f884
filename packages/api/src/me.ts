// /me: the signed-in person's own account — name, email (confirmed by a link to the new
// address), password (current one required), and where they are signed in.
import { z } from "zod";
import { text, Uuid } from "./primitives";
import { Timestamp, type Wire } from "./responses";

export const UpdateMeInput = z.strictObject({ name: text(200) });

export const ChangePasswordInput = z.strictObject({
  currentPassword: z.string().min(1).max(1024),
  newPassword: z.string().min(1).max(1024),
});

export const ChangeEmailInput = z.strictObject({
  email: z.string().trim().email().max(320),
  currentPassword: z.string().min(1).max(1024),
});

/** One of the person's sessions, for "where you're signed in". */
export const SignedInSession = z.strictObject({
  id: Uuid,
  userAgent: z.string().nullable(),
  ip: z.string().nullable(),
  createdAt: Timestamp,
  expiresAt: Timestamp,
  /** The session this request came with. */
  current: z.boolean(),
});
export type SignedInSession = Wire<typeof SignedInSession>;

/** What a password change answers: how many other sessions were signed out. */
export const PasswordChanged = z.strictObject({ ok: z.boolean(), signedOut: z.number().int() });
export type PasswordChanged = Wire<typeof PasswordChanged>;

/** An email change waits for the link sent to the new address. */
export const EmailChangePending = z.strictObject({ ok: z.boolean(), pendingEmail: z.string() });
export type EmailChangePending = Wire<typeof EmailChangePending>;
