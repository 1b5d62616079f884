// Who is calling: a session cookie (browser, CSRF-protected) or a bearer API token.
import { timingSafeEqual } from "node:crypto";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { type Actor, tokenActor, userActor } from "../commands/actors";
import { type Principal, principalFromApiToken, principalFromSession } from "../commands/auth";
import type { Db } from "../db/connect";
import { AppError } from "../domain/errors";
import { agentScope, type ReadScope } from "../queries/scope";

export const SESSION_COOKIE = "sb_session";
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

declare module "fastify" {
  interface FastifyRequest {
    principal?: Principal;
  }
}

export function registerAuthentication(app: FastifyInstance, db: Db): void {
  app.decorateRequest("principal", undefined);
  app.addHook("onRequest", async (request) => {
    const bearer = request.headers.authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
    if (bearer) {
      request.principal = await principalFromApiToken(db, bearer);
      if (!request.principal) throw new AppError("unauthenticated", "The API token is not valid.");
      return;
    }
    const cookie = request.cookies[SESSION_COOKIE];
    if (cookie) request.principal = await principalFromSession(db, cookie);
  });
}

/** preHandler for every authenticated route. */
export async function requirePrincipal(request: FastifyRequest, _reply: FastifyReply): Promise<void> {
  const principal = request.principal;
  if (!principal) throw new AppError("unauthenticated", "Log in or send an API token.");
  if (principal.csrfToken && !SAFE_METHODS.has(request.method)) {
    const sent = request.headers["x-csrf-token"];
    if (typeof sent !== "string" || !sameSecret(sent, principal.csrfToken)) {
      throw new AppError("csrf_failed", "Missing or wrong X-CSRF-Token header.");
    }
  }
  if (
    principal.mustChangePassword &&
    !WHILE_PASSWORD_MUST_CHANGE.has(`${request.method} ${request.routeOptions.url}`)
  ) {
    throw new AppError("forbidden", "Choose a new password first: this account's password is publicly known.", {
      reason: "password_change_required",
    });
  }
}

/** All a person whose password must change may do until they change it. */
const WHILE_PASSWORD_MUST_CHANGE = new Set([
  "GET /api/v1/auth/me",
  "POST /api/v1/auth/logout",
  "POST /api/v1/me/password",
]);

export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new AppError("unauthenticated", "Log in or send an API token.");
  return request.principal;
}

/**
 * What the caller may read, built once per request: every issue-related query takes it. Signed-in
 * callers are agents today; the portal and widget will add customer principals here.
 */
export function scopeOf(request: FastifyRequest): ReadScope {
  const principal = principalOf(request);
  return agentScope(principal.workspaceId, principal);
}

/** Who the caller's commands run as: the person, through their API token when they used one. */
export function actorOf(principal: Principal): Actor {
  return principal.tokenId ? tokenActor(principal, principal.tokenId) : userActor(principal);
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
