// OpenID Connect sign-in through the HTTP API against a stand-in provider: the whole redirect
// round trip, JIT provisioning with the default role, linking by verified email, the domain
// restriction, forged state and bad ID tokens refused (each refusal in the audit log), and
// password login switched off once SSO worked for an admin (with the owner's break-glass).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allowPasswordLogin } from "../../src/commands/sso";
import { api, buildWorkspace, type TestWorkspace, unique, useTestApp } from "../harness";
import { type IdpPerson, type StandInIdp, startIdp } from "./idp";

const PUBLIC_URL = "http://switchboard.test";
const app = useTestApp({ PUBLIC_URL });
let idp: StandInIdp;
beforeAll(async () => {
  idp = await startIdp();
});
afterAll(async () => {
  await idp.close();
});

async function freshWorkspace() {
  const name = unique("sso");
  return { ws: await buildWorkspace(app(), name), wsDomain: `${name}.test` };
}

async function configure(ws: TestWorkspace, extra: Record<string, unknown> = {}) {
  const res = await api(app(), ws.admin).put("/sso/settings", {
    issuerUrl: idp.issuer,
    clientId: idp.clientId,
    clientSecret: idp.clientSecret,
    defaultRole: "viewer",
    ...extra,
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

interface Outcome {
  /** Where the callback sent the browser: "/" or "/login?sso_error=…". */
  location: string;
  sessionCookie?: string;
}

/**
 * A browser's SSO sign-in: start (state cookie set), the provider's redirect back (followed with
 * fetch, a real HTTP server), then the callback with the cookie. `alter` forges the way back.
 */
async function signInWithSso(
  email: string,
  person: IdpPerson,
  alter: { cookie?: (c: string) => string; callback?: (u: URL) => URL } = {},
): Promise<Outcome> {
  idp.person = person;
  const start = await app().http.inject({
    method: "GET",
    url: `/api/v1/auth/sso/start?email=${encodeURIComponent(email)}`,
  });
  expect(start.statusCode, start.body).toBe(302);
  const toIdp = new URL(String(start.headers.location));
  expect(toIdp.origin).toBe(idp.issuer);
  expect(toIdp.searchParams.get("code_challenge_method")).toBe("S256");
  const state = start.cookies.find((c) => c.name === "sb_sso");
  if (!state) throw new Error("no state cookie");
  const atIdp = await fetch(toIdp, { redirect: "manual" });
  expect(atIdp.status).toBe(302);
  let back = new URL(atIdp.headers.get("location") ?? "");
  expect(`${back.origin}${back.pathname}`).toBe(`${PUBLIC_URL}/api/v1/auth/sso/callback`);
  if (alter.callback) back = alter.callback(back);
  const cookie = alter.cookie ? alter.cookie(state.value) : state.value;
  const done = await app().http.inject({
    method: "GET",
    url: `${back.pathname}${back.search}`,
    headers: { cookie: `sb_sso=${cookie}`, "user-agent": "SsoTest/1.0" },
  });
  expect(done.statusCode, done.body).toBe(302);
  const session = done.cookies.find((c) => c.name === "sb_session");
  return {
    location: String(done.headers.location),
    sessionCookie: session ? `sb_session=${session.value}` : undefined,
  };
}

async function me(cookie: string | undefined) {
  const res = await app().http.inject({ method: "GET", url: "/api/v1/auth/me", headers: { cookie: cookie ?? "" } });
  return res.statusCode === 200 ? res.json() : null;
}

async function signIns(ws: TestWorkspace, action: "login.succeeded" | "login.failed") {
  const res = await api(app(), ws.admin).get(`/audit-log?action=${action}`);
  expect(res.statusCode, res.body).toBe(200);
  return (res.json().items as { after: Record<string, unknown>; ip: string; userAgent: string }[]).filter(
    (e) => e.after.method === "sso" || e.after.reason === "password_login_disabled",
  );
}

describe("single sign-on with OpenID Connect", () => {
  it("creates a new person with the default role at their first sign-in, and signs them in", async () => {
    const { ws, wsDomain } = await freshWorkspace();
    const settings = await configure(ws);
    expect(settings).toMatchObject({
      clientSecretSet: true,
      defaultRole: "viewer",
      redirectUri: `${PUBLIC_URL}/api/v1/auth/sso/callback`,
    });
    expect(JSON.stringify(settings)).not.toContain(idp.clientSecret);
    const newcomer = `${unique("newcomer")}@${wsDomain}`;
    const out = await signInWithSso(newcomer, { sub: unique("sub"), email: newcomer, name: "New Comer" });
    expect(out.location).toBe("/");
    const session = await me(out.sessionCookie);
    expect(session?.user).toMatchObject({ email: newcomer, name: "New Comer", role: "viewer" });
    // Next time the same identity signs in as the same person, not a new one.
    const again = await signInWithSso(newcomer, { sub: idp.person.sub, email: newcomer, name: "New Comer" });
    expect((await me(again.sessionCookie))?.user.id).toBe(session?.user.id);
    const logged = await signIns(ws, "login.succeeded");
    expect(logged.filter((e) => e.after.email === newcomer)).toHaveLength(2);
    expect(logged[0]).toMatchObject({ userAgent: "SsoTest/1.0" });
  });

  it("links an existing person by a verified email, and refuses an unverified one", async () => {
    const ws = await buildWorkspace(app());
    await configure(ws);
    const adminEmail = (await me(ws.admin.cookie))?.user.email as string;
    const unverified = await signInWithSso(adminEmail, { sub: unique("sub"), email: adminEmail, emailVerified: false });
    expect(unverified.location).toBe("/login?sso_error=email_not_verified");
    expect(unverified.sessionCookie).toBeUndefined();
    const verified = await signInWithSso(adminEmail, { sub: unique("sub"), email: adminEmail });
    expect((await me(verified.sessionCookie))?.user.id).toBe(ws.adminId);
    expect((await api(app(), ws.admin).get("/sso/settings")).json().verifiedAt).not.toBeNull();
    const failed = await signIns(ws, "login.failed");
    expect(failed).toHaveLength(1);
    expect(failed[0]?.after).toMatchObject({ email: adminEmail, reason: "email_not_verified" });
  });

  it("refuses a person whose email domain is not allowed", async () => {
    const { ws, wsDomain } = await freshWorkspace();
    await configure(ws, { allowedDomains: [wsDomain] });
    const outsider = `${unique("outsider")}@gmail.test`;
    const out = await signInWithSso(`someone@${wsDomain}`, { sub: unique("sub"), email: outsider });
    expect(out).toEqual({ location: "/login?sso_error=domain_not_allowed", sessionCookie: undefined });
    const users = (await api(app(), ws.admin).get("/users")).json();
    expect(JSON.stringify(users)).not.toContain(outsider);
    expect((await signIns(ws, "login.failed"))[0]?.after).toMatchObject({
      email: outsider,
      reason: "domain_not_allowed",
    });
  });

  it("refuses a forged state: an altered cookie, no cookie, or an answer meant for another sign-in", async () => {
    const { ws, wsDomain } = await freshWorkspace();
    await configure(ws);
    const email = `${unique("p")}@${wsDomain}`;
    const person = () => ({ sub: unique("sub"), email });
    const flipped = (c: string) => `${c.slice(0, 20)}${c[20] === "A" ? "B" : "A"}${c.slice(21)}`;
    const requests = idp.tokenRequests;
    expect((await signInWithSso(email, person(), { cookie: flipped })).location).toBe("/login?sso_error=state_invalid");
    expect((await signInWithSso(email, person(), { cookie: () => "" })).location).toBe(
      "/login?sso_error=state_invalid",
    );
    const otherState = (u: URL) => {
      u.searchParams.set("state", "attacker-state");
      return u;
    };
    expect((await signInWithSso(email, person(), { callback: otherState })).location).toBe(
      "/login?sso_error=state_invalid",
    );
    // No code was ever exchanged for a forged state.
    expect(idp.tokenRequests).toBe(requests);
  });

  it.each([
    ["a wrong nonce", "wrong_nonce"],
    ["an expired ID token", "expired"],
    ["a tampered ID token", "tampered"],
    ["an ID token signed with a key not in the provider's JWKS", "foreign_key"],
    ["an ID token for another client", "wrong_audience"],
  ] as const)("refuses %s", async (_name, misbehave) => {
    const { ws, wsDomain } = await freshWorkspace();
    await configure(ws);
    const email = `${unique("p")}@${wsDomain}`;
    idp.misbehave = misbehave;
    try {
      const out = await signInWithSso(email, { sub: unique("sub"), email });
      expect(out).toEqual({ location: "/login?sso_error=token_invalid", sessionCookie: undefined });
    } finally {
      idp.misbehave = "none";
    }
    expect((await signIns(ws, "login.failed"))[0]?.after).toMatchObject({ reason: "token_invalid" });
  });

  it("disables password login only after an admin signed in with SSO; the owner can re-enable it from the CLI", async () => {
    const name = unique("pwoff");
    const ws = await buildWorkspace(app(), name);
    const adminEmail = `admin@${name}.test`;
    const password = () =>
      app().http.inject({
        method: "POST",
        url: "/api/v1/auth/login",
        payload: { email: adminEmail, password: "password123" },
      });
    const early = await api(app(), ws.admin).put("/sso/password-login", { disabled: true });
    expect(early.statusCode).toBe(409);
    expect(early.json().error.code).toBe("sso_not_verified");
    await configure(ws);
    expect((await api(app(), ws.admin).put("/sso/password-login", { disabled: true })).json().error.code).toBe(
      "sso_not_verified",
    );
    await signInWithSso(adminEmail, { sub: unique("sub"), email: adminEmail });
    const off = await api(app(), ws.admin).put("/sso/password-login", { disabled: true });
    expect(off.statusCode, off.body).toBe(200);
    expect(off.json().passwordLoginDisabled).toBe(true);
    const refused = await password();
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe("password_login_disabled");
    // A wrong password still answers as a wrong password: the switch is no account probe.
    const wrong = await app().http.inject({
      method: "POST",
      url: "/api/v1/auth/login",
      payload: { email: adminEmail, password: "nope-nope-nope" },
    });
    expect(wrong.statusCode).toBe(401);
    const sso = await signInWithSso(adminEmail, { sub: idp.person.sub, email: adminEmail });
    expect((await me(sso.sessionCookie))?.user.id).toBe(ws.adminId);
    await allowPasswordLogin(app().services, `${name}.test`);
    expect((await password()).statusCode).toBe(200);
    const changes = (await api(app(), ws.admin).get("/audit-log?action=settings.changed")).json().items;
    expect(changes.filter((e: { targetType: string }) => e.targetType === "sso_settings")).toHaveLength(3);
    expect(JSON.stringify(changes)).not.toContain(idp.clientSecret);
  });
});
