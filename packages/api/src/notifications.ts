// /notifications: @mentions and assignments for the signed-in user.
import { z } from "zod";
import { Uuid } from "./primitives";
import { Timestamp, type Wire } from "./responses";
import { notificationKinds } from "./vocabulary";

export const MarkNotificationsInput = z.strictObject({ ids: z.union([z.array(Uuid).max(500), z.literal("all")]) });

/** Who caused it and a short excerpt; older rows may carry more. */
export const NotificationData = z.looseObject({
  by: z.string().optional(),
  issueNumber: z.number().int().optional(),
  title: z.string().optional(),
  excerpt: z.string().optional(),
});

export const Notification = z.strictObject({
  id: Uuid,
  kind: z.enum(notificationKinds),
  issueId: Uuid.nullable(),
  data: NotificationData,
  readAt: Timestamp.nullable(),
  createdAt: Timestamp,
});
export type Notification = Wire<typeof Notification>;

export const NotificationList = z.strictObject({ items: z.array(Notification), unread: z.number().int() });
export type NotificationList = Wire<typeof NotificationList>;
export const NotificationsMarked = z.strictObject({ marked: z.number().int() });
export type NotificationsMarked = Wire<typeof NotificationsMarked>;
