// /macros: reply templates with actions, and previewing or applying one to an issue.
import {
  ApplyMacroInput,
  ApplyMacroParams,
  CreateMacroInput,
  IdParams,
  Issue,
  items,
  Macro,
  MacroPreview,
  Ok,
  type Presented,
  replies,
  UpdateMacroInput,
} from "@switchboard/api";
import * as macros from "../../commands/macros";
import type { macros as macroTable } from "../../db/schema";
import { getIssue } from "../../queries/issues";
import { listMacros } from "../../queries/macros";
import { principalOf, requirePrincipal, scopeOf } from "../auth";
import type { RouteDeps } from "../context";
import { presentIssue } from "../presenters";
import { ITEM_ERRORS, LIST_ERRORS, WRITE_ERRORS } from "../replies";
import type { ZodApp } from "./types";

const presentMacro = (m: typeof macroTable.$inferSelect): Presented<typeof Macro> => ({
  id: m.id,
  name: m.name,
  body: m.body,
  actions: m.actions,
  teamId: m.teamId,
  internal: m.internal,
});

export function macroRoutes(app: ZodApp, { services, command }: RouteDeps) {
  const db = () => services.database.db;
  const opts = { preHandler: requirePrincipal };
  const tags = ["macros"];

  /** Input and response schemas of the one-line routes below; the longer routes carry theirs inline. */
  const S = {
    getMacros: { tags, response: replies({ 200: items(Macro) }, ...LIST_ERRORS) },
    postMacros: { body: CreateMacroInput, tags, response: replies({ 201: Macro }, ...WRITE_ERRORS) },
    patchMacrosId: {
      params: IdParams,
      body: UpdateMacroInput,
      tags,
      response: replies({ 200: Macro }, ...WRITE_ERRORS),
    },
    deleteMacrosId: { params: IdParams, tags, response: replies({ 200: Ok }, ...WRITE_ERRORS) },
  };

  app.get("/macros", { ...opts, schema: S.getMacros }, async (request) => ({
    items: (await listMacros(db(), principalOf(request).workspaceId)).map(presentMacro),
  }));
  app.post("/macros", { ...opts, schema: S.postMacros }, async (request, reply) => {
    reply.status(201);
    return presentMacro(await command(request, (ctx) => macros.createMacro(ctx, request.body)));
  });
  app.patch("/macros/:id", { ...opts, schema: S.patchMacrosId }, async (request) =>
    presentMacro(await command(request, (ctx) => macros.updateMacro(ctx, request.params.id, request.body))),
  );
  app.delete("/macros/:id", { ...opts, schema: S.deleteMacrosId }, async (request) => {
    await command(request, (ctx) => macros.deleteMacro(ctx, request.params.id));
    return { ok: true };
  });
  app.get(
    "/issues/:number/macros/:id/preview",
    { ...opts, schema: { params: ApplyMacroParams, tags, response: replies({ 200: MacroPreview }, ...ITEM_ERRORS) } },
    async (request) => {
      const { body, macro } = await command(request, (ctx) =>
        macros.previewMacro(ctx, request.params.number, request.params.id),
      );
      return { body, macro: presentMacro(macro) };
    },
  );
  app.post(
    "/issues/:number/macros/:id/apply",
    {
      ...opts,
      schema: {
        params: ApplyMacroParams,
        body: ApplyMacroInput,
        tags,
        response: replies({ 200: Issue }, ...WRITE_ERRORS),
      },
    },
    async (request) => {
      const { number, id } = request.params;
      await command(request, (ctx) => macros.applyMacro(ctx, number, id, request.body.body, request.body.cc));
      return presentIssue(await getIssue(db(), scopeOf(request), number));
    },
  );
}
