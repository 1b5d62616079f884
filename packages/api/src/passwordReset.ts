// /auth/password-reset and the one-time links people receive by email (reset, set-password,
// email change). Public routes: the secret in the link is the credential.
import { z } from "zod";
import { Uuid } from "./primitives";
import type { Wire } from "./responses";

export const RequestPasswordResetInput = z.strictObject({ email: z.string().trim().email().max(320) });

/** The secret of a one-time link (the `token` of its URL). */
export const LinkTokenInput = z.strictObject({ token: z.string().min(10).max(200) });

export const ResetPasswordInput = z.strictObject({
  token: z.string().min(10).max(200),
  password: z.string().min(1).max(1024),
});

/** What a valid reset or set-password link is for (shown on the page before the form). */
export const PasswordLink = z.strictObject({
  email: z.string(),
  name: z.string(),
  workspaceName: z.string(),
  kind: z.enum(["password_reset", "set_password"]),
});
export type PasswordLink = Wire<typeof PasswordLink>;

export const EmailChanged = z.strictObject({ ok: z.boolean(), userId: Uuid, email: z.string() });
export type EmailChanged = Wire<typeof EmailChanged>;
