// Business-hours calendars and SLA policies (conditions → response and resolution targets).
import { boolean, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import type { Holiday, WorkingPeriod } from "../../domain/businessHours";
import type { ConditionNode } from "../../domain/triggers";
import { createdAt, id, updatedAt, workspaceId } from "./columns";
import { workspaces } from "./tenancy";

export const businessCalendars = pgTable(
  "business_calendar",
  {
    id: id(),
    workspaceId: workspaceId().references(() => workspaces.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    /** IANA time zone the hours and holidays are read in. */
    timeZone: text("time_zone").notNull(),
    hours: jsonb("hours").$type<WorkingPeriod[]>().notNull().default([]),
    holidays: jsonb("holidays").$type<Holiday[]>().notNull().default([]),
    /** The workspace's calendar for teams and policies that name none (at most one). */
    isDefault: boolean("is_default").notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("business_calendar_ws_name_key").on(t.workspaceId, t.name)],
);

export const slaPolicies = pgTable(
  "sla_policy",
  {
    id: id(),
    workspaceId: workspaceId().references(() => workspaces.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    /** Policies are tried in ascending position; the first that matches applies. */
    position: integer("position").notNull().default(0),
    enabled: boolean("enabled").notNull().default(true),
    conditions: jsonb("conditions").$type<ConditionNode>().notNull().default({ all: [] }),
    /** Null: the team's calendar, else the workspace's default. */
    calendarId: uuid("calendar_id").references(() => businessCalendars.id, { onDelete: "set null" }),
    firstResponseMinutes: integer("first_response_minutes"),
    nextResponseMinutes: integer("next_response_minutes"),
    resolutionMinutes: integer("resolution_minutes"),
    businessTime: boolean("business_time").notNull().default(true),
    pauseOn: text("pause_on", { enum: ["on_customer", "on_hold"] })
      .array()
      .notNull()
      .default(["on_customer", "on_hold"]),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("sla_policy_ws_name_key").on(t.workspaceId, t.name),
    index("sla_policy_ws_position_idx").on(t.workspaceId, t.position),
  ],
);
