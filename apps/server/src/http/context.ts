// What route modules receive: the services, and a way to run a command as the caller.
import type { FastifyRequest } from "fastify";
import type { Principal } from "../commands/auth";
import { type CommandContext, type RequestOrigin, runCommand } from "../commands/context";
import { recordIdempotencyKey } from "../commands/idempotency";
import type { Services } from "../services";
import { actorOf, principalOf } from "./auth";

export interface RouteDeps {
  services: Services;
  /**
   * Runs a command in one transaction as the authenticated user. The request's Idempotency-Key, if
   * any, is recorded by its first command, in that command's transaction (http/idempotency.ts).
   */
  command<T>(request: FastifyRequest, fn: (ctx: CommandContext, principal: Principal) => Promise<T>): Promise<T>;
}

export function routeDeps(services: Services): RouteDeps {
  return {
    services,
    command: async (request, fn) => {
      const principal = principalOf(request);
      const origin = originOf(request);
      const key = request.idempotency?.recorded === false ? request.idempotency : undefined;
      const result = await runCommand(
        services,
        { workspaceId: principal.workspaceId, actor: actorOf(principal), origin },
        async (ctx) => {
          if (key) await recordIdempotencyKey(ctx, key);
          return fn(ctx, principal);
        },
      );
      if (key) key.recorded = true;
      return result;
    },
  };
}

/** The client's address (behind TRUST_PROXY, the forwarded one) and user agent, for the audit log. */
export function originOf(request: FastifyRequest): RequestOrigin {
  const agent = request.headers["user-agent"];
  return { ip: request.ip ?? null, userAgent: typeof agent === "string" ? agent.slice(0, 300) : null };
}
