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

  app.get(
    "/views",
    { ...opts, schema: { tags, response: replies({ 200: items(View) }, ...LIST_ERRORS) } },
    async (request) => {
      const p = principalOf(request);
      return { items: (await listViews(db(), p.workspaceId, p.userId)).map(presentView) };
    },
  );
  app.get(
    "/views/counts",
    { ...opts, schema: { tags, response: replies({ 200: ViewCounts }, ...LIST_ERRORS) } },
    async (request) => {
      const p = principalOf(request);
      return { counts: await countViews(db(), p.workspaceId, p.userId) };
    },
  );
  app.post(
    "/views",
    { ...opts, schema: { body: CreateViewInput, tags, response: replies({ 201: View }, ...WRITE_ERRORS) } },
    async (request, reply) => {
      reply.status(201);
      return presentView(await command(request, (ctx) => settings.createView(ctx, request.body)));
    },
  );
  app.get(
    "/views/:id",
    { ...opts, schema: { params: IdParams, tags, response: replies({ 200: View }, ...ITEM_ERRORS) } },
    async (request) => {
      const p = principalOf(request);
      return presentView(await getView(db(), p.workspaceId, p.userId, request.params.id));
    },
  );
  app.patch(
    "/views/:id",
    {
      ...opts,
      schema: { params: IdParams, body: UpdateViewInput, tags, response: replies({ 200: View }, ...WRITE_ERRORS) },
    },
    async (request) =>
      presentView(await command(request, (ctx) => settings.updateView(ctx, request.params.id, request.body))),
  );
  app.delete(
    "/views/:id",
    { ...opts, schema: { params: IdParams, tags, response: replies({ 200: Ok }, ...WRITE_ERRORS) } },
    async (request) => {
      await command(request, (ctx) => settings.deleteView(ctx, request.params.id));
      return { ok: true };
    },
  );
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
