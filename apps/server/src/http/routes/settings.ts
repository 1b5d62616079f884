// /tags, /custom-fields, /api-tokens, /quarantine: workspace configuration.
import {
  ApiToken,
  CreateApiTokenInput,
  CreateCustomFieldInput,
  CreatedApiToken,
  CreateTagInput,
  CustomField,
  IdParams,
  items,
  Ok,
  QuarantineActionInput,
  QuarantineEntry,
  replies,
  Tag,
  UpdateCustomFieldInput,
} from "@switchboard/api";
import { createApiToken, revokeApiToken } from "../../commands/auth";
import { resolveQuarantine } from "../../commands/quarantine";
import * as settings from "../../commands/settings";
import { assertCan } from "../../domain/permissions";
import * as q from "../../queries/directory";
import { principalOf, requirePrincipal } from "../auth";
import type { RouteDeps } from "../context";
import { presentCustomField, presentQuarantine, presentTag } from "../presenters";
import { LIST_ERRORS, WRITE_ERRORS } from "../replies";
import type { ZodApp } from "./types";

export function settingsRoutes(app: ZodApp, { services, command }: RouteDeps) {
  const db = () => services.database.db;
  const opts = { preHandler: requirePrincipal };

  /** Input and response schemas of the one-line routes below; the longer routes carry theirs inline. */
  const S = {
    getTags: { tags: ["settings"], response: replies({ 200: items(Tag) }, ...LIST_ERRORS) },
    postTags: { body: CreateTagInput, tags: ["settings"], response: replies({ 201: Tag }, ...WRITE_ERRORS) },
    deleteTagsId: { params: IdParams, tags: ["settings"], response: replies({ 200: Ok }, ...WRITE_ERRORS) },
    getCustomFields: { tags: ["settings"], response: replies({ 200: items(CustomField) }, ...LIST_ERRORS) },
    getApiTokens: { tags: ["settings"], response: replies({ 200: items(ApiToken) }, ...LIST_ERRORS) },
    deleteApiTokensId: { params: IdParams, tags: ["settings"], response: replies({ 200: Ok }, ...WRITE_ERRORS) },
    getQuarantine: { tags: ["settings"], response: replies({ 200: items(QuarantineEntry) }, ...LIST_ERRORS) },
  };

  app.get("/tags", { ...opts, schema: S.getTags }, async (request) => ({
    items: (await q.listTags(db(), principalOf(request).workspaceId)).map(presentTag),
  }));
  app.post("/tags", { ...opts, schema: S.postTags }, async (request, reply) => {
    reply.status(201);
    return presentTag(await command(request, (ctx) => settings.createTag(ctx, request.body)));
  });
  app.delete("/tags/:id", { ...opts, schema: S.deleteTagsId }, async (request) => {
    await command(request, (ctx) => settings.deleteTag(ctx, request.params.id));
    return { ok: true };
  });

  app.get("/custom-fields", { ...opts, schema: S.getCustomFields }, async (request) => ({
    items: (await q.listCustomFields(db(), principalOf(request).workspaceId)).map(presentCustomField),
  }));
  app.post(
    "/custom-fields",
    {
      ...opts,
      schema: {
        body: CreateCustomFieldInput,
        tags: ["settings"],
        response: replies({ 201: CustomField }, ...WRITE_ERRORS),
      },
    },
    async (request, reply) => {
      reply.status(201);
      return presentCustomField(await command(request, (ctx) => settings.createCustomField(ctx, request.body)));
    },
  );
  app.patch(
    "/custom-fields/:id",
    {
      ...opts,
      schema: {
        params: IdParams,
        body: UpdateCustomFieldInput,
        tags: ["settings"],
        response: replies({ 200: CustomField }, ...WRITE_ERRORS),
      },
    },
    async (request) =>
      presentCustomField(
        await command(request, (ctx) => settings.updateCustomField(ctx, request.params.id, request.body)),
      ),
  );

  app.get("/api-tokens", { ...opts, schema: S.getApiTokens }, async (request) => {
    const p = principalOf(request);
    assertCan(p.role, "token.write");
    return { items: await q.listApiTokens(db(), p.workspaceId) };
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

  app.get("/quarantine", { ...opts, schema: S.getQuarantine }, async (request) => {
    const p = principalOf(request);
    assertCan(p.role, "quarantine.write");
    return { items: (await q.listQuarantine(db(), p.workspaceId)).map(presentQuarantine) };
  });
  app.post(
    "/quarantine/:id",
    {
      ...opts,
      schema: {
        params: IdParams,
        body: QuarantineActionInput,
        tags: ["settings"],
        response: replies({ 200: QuarantineEntry }, ...WRITE_ERRORS),
      },
    },
    async (request) =>
      presentQuarantine(await command(request, (ctx) => resolveQuarantine(ctx, request.params.id, "discarded"))),
  );
}
