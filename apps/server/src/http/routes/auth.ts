// Login / logout / who am I. Login is rate-limited: it is the one public write.
import { LoginInput, Ok, replies, Session } from "@switchboard/api";
import { login, logout } from "../../commands/auth";
import { principalOf, requirePrincipal, SESSION_COOKIE } from "../auth";
import type { RouteDeps } from "../context";
import type { ZodApp } from "./types";

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
      config: { rateLimit: { max: 20, timeWindow: "1 minute" } },
    },
    async (request, reply) => {
      const { email, password } = request.body;
      const result = await login(services.database.db, email, password, services.config.SESSION_TTL_HOURS, {
        userAgent: request.headers["user-agent"],
        ip: request.ip,
      });
      reply.setCookie(SESSION_COOKIE, result.token, {
        ...cookieOptions,
        maxAge: services.config.SESSION_TTL_HOURS * 3600,
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
