// /api-tokens: the workspace's API tokens (the secret is shown once, on creation).
import { CreateApiTokenInput, IdParams } from "@switchboard/api";
import { createApiToken, revokeApiToken } from "../../commands/auth";
import { assertCan } from "../../domain/permissions";
import { listApiTokens } from "../../queries/apiTokens";
import { principalOf, requirePrincipal } from "../auth";
import type { RouteDeps } from "../context";
import type { ZodApp } from "./types";

export function apiTokenRoutes(app: ZodApp, { services, command }: RouteDeps) {
  const db = () => services.database.db;
  const opts = { preHandler: requirePrincipal };

  app.get("/api-tokens", { ...opts, schema: { tags: ["settings"] } }, async (request) => {
    const p = principalOf(request);
    assertCan(p.role, "token.write");
    return { items: await listApiTokens(db(), p.workspaceId) };
  });
  app.post(
    "/api-tokens",
    { ...opts, schema: { body: CreateApiTokenInput, tags: ["settings"] } },
    async (request, reply) => {
      const { token, row } = await command(request, (ctx) => createApiToken(ctx, request.body.name));
      reply.status(201);
      return { id: row.id, name: row.name, token, createdAt: row.createdAt };
    },
  );
  app.delete("/api-tokens/:id", { ...opts, schema: { params: IdParams, tags: ["settings"] } }, async (request) => {
    await command(request, (ctx) => revokeApiToken(ctx, request.params.id));
    return { ok: true };
  });
}
