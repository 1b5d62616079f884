// /notifications: a person's @mentions and assignments, and marking them read.
import {
  MarkNotificationsInput,
  type Notification,
  type NotificationData,
  NotificationList,
  NotificationsMarked,
  type Presented,
  replies,
} from "@switchboard/api";
import { markNotificationsRead } from "../../commands/notifications";
import type { notifications } from "../../db/schema";
import { listNotifications } from "../../queries/notifications";
import { principalOf, requirePrincipal } from "../auth";
import type { RouteDeps } from "../context";
import { LIST_ERRORS, WRITE_ERRORS } from "../replies";
import type { ZodApp } from "./types";

const presentNotification = (n: typeof notifications.$inferSelect): Presented<typeof Notification> => ({
  id: n.id,
  kind: n.kind,
  issueId: n.issueId,
  // Written by commands/notifications.ts: who, which issue, an excerpt.
  data: n.data as Presented<typeof NotificationData>,
  readAt: n.readAt,
  createdAt: n.createdAt,
});

export function notificationRoutes(app: ZodApp, { services, command }: RouteDeps) {
  const db = () => services.database.db;
  const opts = { preHandler: requirePrincipal };

  /** Input and response schemas of the one-line routes below; the longer routes carry theirs inline. */
  const S = {
    getNotifications: { tags: ["notifications"], response: replies({ 200: NotificationList }, ...LIST_ERRORS) },
  };

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
