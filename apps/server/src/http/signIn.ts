// Signing a person in after they proved who they are some other way than the login form (first
// setup, an accepted invitation, a password set through a link): same cookie, same answer.
import type { Session } from "@switchboard/api";
import type { FastifyReply, FastifyRequest } from "fastify";
import { startSession } from "../commands/auth";
import type { users } from "../db/schema";
import type { Services } from "../services";
import { SESSION_COOKIE } from "./auth";

export async function signIn(
  services: Services,
  request: FastifyRequest,
  reply: FastifyReply,
  user: typeof users.$inferSelect,
): Promise<Session> {
  const ttl = services.config.SESSION_TTL_HOURS;
  const session = await startSession(services.database.db, user, ttl, {
    userAgent: request.headers["user-agent"],
    ip: request.ip,
  });
  reply.setCookie(SESSION_COOKIE, session.token, {
    path: "/",
    httpOnly: true,
    sameSite: "lax",
    secure: services.config.COOKIE_SECURE === "1",
    maxAge: ttl * 3600,
  });
  return {
    user: {
      id: user.id,
      email: user.email,
      name: user.name,
      role: user.role,
      workspaceId: user.workspaceId,
      mustChangePassword: user.mustChangePassword,
    },
    csrfToken: session.csrfToken,
  };
}
