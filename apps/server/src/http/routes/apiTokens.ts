// /api-tokens: the workspace's API tokens (the secret is shown once, on creation).
import { ApiToken, CreateApiTokenInput, CreatedApiToken, IdParams, items, Ok, replies } from "@switchboard/api";
import { createApiToken, revokeApiToken } from "../../commands/auth";
import { assertCan } from "../../domain/permissions";
import { listApiTokens } from "../../queries/apiTokens";
import { principalOf, requirePrincipal } from "../auth";
import type { RouteDeps } from "../context";
import { LIST_ERRORS, WRITE_ERRORS } from "../replies";
import type { ZodApp } from "./types";

export function apiTokenRoutes(app: ZodApp, { services, command }: RouteDeps) {
  const db = () => services.database.db;
  const opts = { preHandler: requirePrincipal };

  /** Input and response schemas of the one-line routes below; the longer routes carry theirs inline. */
  const S = {
    getApiTokens: { tags: ["settings"], response: replies({ 200: items(ApiToken) }, ...LIST_ERRORS) },
    deleteApiTokensId: { params: IdParams, tags: ["settings"], response: replies({ 200: Ok }, ...WRITE_ERRORS) },
  };

  app.get("/api-tokens", { ...opts, schema: S.getApiTokens }, async (request) => {
    const p = principalOf(request);
    assertCan(p.role, "token.write");
    return { items: await listApiTokens(db(), p.workspaceId) };
  });
  app.post(
    "/api-tokens",
    {
      ...opts,
      schema: {
        body: CreateApiTokenInput,
        tags: ["settings"],
        response: replies({ 201: CreatedApiToken }, ...WRITE_ERRORS),
      },
    },
    async (request, reply) => {
      const { token, row } = await command(request, (ctx) => createApiToken(ctx, request.body.name));
      reply.status(201);
      return { id: row.id, name: row.name, token, createdAt: row.createdAt };
    },
  );
  app.delete("/api-tokens/:id", { ...opts, schema: S.deleteApiTokensId }, async (request) => {
    await command(request, (ctx) => revokeApiToken(ctx, request.params.id));
    return { ok: true };
  });
}
