// Notifications: a person's @mentions in internal notes and assignments.
import { index, jsonb, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { at, createdAt, id, workspaceId } from "./columns";
import { issues } from "./issues";
import { users, workspaces } from "./tenancy";

export const notifications = pgTable(
  "notification",
  {
    id: id(),
    workspaceId: workspaceId().references(() => workspaces.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    issueId: uuid("issue_id").references(() => issues.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: ["mention", "assigned"] }).notNull(),
    /** Who caused it and a short excerpt, for the notification list. */
    data: jsonb("data").$type<Record<string, unknown>>().notNull().default({}),
    readAt: at("read_at"),
    createdAt: createdAt(),
  },
  (t) => [index("notification_user_idx").on(t.userId, t.createdAt)],
);
