// Going live, through the public surface: first-run setup with the printed token, password
// reset by email (through the SMTP sink), changing one's password and email, sessions,
// invitations, deactivation, workspace settings.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashSecret } from "../../src/commands/auth";
import { guardKnownPassword } from "../../src/commands/passwords";
import { createWorkspace, openSetup } from "../../src/commands/workspaces";
import { executeRaw } from "../../src/db/raw";
import { type EmailTestApp, eventually, type Sink, startEmailTestApp, startSink } from "../email/support";
import { expectError } from "../foundation/support";
import { api, buildWorkspace, logIn, type Session, type TestApp, unique } from "../harness";

let sink: Sink;
let started: EmailTestApp;
const app = (): TestApp => started.app;

beforeAll(async () => {
  sink = await startSink();
  started = await startEmailTestApp({
    SMTP_URL: sink.url,
    PUBLIC_URL: "https://support.example.test",
    // The per-IP test speaks as a client behind a proxy (X-Forwarded-For) that the app trusts.
    TRUST_PROXY: "127.0.0.1",
  });
});
afterAll(async () => {
  await started?.close();
  await sink?.close();
});

const STRONG = "correct horse battery staple";

const post = (url: string, payload: unknown, headers: Record<string, string> = {}) =>
  app().http.inject({ method: "POST", url: `/api/v1${url}`, payload: payload as object, headers });

/** The one-time link in the latest mail to `to`, once it arrived. */
async function linkMailedTo(to: string, path: string): Promise<{ token: string; subject: string }> {
  const mail = await eventually(async () =>
    [...sink.received].reverse().find((m) => m.envelope.to.includes(to) && m.parsed.text?.includes(path)),
  );
  const match = mail.parsed.text?.match(new RegExp(`https://support\\.example\\.test${path}\\?token=([\\w%-]+)`));
  if (!match?.[1]) throw new Error(`no ${path} link in: ${mail.parsed.text}`);
  return { token: decodeURIComponent(match[1]), subject: mail.parsed.subject ?? "" };
}

const sessionOf = (res: Awaited<ReturnType<typeof post>>): Session => {
  const cookie = res.cookies.find((c) => c.name === "sb_session");
  if (!cookie) throw new Error(`no session cookie: ${res.body}`);
  const body = res.json() as { csrfToken: string; user: { id: string } };
  return { cookie: `sb_session=${cookie.value}`, csrfToken: body.csrfToken, userId: body.user.id };
};

describe("first-run setup", () => {
  it("is closed once a workspace exists, whatever the token", async () => {
    await buildWorkspace(app());
    expect((await app().http.inject({ method: "GET", url: "/api/v1/setup" })).json()).toEqual({
      needed: false,
      demo: true,
    });
    expect(await openSetup(app().services.database.db)).toBeUndefined();
    const res = await post("/setup", {
      token: "sbsetup_guessing-the-token",
      workspace: { name: "Thief", domains: ["thief.test"], timeZone: "UTC" },
      admin: { name: "Thief", email: "t@thief.test", password: STRONG },
    });
    expectError(res, 409, "conflict");
  });
});

describe("a well-known password on a reachable server", () => {
  it("must be changed before anything else works", async () => {
    const email = `${unique("demo")}@demo.example.test`;
    await app().services.database.db.transaction((tx) =>
      createWorkspace(tx, {
        name: "Demo",
        domain: `${unique("demo")}.test`,
        admin: { email, name: "Alex", password: "switchboard" },
      }),
    );
    expect(await guardKnownPassword(app().services, email, "not-the-password")).toBe(false);
    expect(await guardKnownPassword(app().services, email, "switchboard")).toBe(true);
    const session = await logIn(app(), email, "switchboard");
    const as = api(app(), session);
    expect((await as.get("/auth/me")).json().user.mustChangePassword).toBe(true);
    expect(expectError(await as.get("/issues"), 403, "forbidden").details).toEqual({
      reason: "password_change_required",
    });
    expect((await as.post("/me/password", { currentPassword: "switchboard", newPassword: STRONG })).statusCode).toBe(
      200,
    );
    expect((await as.get("/auth/me")).json().user.mustChangePassword).toBe(false);
    expect((await as.get("/issues")).statusCode).toBe(200);
  });
});

