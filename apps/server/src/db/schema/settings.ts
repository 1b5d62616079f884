// Workspace configuration that shapes how issues are worked: tags, custom fields, saved views.
import { sql } from "drizzle-orm";
import { boolean, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, id, updatedAt, workspaceId } from "./columns";
import { teams, users, workspaces } from "./tenancy";

export const tags = pgTable(
  "tag",
  {
    id: id(),
    workspaceId: workspaceId().references(() => workspaces.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    color: text("color").notNull().default("#64748b"),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("tag_ws_name_key").on(t.workspaceId, sql`lower(${t.name})`)],
);

export const CUSTOM_FIELD_TYPES = [
  "text",
  "number",
  "boolean",
  "date",
  "select",
  "multiselect",
  "url",
  "user",
] as const;

export const customFields = pgTable(
  "custom_field",
  {
    id: id(),
    workspaceId: workspaceId().references(() => workspaces.id, { onDelete: "cascade" }),
    object: text("object", { enum: ["issue", "account"] }).notNull(),
    /** Stable machine key, used in values maps, filters and the API. */
    key: text("key").notNull(),
    label: text("label").notNull(),
    type: text("type", { enum: CUSTOM_FIELD_TYPES }).notNull(),
    options: jsonb("options").$type<string[]>().notNull().default([]),
    requiredOnClose: boolean("required_on_close").notNull().default(false),
    aiEnabled: boolean("ai_enabled").notNull().default(false),
    /** Natural-language description the AI reads when filling the field. */
    description: text("description").notNull().default(""),
    source: text("source", { enum: ["manual", "crm"] })
      .notNull()
      .default("manual"),
    position: integer("position").notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("custom_field_ws_key").on(t.workspaceId, t.object, t.key)],
);

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
