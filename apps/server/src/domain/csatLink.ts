// The one-click links of a CSAT email: the issue, its resolution and an expiry, sealed with the
// server's secret box (AES-GCM: nobody can forge or alter one), in a URL-safe string.
import { AppError } from "./errors";
import type { SecretBox } from "./secrets";

export const CSAT_LINK_DAYS = 14;

export interface CsatClaims {
  workspaceId: string;
  issueId: string;
  resolution: number;
  expiresAt: number;
}

export function csatToken(box: SecretBox, claims: CsatClaims): string {
  return Buffer.from(box.seal(JSON.stringify(claims)), "utf8").toString("base64url");
}

/** The link's claims; a forged, altered or expired link is refused. */
export function readCsatToken(box: SecretBox, token: string, now: Date): CsatClaims {
  let claims: CsatClaims;
  try {
    claims = JSON.parse(box.open(Buffer.from(token, "base64url").toString("utf8"))) as CsatClaims;
  } catch {
    // Any failure to open is the same answer: this is not a link we made.
    throw new AppError("invalid_signature", "This survey link is not valid.");
  }
  if (typeof claims.expiresAt !== "number" || claims.expiresAt < now.getTime()) {
    throw new AppError("conflict", "This survey link has expired.");
  }
  return claims;
}