describe("password reset by email", () => {
  it("answers the same for an unknown address and sends nothing", async () => {
    const before = sink.received.length;
    const unknown = await post("/auth/password-reset", { email: "nobody@nowhere.test" });
    expect(unknown.statusCode).toBe(202);
    expect(unknown.json()).toEqual({ ok: true });
    await app().services.jobs.idle();
    expect(sink.received.length).toBe(before);
  });

  it("mails a one-hour single-use link that sets the password and signs out every session", async () => {
    const ws = await buildWorkspace(app(), unique("reset"));
    const [user] = (await api(app(), ws.admin).get("/users")).json().items as { email: string }[];
    const to = user?.email ?? "";
    const other = await logIn(app(), to, "password123");
    const res = await post("/auth/password-reset", { email: to.toUpperCase() });
    expect(res.statusCode).toBe(202);
    expect(res.json()).toEqual({ ok: true });
    const { token, subject } = await linkMailedTo(to, "/reset-password");
    expect(subject).toMatch(/Reset your Switchboard password/);
    // The secret is only in the mail: not in the job's payload (pg-boss's table), not in a table.
    const jobs = await executeRaw(
      app().services.database.db,
      "SELECT data::text AS data FROM pgboss.job WHERE name = 'account.mail' AND data->>'to' = $1",
      [to],
    );
    expect(jobs.rows.length).toBeGreaterThan(0);
    for (const job of jobs.rows) expect(job.data).not.toContain(token);
    const stored = await executeRaw(
      app().services.database.db,
      "SELECT count(*)::int AS n FROM account_link WHERE token_hash = $1 OR token_hash = $2",
      [token, hashSecret(token)],
    );
    expect(stored.rows[0]?.n).toBe(1); // its hash, once

    const lookup = await post("/auth/password-reset/lookup", { token });
    expect(lookup.json()).toMatchObject({ email: to, kind: "password_reset" });
    expectError(await post("/auth/password-reset/confirm", { token, password: "short" }), 400, "validation_failed");
    const done = await post("/auth/password-reset/confirm", { token, password: STRONG });
    expect(done.statusCode, done.body).toBe(200);
    const fresh = sessionOf(done);
    // Single use.
    expectError(await post("/auth/password-reset/confirm", { token, password: `${STRONG}!` }), 404, "not_found");
    // The old password is gone, the new one works; the other session ended; the fresh one lives.
    expectError(await post("/auth/login", { email: to, password: "password123" }), 401, "unauthenticated");
    await logIn(app(), to, STRONG);
    expectError(await api(app(), other).get("/auth/me"), 401, "unauthenticated");
    expect((await api(app(), fresh).get("/auth/me")).statusCode).toBe(200);
  });

  it("limits requests per address, whether or not it exists", async () => {
    const address = `${unique("limit")}@nowhere.test`;
    for (let i = 0; i < 3; i++) expect((await post("/auth/password-reset", { email: address })).statusCode).toBe(202);
    expectError(await post("/auth/password-reset", { email: address }), 429, "rate_limited");
  });

  it("limits requests per IP", async () => {
    const ip = { "x-forwarded-for": "203.0.113.77" };
    const codes: number[] = [];
    for (let i = 0; i < 11; i++) {
      codes.push((await post("/auth/password-reset", { email: `${unique("ip")}@nowhere.test` }, ip)).statusCode);
    }
    expect(codes.slice(0, 10).every((c) => c === 202)).toBe(true);
    expect(codes[10]).toBe(429);
  });
});

describe("one's own account", () => {
  it("changes the password with the current one and signs out the other sessions", async () => {
    const ws = await buildWorkspace(app());
    const [me] = (await api(app(), ws.admin).get("/users")).json().items as { email: string }[];
    const email = me?.email ?? "";
    const other = await logIn(app(), email, "password123");
    const as = api(app(), ws.admin);
    expectError(
      await as.post("/me/password", { currentPassword: "wrong-one", newPassword: STRONG }),
      400,
      "validation_failed",
    );
    const weak = expectError(
      await as.post("/me/password", { currentPassword: "password123", newPassword: "password1234" }),
      400,
      "validation_failed",
    );
    expect(JSON.stringify(weak.details)).toMatch(/common/);
    const sessions = (await as.get("/me/sessions")).json().items as { id: string; current: boolean }[];
    expect(sessions).toHaveLength(2);
    expect(sessions.filter((s) => s.current)).toHaveLength(1);
    const changed = await as.post("/me/password", { currentPassword: "password123", newPassword: STRONG });
    expect(changed.json()).toEqual({ ok: true, signedOut: 1 });
    expectError(await api(app(), other).get("/auth/me"), 401, "unauthenticated");
    expect((await as.get("/me/sessions")).json().items).toHaveLength(1);
    await logIn(app(), email, STRONG);
  });

  it("signs out another of one's sessions from the list", async () => {
    const ws = await buildWorkspace(app());
    const [me] = (await api(app(), ws.admin).get("/users")).json().items as { email: string }[];
    const other = await logIn(app(), me?.email ?? "", "password123");
    const as = api(app(), ws.admin);
    const list = (await as.get("/me/sessions")).json().items as { id: string; current: boolean }[];
    const target = list.find((s) => !s.current);
    expect((await as.delete(`/me/sessions/${target?.id}`)).statusCode).toBe(200);
    expectError(await api(app(), other).get("/auth/me"), 401, "unauthenticated");
    // Someone else's session is not one's own to end.
    const ws2 = await buildWorkspace(app());
    const theirs = (await api(app(), ws2.admin).get("/me/sessions")).json().items[0].id as string;
    expectError(await as.delete(`/me/sessions/${theirs}`), 404, "not_found");
  });

  it("changes the name, and the email only once the new address confirms", async () => {
    const ws = await buildWorkspace(app());
    const as = api(app(), ws.admin);
    expect((await as.patch("/me", { name: "Grace Hopper" })).json().name).toBe("Grace Hopper");
    const next = `${unique("grace")}@new.example.test`;
    expectError(await as.post("/me/email", { email: next, currentPassword: "nope" }), 400, "validation_failed");
    const pending = await as.post("/me/email", { email: next, currentPassword: "password123" });
    expect(pending.statusCode, pending.body).toBe(202);
    expect((await as.get("/auth/me")).json().user.email).not.toBe(next);
    const { token } = await linkMailedTo(next, "/confirm-email");
    const confirmed = await post("/auth/email-change/confirm", { token });
    expect(confirmed.json()).toMatchObject({ ok: true, email: next });
    expect((await as.get("/auth/me")).json().user.email).toBe(next);
    await logIn(app(), next, "password123");
    expectError(await post("/auth/email-change/confirm", { token }), 404, "not_found");
  });
});

