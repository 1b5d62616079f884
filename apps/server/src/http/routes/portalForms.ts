// /portal/forms: the ticket forms admins build for the customer portal (fields from the custom
// field catalog plus a file field, required flags, help text, order, per-form defaults).
import {
  CreatePortalFormInput,
  IdParams,
  items,
  Ok,
  PortalForm,
  replies,
  UpdatePortalFormInput,
} from "@switchboard/api";
import { createPortalForm, deletePortalForm, updatePortalForm } from "../../commands/portal";
import { getPortalForm, listPortalForms, type PortalFormRow } from "../../queries/portal";
import { staffOf } from "../../queries/scope";
import { requirePrincipal, scopeOf } from "../auth";
import type { RouteDeps } from "../context";
import { ITEM_ERRORS, LIST_ERRORS, WRITE_ERRORS } from "../replies";
import type { ZodApp } from "./types";

export function portalFormRoutes(app: ZodApp, { services, command }: RouteDeps) {
  const db = () => services.database.db;
  const opts = { preHandler: requirePrincipal };
  const tags = ["portal"];
  const S = {
    list: { tags, response: replies({ 200: items(PortalForm) }, ...LIST_ERRORS) },
    create: { body: CreatePortalFormInput, tags, response: replies({ 201: PortalForm }, ...WRITE_ERRORS) },
    get: { params: IdParams, tags, response: replies({ 200: PortalForm }, ...ITEM_ERRORS) },
    update: {
      params: IdParams,
      body: UpdatePortalFormInput,
      tags,
      response: replies({ 200: PortalForm }, ...WRITE_ERRORS),
    },
    remove: { params: IdParams, tags, response: replies({ 200: Ok }, ...WRITE_ERRORS) },
  };

  app.get("/portal/forms", { ...opts, schema: S.list }, async (request) => {
    const { workspaceId } = staffOf(scopeOf(request));
    return { items: (await listPortalForms(db(), workspaceId)).map(presentPortalForm) };
  });
  app.post("/portal/forms", { ...opts, schema: S.create }, async (request, reply) => {
    const row = await command(request, (ctx) => createPortalForm(ctx, request.body));
    reply.status(201);
    return presentPortalForm(row);
  });
  app.get("/portal/forms/:id", { ...opts, schema: S.get }, async (request) => {
    const { workspaceId } = staffOf(scopeOf(request));
    return presentPortalForm(await getPortalForm(db(), workspaceId, request.params.id));
  });
  app.patch("/portal/forms/:id", { ...opts, schema: S.update }, async (request) =>
    presentPortalForm(await command(request, (ctx) => updatePortalForm(ctx, request.params.id, request.body))),
  );
  app.delete("/portal/forms/:id", { ...opts, schema: S.remove }, async (request) => {
    await command(request, (ctx) => deletePortalForm(ctx, request.params.id));
    return { ok: true };
  });
}

function presentPortalForm(row: PortalFormRow) {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    fields: row.fields,
    defaultTeamId: row.defaultTeamId,
    defaultPriority: row.defaultPriority,
    defaultTags: row.defaultTags,
    position: row.position,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
