// What helps agents work issues: macros (reply templates + actions) and notifications
// (@mentions in internal notes, assignments).
import { boolean, index, jsonb, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { at, createdAt, id, updatedAt, workspaceId } from "./columns";
import { issues } from "./issues";
import { teams, users, workspaces } from "./tenancy";

export interface MacroActions {
  state?: "new" | "on_you" | "on_customer" | "on_hold" | "closed";
  priority?: "urgent" | "high" | "medium" | "low" | "none";
  addTags?: string[];
  teamId?: string | null;
}

export const macros = pgTable(
  "macro",
  {
    id: id(),
    workspaceId: workspaceId().references(() => workspaces.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    /** Markdown with {{variables}} (domain/macros.ts lists them). */
    body: text("body").notNull().default(""),
    actions: jsonb("actions").$type<MacroActions>().notNull().default({}),
    /** Null: everyone's; else the team the macro belongs to. */
    teamId: uuid("team_id").references(() => teams.id, { onDelete: "cascade" }),
    /** Internal-note macros never go out to the customer. */
    internal: boolean("internal").notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("macro_ws_idx").on(t.workspaceId)],
);

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
