// /views: saved filters over issues (personal, team, workspace), their issues and live counts.
import {
  CreateViewInput,
  IdParams,
  IssuePage,
  items,
  Ok,
  replies,
  UpdateViewInput,
  View,
  ViewCounts,
  ViewIssuesQuery,
} from "@switchboard/api";
import { createView, deleteView, updateView } from "../../commands/views";
import { staffOf } from "../../queries/scope";
import { countViews, getView, listViewIssues, listViews } from "../../queries/views";
import { requirePrincipal, scopeOf } from "../auth";
import type { RouteDeps } from "../context";
import { presentIssue, presentView } from "../presenters";
import { ITEM_ERRORS, LIST_ERRORS, WRITE_ERRORS } from "../replies";
import type { ZodApp } from "./types";

export function viewRoutes(app: ZodApp, { services, command }: RouteDeps) {
  const db = () => services.database.db;
  const opts = { preHandler: requirePrincipal };
  const tags = ["views"];

  /** Input and response schemas of the one-line routes below; the longer routes carry theirs inline. */
  const S = {
    getViews: { tags, response: replies({ 200: items(View) }, ...LIST_ERRORS) },
    getViewsCounts: { tags, response: replies({ 200: ViewCounts }, ...LIST_ERRORS) },
    postViews: { body: CreateViewInput, tags, response: replies({ 201: View }, ...WRITE_ERRORS) },
    getViewsId: { params: IdParams, tags, response: replies({ 200: View }, ...ITEM_ERRORS) },
    patchViewsId: { params: IdParams, body: UpdateViewInput, tags, response: replies({ 200: View }, ...WRITE_ERRORS) },
    deleteViewsId: { params: IdParams, tags, response: replies({ 200: Ok }, ...WRITE_ERRORS) },
  };

  app.get("/views", { ...opts, schema: S.getViews }, async (request) => {
    const { workspaceId, userId } = staffOf(scopeOf(request));
    return { items: (await listViews(db(), workspaceId, userId)).map(presentView) };
  });
  app.get("/views/counts", { ...opts, schema: S.getViewsCounts }, async (request) => {
    return countViews(db(), scopeOf(request));
  });
  app.post("/views", { ...opts, schema: S.postViews }, async (request, reply) => {
    reply.status(201);
    return presentView(await command(request, (ctx) => createView(ctx, request.body)));
  });
  app.get("/views/:id", { ...opts, schema: S.getViewsId }, async (request) => {
    return presentView(await getView(db(), scopeOf(request), request.params.id));
  });
  app.patch("/views/:id", { ...opts, schema: S.patchViewsId }, async (request) =>
    presentView(await command(request, (ctx) => updateView(ctx, request.params.id, request.body))),
  );
  app.delete("/views/:id", { ...opts, schema: S.deleteViewsId }, async (request) => {
    await command(request, (ctx) => deleteView(ctx, request.params.id));
    return { ok: true };
  });
  app.get(
    "/views/:id/issues",
    {
      ...opts,
      schema: {
        params: IdParams,
        querystring: ViewIssuesQuery,
        tags,
        response: replies({ 200: IssuePage }, ...ITEM_ERRORS),
      },
    },
    async (request) => {
      const scope = scopeOf(request);
      const view = await getView(db(), scope, request.params.id);
      const result = await listViewIssues(db(), scope, view, request.query);
      return { items: result.items.map(presentIssue), nextCursor: result.nextCursor };
    },
  );
}
