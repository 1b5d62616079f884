// Drafts: what an agent has typed on an issue and not sent, kept per issue and per agent so it
// survives navigation and follows them to another device.
import { index, pgTable, primaryKey, text, uuid } from "drizzle-orm/pg-core";
import { updatedAt, workspaceId } from "./columns";
import { issues } from "./issues";
import { users, workspaces } from "./tenancy";

export const drafts = pgTable(
  "draft",
  {
    workspaceId: workspaceId().references(() => workspaces.id, { onDelete: "cascade" }),
    issueId: uuid("issue_id")
      .notNull()
      .references(() => issues.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    visibility: text("visibility", { enum: ["public", "internal"] })
      .notNull()
      .default("public"),
    body: text("body").notNull(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ name: "draft_pkey", columns: [t.issueId, t.userId] }),
    index("draft_user_idx").on(t.workspaceId, t.userId),
  ],
);