describe("invitations", () => {
  it("invites with a role and teams; the colleague sets name and password and lands in their team", async () => {
    const ws = await buildWorkspace(app());
    const as = api(app(), ws.admin);
    const team = (await as.post("/teams", { name: "Billing" })).json() as { id: string };
    const email = `${unique("kim")}@colleague.test`;
    const invited = await as.post("/invitations", { email, role: "member", teamIds: [team.id] });
    expect(invited.statusCode, invited.body).toBe(201);
    expect((await as.get("/invitations")).json().items).toMatchObject([{ email, status: "pending" }]);
    const { token, subject } = await linkMailedTo(email, "/invitation");
    expect(subject).toMatch(/invited you/);
    expect((await post("/invitations/lookup", { token })).json()).toMatchObject({ email, teams: ["Billing"] });
    const weak = await post("/invitations/accept", { token, name: "Kim", password: "kimkimkim" });
    expectError(weak, 400, "validation_failed");
    const accepted = await post("/invitations/accept", { token, name: "Kim Lee", password: STRONG });
    expect(accepted.statusCode, accepted.body).toBe(200);
    const kim = sessionOf(accepted);
    expect((await api(app(), kim).get("/auth/me")).json().user).toMatchObject({
      email,
      name: "Kim Lee",
      role: "member",
    });
    const teams = (await api(app(), kim).get("/teams")).json().items as { id: string; members: { userId: string }[] }[];
    expect(teams.find((t) => t.id === team.id)?.members.map((m) => m.userId)).toContain(kim.userId);
    // Single use; no longer pending.
    expectError(await post("/invitations/accept", { token, name: "Again", password: STRONG }), 404, "not_found");
    expect((await as.get("/invitations")).json().items).toEqual([]);
  });

  it("is revocable and resendable: a resent invitation's earlier link stops working", async () => {
    const ws = await buildWorkspace(app());
    const as = api(app(), ws.admin);
    const email = `${unique("lou")}@colleague.test`;
    const { id } = (await as.post("/invitations", { email })).json() as { id: string };
    const first = await linkMailedTo(email, "/invitation");
    expect((await as.post(`/invitations/${id}/resend`)).statusCode).toBe(200);
    const second = await eventually(async () => {
      const link = await linkMailedTo(email, "/invitation");
      return link.token !== first.token && link;
    });
    expectError(await post("/invitations/lookup", { token: first.token }), 404, "not_found");
    expect((await post("/invitations/lookup", { token: second.token })).statusCode).toBe(200);
    expect((await as.delete(`/invitations/${id}`)).statusCode).toBe(200);
    expectError(await post("/invitations/lookup", { token: second.token }), 404, "not_found");
    expectError(await as.delete(`/invitations/${id}`), 404, "not_found");
  });

  it("is admin work, and refuses an address that already has an account", async () => {
    const ws = await buildWorkspace(app());
    const as = api(app(), ws.admin);
    const email = `${unique("member")}@colleague.test`;
    await as.post("/users", { email, name: "Mo", role: "member", password: "password123" });
    const member = await logIn(app(), email, "password123");
    expectError(await api(app(), member).post("/invitations", { email: "x@y.test" }), 403, "forbidden");
    expectError(await as.post("/invitations", { email }), 409, "conflict");
  });
});

