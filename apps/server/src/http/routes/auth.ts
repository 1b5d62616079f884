// Login / logout / who am I. Login is the one public write: a flood guard per address, and the
// login throttle (commands/loginAttempt.ts) per account, address and known device.
import { LoginInput, Ok, replies, Session } from "@switchboard/api";
import { logout } from "../../commands/auth";
import { attemptLogin } from "../../commands/loginAttempt";
import { principalOf, requirePrincipal, SESSION_COOKIE } from "../auth";
import type { RouteDeps } from "../context";
import type { ZodApp } from "./types";

/** A browser that has logged in before: its failed logins count apart from a guesser's. */
const DEVICE_COOKIE = "sb_device";
const DEVICE_COOKIE_DAYS = 365;

export function authRoutes(app: ZodApp, { services }: RouteDeps) {
  const cookieOptions = {
    path: "/",
    httpOnly: true,
    sameSite: "lax" as const,
    secure: services.config.COOKIE_SECURE === "1",
  };

  app.post(
    "/auth/login",
    {
      schema: { body: LoginInput, tags: ["auth"], response: replies({ 200: Session }, 400, 401, 429) },
      // Floods of any kind are cut per address; a browser that logged in before is not held by them.
      config: {
        rateLimit: { max: 60, timeWindow: "1 minute", allowList: (request) => DEVICE_COOKIE in request.cookies },
      },
    },
    async (request, reply) => {
      const { email, password } = request.body;
      const result = await attemptLogin(
        services.database.db,
        {
          email,
          password,
          address: request.ip,
          deviceToken: request.cookies[DEVICE_COOKIE],
          client: { userAgent: request.headers["user-agent"], ip: request.ip },
        },
        { ttlHours: services.config.SESSION_TTL_HOURS, failuresPerAddress: services.config.LOGIN_FAILURES_PER_ADDRESS },
        (failure) => request.log.warn({ event: "login.failed", ...failure }, "login failed"),
      );
      reply.setCookie(SESSION_COOKIE, result.token, {
        ...cookieOptions,
        maxAge: services.config.SESSION_TTL_HOURS * 3600,
      });
      reply.setCookie(DEVICE_COOKIE, result.deviceToken, {
        ...cookieOptions,
        path: "/api/v1/auth",
        maxAge: DEVICE_COOKIE_DAYS * 24 * 3600,
      });
      return {
        user: {
          id: result.user.id,
          email: result.user.email,
          name: result.user.name,
          role: result.user.role,
          workspaceId: result.user.workspaceId,
          mustChangePassword: result.user.mustChangePassword,
        },
        csrfToken: result.csrfToken,
      };
    },
  );

  /** Input and response schemas of the one-line routes below; the longer routes carry theirs inline. */
  const S = {
    postAuthLogout: { tags: ["auth"], response: replies({ 200: Ok }, 401, 403) },
    getAuthMe: { tags: ["auth"], response: replies({ 200: Session }, 401) },
  };

  app.post("/auth/logout", { preHandler: requirePrincipal, schema: S.postAuthLogout }, async (request, reply) => {
    const token = request.cookies[SESSION_COOKIE];
    if (token) await logout(services.database.db, token);
    reply.clearCookie(SESSION_COOKIE, cookieOptions);
    return { ok: true };
  });

  app.get("/auth/me", { preHandler: requirePrincipal, schema: S.getAuthMe }, async (request) => {
    const p = principalOf(request);
    return {
      user: {
        id: p.userId,
        email: p.email,
        name: p.name,
        role: p.role,
        workspaceId: p.workspaceId,
        mustChangePassword: p.mustChangePassword,
      },
      csrfToken: p.csrfToken ?? null,
    };
  });
}
