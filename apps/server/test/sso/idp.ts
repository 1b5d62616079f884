// A stand-in OpenID Connect provider for tests (real wire format: discovery, JWKS, authorization
// code with PKCE, token endpoint, RS256 ID tokens signed with jose). `person` is who signs in;
// `misbehave` makes it answer with a bad ID token, to prove the relying party refuses it.
import { createHash, randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, type JWK, SignJWT } from "jose";

export interface IdpPerson {
  sub: string;
  email: string;
  emailVerified?: boolean;
  name?: string;
}

export type Misbehaviour = "none" | "wrong_nonce" | "expired" | "tampered" | "foreign_key" | "wrong_audience";

export interface StandInIdp {
  issuer: string;
  clientId: string;
  clientSecret: string;
  person: IdpPerson;
  misbehave: Misbehaviour;
  /** When true, /authorize shows a consent page with a button instead of redirecting at once. */
  interactive: boolean;
  /** Token requests received (client authentication and PKCE checked). */
  tokenRequests: number;
  close(): Promise<void>;
}

interface Grant {
  clientId: string;
  redirectUri: string;
  nonce: string | null;
  challenge: string;
  person: IdpPerson;
}

export async function startIdp(options: { clientId?: string; clientSecret?: string } = {}): Promise<StandInIdp> {
  const { privateKey, publicKey } = await generateKeyPair("RS256");
  const foreign = await generateKeyPair("RS256");
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid: "k1", alg: "RS256", use: "sig" };
  const grants = new Map<string, Grant>();
  const server = http.createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      res.writeHead(500, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: "server_error", error_description: String(error) }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  const issuer = `http://127.0.0.1:${port}`;
  const idp: StandInIdp = {
    issuer,
    clientId: options.clientId ?? "switchboard",
    clientSecret: options.clientSecret ?? "idp-client-secret",
    person: { sub: "sub-1", email: "someone@example.test", emailVerified: true, name: "Someone" },
    misbehave: "none",
    interactive: false,
    tokenRequests: 0,
    close: () => new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  };

  const json = (res: http.ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" });
    res.end(JSON.stringify(body));
  };

  async function handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const url = new URL(req.url ?? "/", issuer);
    if (req.method === "GET" && url.pathname === "/.well-known/openid-configuration") {
      return json(res, 200, {
        issuer,
        authorization_endpoint: `${issuer}/authorize`,
        token_endpoint: `${issuer}/token`,
        jwks_uri: `${issuer}/jwks`,
        response_types_supported: ["code"],
        subject_types_supported: ["public"],
        id_token_signing_alg_values_supported: ["RS256"],
        code_challenge_methods_supported: ["S256"],
        token_endpoint_auth_methods_supported: ["client_secret_basic", "client_secret_post"],
        scopes_supported: ["openid", "email", "profile"],
      });
    }
    if (req.method === "GET" && url.pathname === "/jwks") return json(res, 200, { keys: [jwk] });
    if (url.pathname === "/authorize") return authorize(url, req, res);
    if (req.method === "POST" && url.pathname === "/token") return token(req, res);
    json(res, 404, { error: "not_found" });
  }

  async function authorize(url: URL, req: http.IncomingMessage, res: http.ServerResponse) {
    const params = req.method === "POST" ? new URLSearchParams(await bodyOf(req)) : url.searchParams;
    const redirectUri = params.get("redirect_uri") ?? "";
    const back = new URL(redirectUri);
    const state = params.get("state");
    if (params.get("client_id") !== idp.clientId || params.get("code_challenge_method") !== "S256") {
      back.searchParams.set("error", "invalid_request");
      if (state) back.searchParams.set("state", state);
      res.writeHead(302, { location: back.href });
      return res.end();
    }
    if (idp.interactive && req.method === "GET") {
      const hidden = [...params].map(([k, v]) => `<input type="hidden" name="${esc(k)}" value="${esc(v)}">`).join("");
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      return res.end(
        `<!doctype html><title>Stand-in IdP</title><h1>Stand-in identity provider</h1><p>Sign in to Switchboard as <b>${esc(idp.person.email)}</b>?</p><form method="post" action="/authorize">${hidden}<button type="submit">Continue as ${esc(idp.person.name ?? idp.person.email)}</button></form>`,
      );
    }
    const code = randomBytes(16).toString("base64url");
    grants.set(code, {
      clientId: idp.clientId,
      redirectUri,
      nonce: params.get("nonce"),
      challenge: params.get("code_challenge") ?? "",
      person: { ...idp.person },
    });
    back.searchParams.set("code", code);
    if (state) back.searchParams.set("state", state);
    res.writeHead(302, { location: back.href });
    res.end();
  }

  async function token(req: http.IncomingMessage, res: http.ServerResponse) {
    idp.tokenRequests += 1;
    const form = new URLSearchParams(await bodyOf(req));
    const [basicId, basicSecret] = basicAuth(req.headers.authorization);
    const clientId = basicId ?? form.get("client_id");
    const secret = basicSecret ?? form.get("client_secret");
    if (clientId !== idp.clientId || secret !== idp.clientSecret) return json(res, 401, { error: "invalid_client" });
    const grant = grants.get(form.get("code") ?? "");
    grants.delete(form.get("code") ?? "");
    if (!grant || form.get("grant_type") !== "authorization_code" || form.get("redirect_uri") !== grant.redirectUri) {
      return json(res, 400, { error: "invalid_grant" });
    }
    const challenge = createHash("sha256")
      .update(form.get("code_verifier") ?? "")
      .digest("base64url");
    if (challenge !== grant.challenge) return json(res, 400, { error: "invalid_grant", error_description: "PKCE" });
    json(res, 200, {
      access_token: randomBytes(16).toString("base64url"),
      token_type: "Bearer",
      expires_in: 300,
      id_token: await idToken(grant),
    });
  }

  async function idToken(grant: Grant): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    const m = idp.misbehave;
    const claims = {
      email: grant.person.email,
      email_verified: grant.person.emailVerified ?? true,
      name: grant.person.name,
      nonce: m === "wrong_nonce" ? "not-the-nonce" : (grant.nonce ?? undefined),
    };
    const jwt = await new SignJWT(claims)
      .setProtectedHeader({ alg: "RS256", kid: "k1" })
      .setIssuer(issuer)
      .setSubject(grant.person.sub)
      .setAudience(m === "wrong_audience" ? "someone-else" : grant.clientId)
      .setIssuedAt(m === "expired" ? now - 7200 : now)
      .setExpirationTime(m === "expired" ? now - 3600 : now + 300)
      .sign(m === "foreign_key" ? foreign.privateKey : privateKey);
    if (m !== "tampered") return jwt;
    // Same signature, a payload that now claims another person.
    const [head, payload, signature] = jwt.split(".");
    const body = JSON.parse(Buffer.from(payload ?? "", "base64url").toString("utf8")) as Record<string, unknown>;
    body.email = "ceo@example.test";
    return [head, Buffer.from(JSON.stringify(body)).toString("base64url"), signature].join(".");
  }

  return idp;
}

function basicAuth(header: string | undefined): [string | undefined, string | undefined] {
  if (!header?.startsWith("Basic ")) return [undefined, undefined];
  const decoded = Buffer.from(header.slice(6), "base64").toString("utf8");
  const i = decoded.indexOf(":");
  return [decodeURIComponent(decoded.slice(0, i)), decodeURIComponent(decoded.slice(i + 1))];
}

function bodyOf(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let data = "";
    req.on("data", (chunk: Buffer) => {
      data += chunk.toString("utf8");
    });
    req.on("end", () => resolve(data));
    req.on("error", reject);
  });
}

const esc = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
