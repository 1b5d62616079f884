// Single sign-on rules, pure: which email domains may sign in, how a provider's answer maps to a
// person (an existing identity, a verified email, or a new person), and the sign-in state a
// browser carries between leaving for the provider and coming back (sealed: unforgeable).
import { AppError } from "./errors";
import type { SecretBox } from "./secrets";

/** Minutes a browser has to come back from the provider. */
export const SSO_STATE_MINUTES = 10;

/** Why an SSO sign-in was refused: stable codes the login page and the audit log show. */
export type SsoFailure =
  | "not_configured"
  | "state_invalid"
  | "provider_error"
  | "token_invalid"
  | "email_missing"
  | "email_not_verified"
  | "domain_not_allowed"
  | "email_in_other_workspace"
  | "user_deactivated";

export class SsoRefusal extends Error {
  constructor(
    readonly reason: SsoFailure,
    message: string,
  ) {
    super(message);
    this.name = "SsoRefusal";
  }
}

export const emailDomainOf = (email: string): string => email.slice(email.lastIndexOf("@") + 1).toLowerCase();

/** No allowed domains means any domain the provider vouches for. */
export function domainAllowed(email: string, allowedDomains: readonly string[]): boolean {
  if (allowedDomains.length === 0) return true;
  const domain = emailDomainOf(email);
  return allowedDomains.some((allowed) => allowed.toLowerCase() === domain);
}

/** Domains as an admin types them: trimmed, lower-cased, without a leading "@", no repeats. */
export function normaliseDomains(domains: readonly string[]): string[] {
  return [...new Set(domains.map((d) => d.trim().toLowerCase().replace(/^@/, "")).filter((d) => d.length > 0))];
}

/** What the provider said about the person, from a validated ID token. */
export interface SsoClaims {
  subject: string;
  email: string | null;
  emailVerified: boolean;
  name: string | null;
}

export type SsoMatch =
  | { kind: "identity"; userId: string }
  | { kind: "link"; userId: string }
  | { kind: "create"; email: string; name: string };

/**
 * The person an SSO answer signs in: the one this identity signed in as before; else the
 * workspace's person with that email, only if the provider verified the email (an unverified
 * claim could take over anyone's account); else a new person, when the email's domain is allowed.
 */
export function matchSsoPerson(
  claims: SsoClaims,
  known: {
    identityUserId: string | null;
    userByEmail: { id: string; workspaceId: string } | null;
  },
  workspace: { id: string; allowedDomains: readonly string[] },
): SsoMatch {
  if (!claims.email) {
    if (known.identityUserId) return { kind: "identity", userId: known.identityUserId };
    throw new SsoRefusal("email_missing", "The identity provider sent no email address.");
  }
  if (!domainAllowed(claims.email, workspace.allowedDomains)) {
    throw new SsoRefusal("domain_not_allowed", `Sign-in from ${emailDomainOf(claims.email)} is not allowed here.`);
  }
  if (known.identityUserId) return { kind: "identity", userId: known.identityUserId };
  if (known.userByEmail) {
    if (known.userByEmail.workspaceId !== workspace.id) {
      throw new SsoRefusal("email_in_other_workspace", "This email belongs to another workspace.");
    }
    if (!claims.emailVerified) {
      throw new SsoRefusal("email_not_verified", "The identity provider has not verified this email address.");
    }
    return { kind: "link", userId: known.userByEmail.id };
  }
  const name = claims.name?.trim() || claims.email.slice(0, claims.email.indexOf("@"));
  return { kind: "create", email: claims.email.toLowerCase(), name };
}

/** What the browser carries to the provider and back, sealed into a cookie. */
export interface SsoLoginState {
  workspaceId: string;
  state: string;
  nonce: string;
  codeVerifier: string;
  expiresAt: number;
}

export function sealLoginState(box: SecretBox, state: SsoLoginState): string {
  return Buffer.from(box.seal(JSON.stringify(state)), "utf8").toString("base64url");
}

/** The state the browser carried; a forged, altered or stale one is refused. */
export function openLoginState(box: SecretBox, sealed: string | undefined, now: Date): SsoLoginState {
  if (!sealed) throw new SsoRefusal("state_invalid", "The sign-in started in another browser, or too long ago.");
  let parsed: unknown;
  try {
    parsed = JSON.parse(box.open(Buffer.from(sealed, "base64url").toString("utf8")));
  } catch (error) {
    if (error instanceof AppError || error instanceof Error) {
      throw new SsoRefusal("state_invalid", "The sign-in state is not one this server made.");
    }
    throw error;
  }
  if (!isLoginState(parsed) || parsed.expiresAt < now.getTime()) {
    throw new SsoRefusal("state_invalid", "The sign-in took too long; start again.");
  }
  return parsed;
}

function isLoginState(value: unknown): value is SsoLoginState {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.workspaceId === "string" &&
    typeof v.state === "string" &&
    typeof v.nonce === "string" &&
    typeof v.codeVerifier === "string" &&
    typeof v.expiresAt === "number"
  );
}
