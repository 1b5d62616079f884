// Public API schemas of single sign-on (OpenID Connect): the workspace's provider settings (the
// client secret is write-only, sealed at rest) and the switch that turns password login off.
import { z } from "zod";
import { Timestamp, type Wire } from "./responses";
import { roles } from "./vocabulary";

const Domain = z
  .string()
  .trim()
  .toLowerCase()
  .max(253)
  .regex(/^@?(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$/, "a domain such as acme.com");

export const SsoSettingsInput = z.strictObject({
  /** The provider's issuer; /.well-known/openid-configuration is read from it. */
  issuerUrl: z.string().trim().url().max(2000),
  clientId: z.string().trim().min(1).max(500),
  /** Omitted keeps the stored secret; null or "" removes it (a public client, PKCE only). */
  clientSecret: z.string().max(2000).nullish(),
  defaultRole: z.enum(roles).default("member"),
  allowedDomains: z.array(Domain).max(50).default([]),
  enabled: z.boolean().default(true),
});

export const SsoPasswordLoginInput = z.strictObject({ disabled: z.boolean() });

export const SsoSettings = z.strictObject({
  configured: z.boolean(),
  issuerUrl: z.string().nullable(),
  clientId: z.string().nullable(),
  clientSecretSet: z.boolean(),
  defaultRole: z.enum(roles),
  allowedDomains: z.array(z.string()),
  enabled: z.boolean(),
  passwordLoginDisabled: z.boolean(),
  /** When an admin first signed in with SSO: password login can be disabled after it. */
  verifiedAt: Timestamp.nullable(),
  /** The redirect URI to register at the provider. */
  redirectUri: z.string(),
});
export type SsoSettings = Wire<typeof SsoSettings>;

/** The browser's start of an SSO sign-in: which person (their workspace is found from it). */
export const SsoStartQuery = z.strictObject({ email: z.string().trim().toLowerCase().email().max(254) });
export const SsoCallbackQuery = z.object({
  code: z.string().max(4000).optional(),
  state: z.string().max(1000).optional(),
  error: z.string().max(200).optional(),
  error_description: z.string().max(1000).optional(),
});
