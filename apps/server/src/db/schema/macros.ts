// Macros: reply templates with actions that agents apply to an issue.
import { boolean, index, jsonb, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { createdAt, id, updatedAt, workspaceId } from "./columns";
import { teams, workspaces } from "./tenancy";

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
