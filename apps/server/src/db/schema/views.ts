// Saved views: a filter, sort and layout over issues, owned by a person, a team or the workspace.
import { sql } from "drizzle-orm";
import { boolean, index, integer, jsonb, pgTable, primaryKey, smallint, text, uuid } from "drizzle-orm/pg-core";
import { at, createdAt, id, updatedAt, workspaceId } from "./columns";
import { issues } from "./issues";
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

/**
 * Open, unmerged issues per (team, assignee, account, state, priority, channel), as signed deltas
 * written by triggers on `issue` (migration 0053) and folded by `issue_open_count_compact(ws)`:
 * the sidebar counts a view that filters on these fields by summing them.
 */
export const issueOpenCounts = pgTable(
  "issue_open_count",
  {
    workspaceId: workspaceId().references(() => workspaces.id, { onDelete: "cascade" }),
    teamId: uuid("team_id"),
    assigneeUserId: uuid("assignee_user_id"),
    accountId: uuid("account_id"),
    state: text("state").notNull(),
    priority: text("priority").notNull(),
    channel: text("channel").notNull(),
    n: integer("n").notNull(),
    /** A trigger's change, not yet folded into a total. */
    delta: boolean("delta").notNull().default(true),
  },
  (t) => [index("issue_open_count_ws_idx").on(t.workspaceId)],
);

/**
 * Each issue's custom-field text values as `issue.field.K eq "text"` compares them (trimmed,
 * lower-cased; one row per element of a multiselect), with the issue's priority rank, creation
 * time and openness: a view filtered on a field walks (workspace, key, value, rank, created_at,
 * issue) in priority order, and its sidebar count reads the open rows alone. Written only by
 * triggers on `issue` (migration 0056); values over 256 characters are left out (conditionSql
 * compares those through the JSON).
 */
export const issueFieldValues = pgTable(
  "issue_field_value",
  {
    workspaceId: workspaceId(),
    issueId: uuid("issue_id")
      .notNull()
      .references(() => issues.id, { onDelete: "cascade" }),
    key: text("key").notNull(),
    value: text("value").notNull(),
    /** The issue's priority as the views' RANK orders it (0 urgent … 4 none). */
    rank: smallint("rank").notNull(),
    createdAt: at("created_at").notNull(),
    /** Not closed and not merged: what the sidebar counts. */
    open: boolean("open").notNull(),
  },
  (t) => [
    primaryKey({ name: "issue_field_value_pkey", columns: [t.issueId, t.key, t.value] }),
    index("issue_field_value_ws_rank_idx").on(t.workspaceId, t.key, t.value, t.rank, t.createdAt, t.issueId),
    index("issue_field_value_ws_open_idx").on(t.workspaceId, t.key, t.value).where(sql`${t.open}`),
  ],
);
