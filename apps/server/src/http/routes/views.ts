// /views: saved filters over issues (personal, team, workspace), their issues and live counts.
import { CreateViewInput, IdParams, UpdateViewInput, ViewIssuesQuery } from "@switchboard/api";
import { createView, deleteView, updateView } from "../../commands/views";
import { staffOf } from "../../queries/scope";
import { countViews, getView, listViewIssues, listViews } from "../../queries/views";
import { requirePrincipal, scopeOf } from "../auth";
import type { RouteDeps } from "../context";
import { presentIssue, presentView } from "../presenters";
import type { ZodApp } from "./types";

export function viewRoutes(app: ZodApp, { services, command }: RouteDeps) {
  const db = () => services.database.db;
  const opts = { preHandler: requirePrincipal };
  const tags = ["views"];

  app.get("/views", { ...opts, schema: { tags } }, async (request) => {
    const { workspaceId, userId } = staffOf(scopeOf(request));
    return { items: (await listViews(db(), workspaceId, userId)).map(presentView) };
  });
  app.get("/views/counts", { ...opts, schema: { tags } }, async (request) => {
    return { counts: await countViews(db(), scopeOf(request)) };
  });
  app.post("/views", { ...opts, schema: { body: CreateViewInput, tags } }, async (request, reply) => {
    reply.status(201);
    return presentView(await command(request, (ctx) => createView(ctx, request.body)));
  });
  app.get("/views/:id", { ...opts, schema: { params: IdParams, tags } }, async (request) => {
    return presentView(await getView(db(), scopeOf(request), request.params.id));
  });
  app.patch("/views/:id", { ...opts, schema: { params: IdParams, body: UpdateViewInput, tags } }, async (request) =>
    presentView(await command(request, (ctx) => updateView(ctx, request.params.id, request.body))),
  );
  app.delete("/views/:id", { ...opts, schema: { params: IdParams, tags } }, async (request) => {
    await command(request, (ctx) => deleteView(ctx, request.params.id));
    return { ok: true };
  });
  app.get(
    "/views/:id/issues",
    { ...opts, schema: { params: IdParams, querystring: ViewIssuesQuery, tags } },
    async (request) => {
      const scope = scopeOf(request);
      const view = await getView(db(), scope, request.params.id);
      const result = await listViewIssues(db(), scope, view, request.query);
      return { items: result.items.map(presentIssue), nextCursor: result.nextCursor };
    },
  );
}
