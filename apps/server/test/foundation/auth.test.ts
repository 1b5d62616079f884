import type { SessionUser } from "@switchboard/api";
import { describe, expect, it } from "vitest";
import { api, buildWorkspace, useTestApp } from "../harness";
import { expectError } from "./support";

// The machine running the suite is shared and small: start-up under load can take minutes.
const app = useTestApp();

const login = (payload: Record<string, string>) =>
  app().http.inject({ method: "POST", url: "/api/v1/auth/login", payload });

describe("sessions and CSRF", () => {
  it("logs in with an HTTP-only session cookie and a CSRF token that writes must echo", async () => {
    const ws = await buildWorkspace(app());
    const ok = await login({ email: `admin@${(await me(ws.admin.cookie)).domain}`, password: "password123" });
    expect(ok.statusCode, ok.body).toBe(200);
    const setCookie = String(ok.headers["set-cookie"]);
    expect(setCookie).toMatch(/^sb_session=sbs_[\w-]+;/);
    expect(setCookie).toContain("HttpOnly");
    expect(setCookie).toContain("SameSite=Lax");
    expect(setCookie).toContain("Path=/");
    const body = ok.json();
    expect(body.user).toMatchObject({ role: "admin", workspaceId: ws.workspaceId });
    expect(body.csrfToken).toMatch(/^[\w-]{20,}$/);
    expect(JSON.stringify(body)).not.toContain("password");

    const cookie = `sb_session=${ok.cookies.find((c) => c.name === "sb_session")?.value}`;
    const write = (headers: Record<string, string>) =>
      app().http.inject({
        method: "POST",
        url: "/api/v1/issues",
        headers: { cookie, ...headers },
        payload: { title: "CSRF check" },
      });
    expectError(await write({}), 403, "csrf_failed");
    expectError(await write({ "x-csrf-token": "wrong" }), 403, "csrf_failed");
    expectError(await write({ "x-csrf-token": ws.admin.csrfToken }), 403, "csrf_failed"); // another session's token
    expect((await api(app(), ws.admin).get("/issues")).json().items).toEqual([]);
    expect((await write({ "x-csrf-token": body.csrfToken })).statusCode).toBe(201);
    // Reads need no CSRF header.
    const read = await app().http.inject({ method: "GET", url: "/api/v1/issues", headers: { cookie } });
    expect(read.json().items).toHaveLength(1);

    // Logging out ends that session only.
    const out = await app().http.inject({
      method: "POST",
      url: "/api/v1/auth/logout",
      headers: { cookie, "x-csrf-token": body.csrfToken },
    });
    expect(out.statusCode).toBe(200);
    expect(String(out.headers["set-cookie"])).toMatch(/sb_session=;/);
    expectError(
      await app().http.inject({ method: "GET", url: "/api/v1/auth/me", headers: { cookie } }),
      401,
      "unauthenticated",
    );
    expectError(await write({ "x-csrf-token": body.csrfToken }), 401, "unauthenticated");
    expect((await api(app(), ws.admin).get("/auth/me")).statusCode).toBe(200);
  });

  it("answers a wrong password and an unknown email the same way", async () => {
    const ws = await buildWorkspace(app());
    const { domain } = await me(ws.admin.cookie);
    const wrong = await login({ email: `admin@${domain}`, password: "password124" });
    const unknown = await login({ email: `nobody@${domain}`, password: "password123" });
    expectError(wrong, 401, "unauthenticated");
    expectError(unknown, 401, "unauthenticated");
    expect(wrong.body).toBe(unknown.body);
    expect(wrong.headers["set-cookie"]).toBeUndefined();
    expect(unknown.headers["set-cookie"]).toBeUndefined();
    // Email is case-insensitive and trimmed.
    expect((await login({ email: ` ADMIN@${domain.toUpperCase()}`, password: "password123" })).statusCode).toBe(200);
    expectError(await login({ email: "not-an-email", password: "x" }), 400, "validation_failed");
    expectError(
      await app().http.inject({ method: "GET", url: "/api/v1/issues", headers: { cookie: "sb_session=forged" } }),
      401,
      "unauthenticated",
    );
  });

  it("accepts bearer API tokens without CSRF until they are revoked", async () => {
    const ws = await buildWorkspace(app());
    const as = api(app(), ws.admin);
    const created = await as.post("/api-tokens", { name: "CI" });
    expect(created.statusCode, created.body).toBe(201);
    const { id, token } = created.json();
    expect(token).toMatch(/^sbt_/);
    // The secret is shown once: the list has no secret.
    const listed = (await as.get("/api-tokens")).json().items;
    expect(listed).toHaveLength(1);
    expect(JSON.stringify(listed)).not.toContain(token);

    const bearer = (method: "GET" | "POST", auth = `Bearer ${token}`) =>
      app().http.inject({
        method,
        url: "/api/v1/issues",
        headers: { authorization: auth },
        ...(method === "POST" ? { payload: { title: "From CI" } } : {}),
      });
    expect((await bearer("POST")).statusCode).toBe(201);
    expect((await bearer("GET")).json().items).toHaveLength(1);
    expect((await as.get("/api-tokens")).json().items[0].lastUsedAt).not.toBeNull();
    expectError(await bearer("GET", `Bearer ${token}x`), 401, "unauthenticated");
    expectError(await bearer("GET", "Bearer sbt_nope"), 401, "unauthenticated");

    expect((await as.delete(`/api-tokens/${id}`)).statusCode).toBe(200);
    expectError(await bearer("GET"), 401, "unauthenticated");
    expectError(await bearer("POST"), 401, "unauthenticated");
    expectError(await as.delete(`/api-tokens/${id}`), 404, "not_found");
    expect((await as.get("/issues")).json().items).toHaveLength(1);
  });

  it("records a token's last use at most once a minute, not on every request", async () => {
    const ws = await buildWorkspace(app());
    const as = api(app(), ws.admin);
    const { id, token } = (await as.post("/api-tokens", { name: "Dashboard" })).json();
    const read = () =>
      app().http.inject({ method: "GET", url: "/api/v1/issues", headers: { authorization: `Bearer ${token}` } });
    const lastUsed = async () =>
      (await as.get("/api-tokens")).json().items.find((t: { id: string }) => t.id === id).lastUsedAt as string | null;
    expect(await lastUsed()).toBeNull();
    expect((await read()).statusCode).toBe(200);
    const first = await lastUsed();
    expect(first).not.toBeNull();
    expect((await read()).statusCode).toBe(200);
    expect(await lastUsed()).toBe(first);
    // A minute later the next request records it again.
    await app().database.query(
      "UPDATE api_token SET last_used_at = last_used_at - interval '61 seconds' WHERE id = $1",
      [id],
    );
    const aMinuteAgo = await lastUsed();
    expect((await read()).statusCode).toBe(200);
    expect(Date.parse((await lastUsed()) ?? "")).toBeGreaterThan(Date.parse(aMinuteAgo ?? ""));
  });

  it("rate-limits login attempts, even with the right password, with the error shape", async () => {
    const ws = await buildWorkspace(app());
    const { domain } = await me(ws.admin.cookie);
    // A flood guard of 60 a minute per address. Malformed attempts count too (and skip the slow
    // hash), so the limit is reached within this minute however slow the machine.
    const statuses: number[] = [];
    let limited: Awaited<ReturnType<typeof login>> | undefined;
    for (let i = 0; i < 70 && !limited; i++) {
      const res = await login({ email: "not-an-email", password: `guess${i}` });
      statuses.push(res.statusCode);
      if (res.statusCode === 429) limited = res;
    }
    if (!limited) throw new Error(`login was never rate-limited: ${statuses.join(",")}`);
    expect(statuses.slice(0, -1).every((s) => s === 400)).toBe(true);
    expectError(limited, 429, "rate_limited");
    expect(limited.headers["retry-after"]).toBeDefined();
    expectError(await login({ email: `admin@${domain}`, password: "password123" }), 429, "rate_limited");
    // Signed-in API use is not affected.
    expect((await api(app(), ws.admin).get("/issues")).statusCode).toBe(200);
  });
});

/** The session's user and their email domain. */
async function me(cookie: string) {
  const res = await app().http.inject({ method: "GET", url: "/api/v1/auth/me", headers: { cookie } });
  const user = res.json().user as SessionUser;
  return { ...user, domain: user.email.split("@")[1] ?? "" };
}
