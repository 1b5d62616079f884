// /macros: reply templates with actions, and previewing or applying one to an issue.
import { ApplyMacroInput, ApplyMacroParams, CreateMacroInput, IdParams, UpdateMacroInput } from "@switchboard/api";
import * as macros from "../../commands/macros";
import type { macros as macroTable } from "../../db/schema";
import { getIssue } from "../../queries/issues";
import { listMacros } from "../../queries/macros";
import { principalOf, requirePrincipal, scopeOf } from "../auth";
import type { RouteDeps } from "../context";
import { presentIssue } from "../presenters";
import type { ZodApp } from "./types";

const presentMacro = (m: typeof macroTable.$inferSelect) => ({
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

  app.get("/macros", { ...opts, schema: { tags } }, async (request) => ({
    items: (await listMacros(db(), principalOf(request).workspaceId)).map(presentMacro),
  }));
  app.post("/macros", { ...opts, schema: { body: CreateMacroInput, tags } }, async (request, reply) => {
    reply.status(201);
    return presentMacro(await command(request, (ctx) => macros.createMacro(ctx, request.body)));
  });
  app.patch("/macros/:id", { ...opts, schema: { params: IdParams, body: UpdateMacroInput, tags } }, async (request) =>
    presentMacro(await command(request, (ctx) => macros.updateMacro(ctx, request.params.id, request.body))),
  );
  app.delete("/macros/:id", { ...opts, schema: { params: IdParams, tags } }, async (request) => {
    await command(request, (ctx) => macros.deleteMacro(ctx, request.params.id));
    return { ok: true };
  });
  app.get(
    "/issues/:number/macros/:id/preview",
    { ...opts, schema: { params: ApplyMacroParams, tags } },
    async (request) => {
      const { body, macro } = await command(request, (ctx) =>
        macros.previewMacro(ctx, request.params.number, request.params.id),
      );
      return { body, macro: presentMacro(macro) };
    },
  );
  app.post(
    "/issues/:number/macros/:id/apply",
    { ...opts, schema: { params: ApplyMacroParams, body: ApplyMacroInput, tags } },
    async (request) => {
      const { number, id } = request.params;
      await command(request, (ctx) => macros.applyMacro(ctx, number, id, request.body.body));
      return presentIssue(await getIssue(db(), scopeOf(request), number));
    },
  );
}
