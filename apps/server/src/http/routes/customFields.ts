// /custom-fields: the definitions of the workspace's issue and account fields.
import { CreateCustomFieldInput, IdParams, UpdateCustomFieldInput } from "@switchboard/api";
import { createCustomField, updateCustomField } from "../../commands/customFields";
import { listCustomFields } from "../../queries/customFields";
import { principalOf, requirePrincipal } from "../auth";
import type { RouteDeps } from "../context";
import { presentCustomField } from "../presenters";
import type { ZodApp } from "./types";

export function customFieldRoutes(app: ZodApp, { services, command }: RouteDeps) {
  const db = () => services.database.db;
  const opts = { preHandler: requirePrincipal };

  app.get("/custom-fields", { ...opts, schema: { tags: ["settings"] } }, async (request) => ({
    items: (await listCustomFields(db(), principalOf(request).workspaceId)).map(presentCustomField),
  }));
  app.post(
    "/custom-fields",
    { ...opts, schema: { body: CreateCustomFieldInput, tags: ["settings"] } },
    async (request, reply) => {
      reply.status(201);
      return presentCustomField(await command(request, (ctx) => createCustomField(ctx, request.body)));
    },
  );
  app.patch(
    "/custom-fields/:id",
    { ...opts, schema: { params: IdParams, body: UpdateCustomFieldInput, tags: ["settings"] } },
    async (request) =>
      presentCustomField(await command(request, (ctx) => updateCustomField(ctx, request.params.id, request.body))),
  );
}
