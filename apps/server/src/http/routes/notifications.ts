// /notifications: a person's @mentions and assignments, and marking them read.
import { MarkNotificationsInput } from "@switchboard/api";
import { markNotificationsRead } from "../../commands/notifications";
import type { notifications } from "../../db/schema";
import { listNotifications } from "../../queries/notifications";
import { principalOf, requirePrincipal } from "../auth";
import type { RouteDeps } from "../context";
import type { ZodApp } from "./types";

const presentNotification = (n: typeof notifications.$inferSelect) => ({
  id: n.id,
  kind: n.kind,
  issueId: n.issueId,
  data: n.data,
  readAt: n.readAt,
  createdAt: n.createdAt,
});

export function notificationRoutes(app: ZodApp, { services, command }: RouteDeps) {
  const db = () => services.database.db;
  const opts = { preHandler: requirePrincipal };

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
