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
import * as settings from "../../commands/settings";
import { listViews } from "../../queries/directory";
import { countViews, getView, listViewIssues } from "../../queries/views";
import { principalOf, requirePrincipal } from "../auth";
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
    const p = principalOf(request);
    return { items: (await listViews(db(), p.workspaceId, p.userId)).map(presentView) };
  });
  app.get("/views/counts", { ...opts, schema: S.getViewsCounts }, async (request) => {
    const p = principalOf(request);
    return { counts: await countViews(db(), p.workspaceId, p.userId) };
  });
  app.post("/views", { ...opts, schema: S.postViews }, async (request, reply) => {
    reply.status(201);
    return presentView(await command(request, (ctx) => settings.createView(ctx, request.body)));
  });
  app.get("/views/:id", { ...opts, schema: S.getViewsId }, async (request) => {
    const p = principalOf(request);
    return presentView(await getView(db(), p.workspaceId, p.userId, request.params.id));
  });
  app.patch("/views/:id", { ...opts, schema: S.patchViewsId }, async (request) =>
    presentView(await command(request, (ctx) => settings.updateView(ctx, request.params.id, request.body))),
  );
  app.delete("/views/:id", { ...opts, schema: S.deleteViewsId }, async (request) => {
    await command(request, (ctx) => settings.deleteView(ctx, request.params.id));
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
      const p = principalOf(request);
      const view = await getView(db(), p.workspaceId, p.userId, request.params.id);
      const result = await listViewIssues(db(), p.workspaceId, p.userId, view, request.query);
      return { items: result.items.map(presentIssue), nextCursor: result.nextCursor };
    },
  );
}
