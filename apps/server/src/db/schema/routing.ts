// Routing: triggers (rules), AI agents with runbooks, every AI decision with its explanation,
// the labels people's corrections produce, trained models, and per-team assignment rules.

import { aiDecisionKinds, teamAssignmentStrategies } from "@switchboard/api/vocabulary";
import { boolean, index, integer, jsonb, pgTable, real, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import type { ConditionNode, TriggerAction } from "../../domain/triggers";
import { TRIGGER_EVENTS } from "../../domain/triggers";
import { at, createdAt, id, updatedAt, workspaceId } from "./columns";
import { issues } from "./issues";
import { teams, users, workspaces } from "./tenancy";

export const triggers = pgTable(
  "trigger",
  {
    id: id(),
    workspaceId: workspaceId().references(() => workspaces.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    event: text("event", { enum: TRIGGER_EVENTS }).notNull(),
    /** Triggers run in ascending position; later ones see earlier ones' changes. */
    position: integer("position").notNull().default(0),
    enabled: boolean("enabled").notNull().default(true),
    conditions: jsonb("conditions").$type<ConditionNode>().notNull().default({ all: [] }),
    actions: jsonb("actions").$type<TriggerAction[]>().notNull().default([]),
    /** no_reply triggers: business hours since the customer's last unanswered message. */
    noReplyHours: integer("no_reply_hours"),
    /** sla_warning triggers: minutes before an SLA target is due. */
    slaWarningMinutes: integer("sla_warning_minutes"),
    /** Set when something the trigger names is gone; such a trigger is skipped, not run. */
    invalidReason: text("invalid_reason"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("trigger_ws_event_idx").on(t.workspaceId, t.event, t.position)],
);

/** An AI agent is an assignee that is not a person: issue.assignee_agent_id points here. */
export const aiAgents = pgTable(
  "ai_agent",
  {
    id: id(),
    workspaceId: workspaceId().references(() => workspaces.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    kind: text("kind", { enum: ["router"] })
      .notNull()
      .default("router"),
    /** The team whose new issues the agent routes (Support); "no runbook fits" leaves them here. */
    teamId: uuid("team_id").references(() => teams.id, { onDelete: "set null" }),
    /** What the home team keeps, in words: the examples of "stay". */
    homeInstructions: text("home_instructions").notNull().default(""),
    /** Below this confidence the agent does not move the issue. */
    threshold: real("threshold").notNull().default(0.45),
    enabled: boolean("enabled").notNull().default(true),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("ai_agent_ws_name_key").on(t.workspaceId, t.name)],
);

export const runbooks = pgTable(
  "runbook",
  {
    id: id(),
    workspaceId: workspaceId().references(() => workspaces.id, { onDelete: "cascade" }),
    agentId: uuid("agent_id")
      .notNull()
      .references(() => aiAgents.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    /** Natural language: which issues belong to the target team. */
    instructions: text("instructions").notNull(),
    targetTeamId: uuid("target_team_id").references(() => teams.id, { onDelete: "set null" }),
    position: integer("position").notNull().default(0),
    enabled: boolean("enabled").notNull().default(true),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("runbook_agent_idx").on(t.agentId, t.position)],
);

export const runbookExamples = pgTable(
  "runbook_example",
  {
    id: id(),
    workspaceId: workspaceId().references(() => workspaces.id, { onDelete: "cascade" }),
    runbookId: uuid("runbook_id")
      .notNull()
      .references(() => runbooks.id, { onDelete: "cascade" }),
    text: text("text").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("runbook_example_runbook_idx").on(t.runbookId)],
);

export const AI_DECISION_KINDS = aiDecisionKinds;

export const aiDecisions = pgTable(
  "ai_decision",
  {
    id: id(),
    workspaceId: workspaceId().references(() => workspaces.id, { onDelete: "cascade" }),
    issueId: uuid("issue_id")
      .notNull()
      .references(() => issues.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: AI_DECISION_KINDS }).notNull(),
    agentId: uuid("agent_id").references(() => aiAgents.id, { onDelete: "set null" }),
    /** What the decision looked at (text excerpt, account tier…). */
    input: jsonb("input").$type<Record<string, unknown>>().notNull().default({}),
    /** The decision itself: route → { action, teamId, teamName, runbookId, runbookName }; priority → { priority }. */
    output: jsonb("output").$type<Record<string, unknown>>().notNull().default({}),
    confidence: real("confidence"),
    reason: text("reason"),
    /** Phrases and examples that pulled towards the choice. */
    evidence: jsonb("evidence").$type<string[]>().notNull().default([]),
    /** The other candidates with their scores. */
    alternatives: jsonb("alternatives")
      .$type<{ label: string; name: string; probability: number }[]>()
      .notNull()
      .default([]),
    provider: text("provider").notNull().default("local"),
    overriddenBy: uuid("overridden_by").references(() => users.id, { onDelete: "set null" }),
    overriddenAt: at("overridden_at"),
    /** What the person chose instead (the label). */
    correction: jsonb("correction").$type<Record<string, unknown>>(),
    createdAt: createdAt(),
  },
  (t) => [
    index("ai_decision_issue_idx").on(t.issueId, t.createdAt),
    index("ai_decision_ws_kind_idx").on(t.workspaceId, t.kind, t.createdAt),
  ],
);

/** Labelled texts from people's corrections: what the models learn from besides runbooks. */
export const aiLabels = pgTable(
  "ai_label",
  {
    id: id(),
    workspaceId: workspaceId().references(() => workspaces.id, { onDelete: "cascade" }),
    /** `route:<agentId>` or `priority`. */
    task: text("task").notNull(),
    issueId: uuid("issue_id").references(() => issues.id, { onDelete: "cascade" }),
    decisionId: uuid("decision_id").references(() => aiDecisions.id, { onDelete: "set null" }),
    text: text("text").notNull(),
    /** Route: a team id, or "none" for "stays with the agent's team"; priority: the priority. */
    label: text("label").notNull(),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [index("ai_label_ws_task_idx").on(t.workspaceId, t.task, t.createdAt)],
);

/** A trained classifier (its JSON), one per task; dropped when its runbooks change. */
export const routerModels = pgTable(
  "router_model",
  {
    id: id(),
    workspaceId: workspaceId().references(() => workspaces.id, { onDelete: "cascade" }),
    task: text("task").notNull(),
    model: jsonb("model").$type<unknown>().notNull(),
    exampleCount: integer("example_count").notNull().default(0),
    trainedAt: at("trained_at").notNull().defaultNow(),
  },
  (t) => [uniqueIndex("router_model_ws_task_key").on(t.workspaceId, t.task)],
);

export const TEAM_ASSIGNMENT_STRATEGIES = teamAssignmentStrategies;

/** How issues reaching a team get a person. `auto`: pooled stays in the queue, scoped by owner, then tier. */
export const teamRouting = pgTable("team_routing", {
  teamId: uuid("team_id")
    .primaryKey()
    .references(() => teams.id, { onDelete: "cascade" }),
  workspaceId: workspaceId().references(() => workspaces.id, { onDelete: "cascade" }),
  strategy: text("strategy", { enum: TEAM_ASSIGNMENT_STRATEGIES }).notNull().default("auto"),
  /** Round-robin cursor: the member who got the last issue. */
  lastAssignedUserId: uuid("last_assigned_user_id").references(() => users.id, { onDelete: "set null" }),
  updatedAt: updatedAt(),
});
