// Custom fields: the workspace's own fields on issues and accounts.

import { customFieldTypes } from "@switchboard/api/vocabulary";
import { boolean, integer, jsonb, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { createdAt, id, workspaceId } from "./columns";
import { workspaces } from "./tenancy";

export const CUSTOM_FIELD_TYPES = customFieldTypes;

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