describe("deactivated people", () => {
  it("cannot sign in, and their API tokens stop working", async () => {
    // An admin, so they may hold API tokens.
    const ws = await buildWorkspace(app());
    const as = api(app(), ws.admin);
    const email = `${unique("leaver")}@colleague.test`;
    const { id } = (await as.post("/users", { email, name: "Leaver", role: "admin", password: "password123" })).json();
    const leaver = await logIn(app(), email, "password123");
    const token = (await api(app(), leaver).post("/api-tokens", { name: "script" })).json().token as string;
    const bearer = () =>
      app().http.inject({ method: "GET", url: "/api/v1/issues", headers: { authorization: `Bearer ${token}` } });
    expect((await bearer()).statusCode).toBe(200);
    await as.patch(`/users/${id}`, { deactivated: true });
    expectError(await bearer(), 401, "unauthenticated");
    expectError(await post("/auth/login", { email, password: "password123" }), 401, "unauthenticated");
    expectError(await api(app(), leaver).get("/auth/me"), 401, "unauthenticated");
    // Nor can they reset their way back in: the same answer, and no mail.
    const before = sink.received.length;
    expect((await post("/auth/password-reset", { email })).statusCode).toBe(202);
    await app().services.jobs.idle();
    expect(sink.received.filter((m) => m.envelope.to.includes(email))).toEqual([]);
    expect(sink.received.length).toBeGreaterThanOrEqual(before);
  });
});

describe("workspace settings", () => {
  it("shows and changes name, domains, time zone and plan; admins only; a domain belongs to one workspace", async () => {
    const ws = await buildWorkspace(app());
    const other = await buildWorkspace(app());
    const as = api(app(), ws.admin);
    const current = (await as.get("/workspace")).json();
    expect(current).toMatchObject({ id: ws.workspaceId, timeZone: "UTC", plan: "pro" });
    const changed = await as.patch("/workspace", {
      name: "Acme Support",
      domains: [current.domains[0], "Acme.example"],
      timeZone: "Europe/Berlin",
      plan: "enterprise",
    });
    expect(changed.json()).toMatchObject({
      name: "Acme Support",
      domains: [current.domains[0], "acme.example"],
      timeZone: "Europe/Berlin",
      plan: "enterprise",
    });
    expectError(await as.patch("/workspace", { timeZone: "Mars/Olympus" }), 400, "validation_failed");
    const theirs = (await api(app(), other.admin).get("/workspace")).json().domains[0] as string;
    expectError(await as.patch("/workspace", { domains: [theirs] }), 409, "conflict");
    const email = `${unique("viewer")}@colleague.test`;
    await as.post("/users", { email, name: "Vi", role: "viewer", password: "password123" });
    const viewer = await logIn(app(), email, "password123");
    expect((await api(app(), viewer).get("/workspace")).json().name).toBe("Acme Support");
    expectError(await api(app(), viewer).patch("/workspace", { name: "Mine" }), 403, "forbidden");
  });

  it("limits AI-supported custom fields by the plan tier: two below Enterprise, no limit on it", async () => {
    const ws = await buildWorkspace(app());
    const as = api(app(), ws.admin);
    const field = (key: string, aiEnabled = true) =>
      as.post("/custom-fields", {
        object: "issue",
        key,
        label: key,
        type: "select",
        options: ["Bug", "How-to"],
        aiEnabled,
        description: "What the customer needs.",
      });
    const first = await field("category");
    expect(first.statusCode).toBe(201);
    expect((await field("area")).statusCode).toBe(201);
    const third = expectError(await field("urgency"), 409, "conflict");
    expect(third.message).toMatch(/Pro plan allows 2 AI-supported custom fields/);
    const plain = await field("product", false);
    expect(plain.statusCode).toBe(201);
    const plainId = plain.json().id as string;
    expectError(await as.patch(`/custom-fields/${plainId}`, { aiEnabled: true }), 409, "conflict");

    expect((await as.patch("/workspace", { plan: "enterprise" })).statusCode).toBe(200);
    expect((await field("urgency")).statusCode).toBe(201);
    expect((await as.patch(`/custom-fields/${plainId}`, { aiEnabled: true })).json().aiEnabled).toBe(true);

    // A downgrade keeps the fields already on AI; it refuses more.
    expect((await as.patch("/workspace", { plan: "free" })).statusCode).toBe(200);
    const firstId = first.json().id as string;
    expect((await as.patch(`/custom-fields/${firstId}`, { label: "Category", aiEnabled: true })).statusCode).toBe(200);
    expect(expectError(await field("sentiment"), 409, "conflict").message).toMatch(/Free plan allows 2/);
    expect(
      (await as.get("/custom-fields")).json().items.filter((f: { aiEnabled: boolean }) => f.aiEnabled),
    ).toHaveLength(4);
  });
});
