// Saved views: a filter, sort and layout over issues, owned by a person, a team or the workspace.
import { index, integer, jsonb, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { createdAt, id, updatedAt, workspaceId } from "./columns";
import { teams, users, workspaces } from "./tenancy";

export const views = pgTable(
  "view",
  {
    id: id(),
    workspaceId: workspaceId().references(() => workspaces.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    ownerType: text("owner_type", { enum: ["user", "team", "workspace"] }).notNull(),
    ownerUserId: uuid("owner_user_id").references(() => users.id, { onDelete: "cascade" }),
    ownerTeamId: uuid("owner_team_id").references(() => teams.id, { onDelete: "cascade" }),
    /** Condition tree of the one condition language (domain/conditions/), issue context. */
    filter: jsonb("filter").$type<Record<string, unknown>>().notNull().default({ all: [] }),
    sort: text("sort").notNull().default("priority"),
    layout: text("layout", { enum: ["list", "kanban"] })
      .notNull()
      .default("list"),
    position: integer("position").notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("view_ws_idx").on(t.workspaceId)],
);
