// /custom-fields: the definitions of the workspace's issue and account fields.
import {
  CreateCustomFieldInput,
  CustomField,
  IdParams,
  items,
  replies,
  UpdateCustomFieldInput,
} from "@switchboard/api";
import { createCustomField, updateCustomField } from "../../commands/customFields";
import { listCustomFields } from "../../queries/customFields";
import { principalOf, requirePrincipal } from "../auth";
import type { RouteDeps } from "../context";
import { presentCustomField } from "../presenters";
import { LIST_ERRORS, WRITE_ERRORS } from "../replies";
import type { ZodApp } from "./types";

export function customFieldRoutes(app: ZodApp, { services, command }: RouteDeps) {
  const db = () => services.database.db;
  const opts = { preHandler: requirePrincipal };

  /** Input and response schemas of the one-line routes below; the longer routes carry theirs inline. */
  const S = {
    getCustomFields: { tags: ["settings"], response: replies({ 200: items(CustomField) }, ...LIST_ERRORS) },
  };

  app.get("/custom-fields", { ...opts, schema: S.getCustomFields }, async (request) => ({
    items: (await listCustomFields(db(), principalOf(request).workspaceId)).map(presentCustomField),
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
      return presentCustomField(await command(request, (ctx) => createCustomField(ctx, request.body)));
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
      presentCustomField(await command(request, (ctx) => updateCustomField(ctx, request.params.id, request.body))),
  );
}
