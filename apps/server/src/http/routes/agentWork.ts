// /macros and /notifications: the tools agents reach for while working an issue.
import {
  ApplyMacroInput,
  ApplyMacroParams,
  CreateMacroInput,
  IdParams,
  MarkNotificationsInput,
  UpdateMacroInput,
} from "@switchboard/api";
import * as macros from "../../commands/macros";
import { markNotificationsRead } from "../../commands/notifications";
import type { macros as macroTable, notifications } from "../../db/schema";
import { listMacros, listNotifications } from "../../queries/agentWork";
import { getIssue } from "../../queries/issues";
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

const presentNotification = (n: typeof notifications.$inferSelect) => ({
  id: n.id,
  kind: n.kind,
  issueId: n.issueId,
  data: n.data,
  readAt: n.readAt,
  createdAt: n.createdAt,
});

export function agentWorkRoutes(app: ZodApp, { services, command }: RouteDeps) {
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

  app.get("/notifications", { ...opts, schema: { tags: ["notifications"] } }, async (request) => {
    const p = principalOf(request);
    const result = await listNotifications(db(), p.workspaceId, p.userId);
    return { items: result.items.map(presentNotification), unread: result.unread };
  });
  app.post(
    "/notifications/read",
    { ...opts, schema: { body: MarkNotificationsInput, tags: ["notifications"] } },
    async (request) => ({
      marked: await command(request, (ctx) => markNotificationsRead(ctx, request.body.ids)),
    }),
  );
}
