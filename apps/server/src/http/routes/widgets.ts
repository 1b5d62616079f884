// /widgets: an admin's chat widgets (app id, identity secret shown once, rotation) and
// /issues/{number}/csat: the customer's rating of the issue's latest resolution.
import {
  CreateWidgetInput,
  Csat,
  IdParams,
  IssueNumberParams,
  items,
  Ok,
  replies,
  Widget,
  WidgetWithSecret,
} from "@switchboard/api";
import { createWidget as create, deleteWidget, rotateWidgetSecret } from "../../commands/widget";
import { AppError } from "../../domain/errors";
import { getIssue } from "../../queries/issues";
import { staffOf } from "../../queries/scope";
import { csatOf, listWidgets, type WidgetRow } from "../../queries/widget";
import { requirePrincipal, scopeOf } from "../auth";
import type { RouteDeps } from "../context";
import { ITEM_ERRORS, LIST_ERRORS, WRITE_ERRORS } from "../replies";
import type { ZodApp } from "./types";

export function widgetRoutes(app: ZodApp, { services, command }: RouteDeps) {
  const db = () => services.database.db;
  const opts = { preHandler: requirePrincipal };
  const tags = ["widget"];
  const S = {
    getWidgets: { tags, response: replies({ 200: items(Widget) }, ...LIST_ERRORS) },
    postWidgets: { body: CreateWidgetInput, tags, response: replies({ 201: WidgetWithSecret }, ...WRITE_ERRORS) },
    postWidgetsIdRotate: { params: IdParams, tags, response: replies({ 200: WidgetWithSecret }, ...WRITE_ERRORS) },
    deleteWidgetsId: { params: IdParams, tags, response: replies({ 200: Ok }, ...WRITE_ERRORS) },
    getIssuesNumberCsat: { params: IssueNumberParams, tags, response: replies({ 200: Csat }, ...ITEM_ERRORS) },
  };

  app.get("/widgets", { ...opts, schema: S.getWidgets }, async (request) => {
    const { workspaceId } = staffOf(scopeOf(request));
    return { items: (await listWidgets(db(), workspaceId)).map(presentWidget) };
  });
  app.post("/widgets", { ...opts, schema: S.postWidgets }, async (request, reply) => {
    const row = await command(request, (ctx) => create(ctx, services.secrets, request.body));
    reply.status(201);
    return { ...presentWidget(row), secret: row.secret };
  });
  app.post("/widgets/:id/rotate", { ...opts, schema: S.postWidgetsIdRotate }, async (request) => {
    const row = await command(request, (ctx) => rotateWidgetSecret(ctx, services.secrets, request.params.id));
    return { ...presentWidget(row), secret: row.secret };
  });
  app.delete("/widgets/:id", { ...opts, schema: S.deleteWidgetsId }, async (request) => {
    await command(request, (ctx) => deleteWidget(ctx, request.params.id));
    return { ok: true };
  });
  app.get("/issues/:number/csat", { ...opts, schema: S.getIssuesNumberCsat }, async (request) => {
    const scope = scopeOf(request);
    const { issue } = await getIssue(db(), scope, request.params.number);
    const row = await csatOf(db(), scope.workspaceId, issue.id);
    if (!row) throw notRated(request.params.number);
    return {
      score: row.score,
      comment: row.comment,
      channel: row.channel,
      resolution: row.resolution,
      updatedAt: row.updatedAt,
    };
  });
}

const notRated = (number: number) => new AppError("not_found", `Issue #${number} has no CSAT rating yet.`);

function presentWidget(row: WidgetRow) {
  return {
    id: row.id,
    appId: row.appId,
    name: row.name,
    fallbackMinutes: row.fallbackMinutes,
    secretRotatedAt: row.secretRotatedAt,
    createdAt: row.createdAt,
  };
}
