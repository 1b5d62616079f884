// The OpenID Connect relying party (openid-client): discovery, the authorization request with
// PKCE, state and nonce, and the code exchange whose ID token is checked for signature (JWKS),
// issuer, audience, expiry and nonce. Everything the provider says arrives here and nowhere else.
import * as oidc from "openid-client";
import type { SecretBox } from "../../domain/secrets";
import { SSO_STATE_MINUTES, type SsoClaims, type SsoLoginState, SsoRefusal } from "../../domain/sso";

export interface ProviderSettings {
  issuer: string;
  clientId: string;
  clientSecretSealed: string | null;
}

/** Plain http only for a provider on this machine (a development or test provider). */
function isLoopback(url: URL): boolean {
  return url.protocol === "http:" && ["127.0.0.1", "localhost", "[::1]"].includes(url.hostname);
}

export async function discoverProvider(settings: ProviderSettings, secrets: SecretBox): Promise<oidc.Configuration> {
  const issuer = new URL(settings.issuer);
  const secret = settings.clientSecretSealed ? secrets.open(settings.clientSecretSealed) : undefined;
  try {
    const config = await oidc.discovery(
      issuer,
      settings.clientId,
      undefined,
      secret ? oidc.ClientSecretPost(secret) : oidc.None(),
      isLoopback(issuer) ? { execute: [oidc.allowInsecureRequests] } : undefined,
    );
    // The ID token's signature is checked against the provider's JWKS, not only trusted for
    // having come over TLS from the token endpoint.
    oidc.enableNonRepudiationChecks(config);
    return config;
  } catch (error) {
    throw new SsoRefusal("provider_error", `The identity provider could not be reached: ${messageOf(error)}`);
  }
}

/** The provider URL to send the browser to, and the state it must bring back. */
export async function startAuthorization(
  config: oidc.Configuration,
  input: { workspaceId: string; redirectUri: string; loginHint?: string; now: Date },
): Promise<{ url: URL; state: SsoLoginState }> {
  const codeVerifier = oidc.randomPKCECodeVerifier();
  const state: SsoLoginState = {
    workspaceId: input.workspaceId,
    state: oidc.randomState(),
    nonce: oidc.randomNonce(),
    codeVerifier,
    expiresAt: input.now.getTime() + SSO_STATE_MINUTES * 60_000,
  };
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: input.redirectUri,
    scope: "openid email profile",
    response_type: "code",
    code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: "S256",
    state: state.state,
    nonce: state.nonce,
    ...(input.loginHint && { login_hint: input.loginHint }),
  });
  return { url, state };
}

/** Exchanges the code the browser brought back; the ID token's claims once every check passed. */
export async function finishAuthorization(
  config: oidc.Configuration,
  callbackUrl: URL,
  state: SsoLoginState,
): Promise<SsoClaims> {
  // The state must be the one this browser's cookie carries (a login started elsewhere is refused).
  if (callbackUrl.searchParams.get("state") !== state.state) {
    throw new SsoRefusal("state_invalid", "The sign-in answer does not belong to this browser's sign-in.");
  }
  let claims: oidc.IDToken | undefined;
  try {
    const tokens = await oidc.authorizationCodeGrant(config, callbackUrl, {
      pkceCodeVerifier: state.codeVerifier,
      expectedState: state.state,
      expectedNonce: state.nonce,
      idTokenExpected: true,
    });
    claims = tokens.claims();
  } catch (error) {
    const reason = error instanceof oidc.AuthorizationResponseError ? "provider_error" : "token_invalid";
    throw new SsoRefusal(reason, `The identity provider's answer was refused: ${messageOf(error)}`);
  }
  if (!claims) throw new SsoRefusal("token_invalid", "The identity provider sent no ID token.");
  return {
    subject: claims.sub,
    email: typeof claims.email === "string" ? claims.email.toLowerCase() : null,
    emailVerified: claims.email_verified === true,
    name: typeof claims.name === "string" ? claims.name : null,
  };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
