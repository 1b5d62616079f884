// /macros and /notifications: the tools agents reach for while working an issue.
import {
  ApplyMacroInput,
  ApplyMacroParams,
  CreateMacroInput,
  IdParams,
  Issue,
  items,
  Macro,
  MacroPreview,
  MarkNotificationsInput,
  type Notification,
  type NotificationData,
  NotificationList,
  NotificationsMarked,
  Ok,
  type Presented,
  replies,
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

const presentNotification = (n: typeof notifications.$inferSelect): Presented<typeof Notification> => ({
  id: n.id,
  kind: n.kind,
  issueId: n.issueId,
  // Written by commands/notifications.ts: who, which issue, an excerpt.
  data: n.data as Presented<typeof NotificationData>,
  readAt: n.readAt,
  createdAt: n.createdAt,
});

export function agentWorkRoutes(app: ZodApp, { services, command }: RouteDeps) {
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
    getNotifications: { tags: ["notifications"], response: replies({ 200: NotificationList }, ...LIST_ERRORS) },
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
      await command(request, (ctx) => macros.applyMacro(ctx, number, id, request.body.body));
      return presentIssue(await getIssue(db(), scopeOf(request), number));
    },
  );

  app.get("/notifications", { ...opts, schema: S.getNotifications }, async (request) => {
    const p = principalOf(request);
    const result = await listNotifications(db(), p.workspaceId, p.userId);
    return { items: result.items.map(presentNotification), unread: result.unread };
  });
  app.post(
    "/notifications/read",
    {
      ...opts,
      schema: {
        body: MarkNotificationsInput,
        tags: ["notifications"],
        response: replies({ 200: NotificationsMarked }, ...WRITE_ERRORS),
      },
    },
    async (request) => ({
      marked: await command(request, (ctx) => markNotificationsRead(ctx, request.body.ids)),
    }),
  );
}
