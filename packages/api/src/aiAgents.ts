// /ai-agents (+ runbooks, accuracy), AI decisions and their overrides, and a team's routing
// strategy: how issues reach the right team and person, and why.
import { z } from "zod";
import { IssueNumber } from "./issues";
import { JsonObject, Priority, Uuid } from "./primitives";
import { Timestamp, type Wire } from "./responses";
import { aiDecisionKinds, teamAssignmentStrategies, teamModes } from "./vocabulary";

export const AgentInput = z.strictObject({
  name: z.string().trim().min(1).max(200),
  teamId: Uuid.nullish(),
  homeInstructions: z.string().max(10_000).optional(),
  threshold: z.number().min(0).max(1).optional(),
  enabled: z.boolean().optional(),
});
export const AgentPatch = AgentInput.partial();
export const RunbookInput = z.strictObject({
  name: z.string().trim().min(1).max(200),
  instructions: z.string().trim().min(1).max(10_000),
  targetTeamId: Uuid,
  examples: z.array(z.string().max(4_000)).max(200).optional(),
  position: z.number().int().min(0).optional(),
  enabled: z.boolean().optional(),
});
export const RunbookPatch = RunbookInput.partial();
export const RunbookParams = z.strictObject({ id: Uuid, runbookId: Uuid });
export const AccuracyQuery = z.strictObject({ limit: z.coerce.number().int().min(1).max(5_000).default(200) });
export const OverrideInput = z.union([
  z.strictObject({ teamId: Uuid }),
  z.strictObject({ priority: Priority.exclude(["none"]) }),
  // An AI custom field's decision: the value a person chose instead (null clears the field).
  z.strictObject({ value: z.union([z.string().max(500), z.array(z.string().max(500)).max(50), z.null()]) }),
]);
/** POST /issues/{number}/ai-fields: fill the named AI fields (all AI fields when keys is absent). */
export const AiFieldFillInput = z.strictObject({
  keys: z
    .array(z.string().regex(/^[a-z][a-z0-9_]{0,62}$/))
    .max(50)
    .optional(),
});
export const DecisionParams = z.strictObject({ number: IssueNumber, id: Uuid });
export const TeamRoutingInput = z.strictObject({ strategy: z.enum(teamAssignmentStrategies) });

export const Agent = z.strictObject({
  id: Uuid,
  workspaceId: Uuid,
  name: z.string(),
  kind: z.enum(["router"]),
  /** The team whose new issues the agent routes; "no runbook fits" leaves them there. */
  teamId: Uuid.nullable(),
  homeInstructions: z.string(),
  /** Below this confidence the agent does not move the issue. */
  threshold: z.number(),
  enabled: z.boolean(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Agent = Wire<typeof Agent>;

export const Runbook = z.strictObject({
  id: Uuid,
  workspaceId: Uuid,
  agentId: Uuid,
  name: z.string(),
  instructions: z.string(),
  targetTeamId: Uuid.nullable(),
  position: z.number().int(),
  enabled: z.boolean(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Runbook = Wire<typeof Runbook>;

/** A runbook as an agent lists it: with its examples and its target team's name. */
export const RunbookDetail = Runbook.extend({ examples: z.array(z.string()), targetTeamName: z.string().nullable() });
export type RunbookDetail = Wire<typeof RunbookDetail>;
export const AgentDetail = Agent.extend({ runbooks: z.array(RunbookDetail) });
export type AgentDetail = Wire<typeof AgentDetail>;

/** How well the Router does on this workspace's own history. */
export const Accuracy = z.strictObject({
  total: z.number().int(),
  correct: z.number().int(),
  /** correct / total; null with no decisions yet. */
  accuracy: z.number().nullable(),
  labels: z.array(z.strictObject({ id: z.string(), name: z.string() })),
  /** Non-zero cells of the confusion matrix. */
  matrix: z.array(z.strictObject({ predicted: z.string(), actual: z.string(), count: z.number().int() })),
});
export type Accuracy = Wire<typeof Accuracy>;

/** An AI decision on an issue, with what it looked at and why. */
export const Decision = z.strictObject({
  id: Uuid,
  kind: z.enum(aiDecisionKinds),
  agentId: Uuid.nullable(),
  input: JsonObject,
  /** route → { action, teamId, teamName, runbookId, runbookName }; priority → { priority }. */
  output: JsonObject,
  confidence: z.number().nullable(),
  reason: z.string().nullable(),
  evidence: z.array(z.string()),
  alternatives: z.array(z.strictObject({ label: z.string(), name: z.string(), probability: z.number() })),
  provider: z.string(),
  overriddenBy: Uuid.nullable(),
  overriddenAt: Timestamp.nullable(),
  /** What the person chose instead (the label). */
  correction: JsonObject.nullable(),
  createdAt: Timestamp,
});
export type Decision = Wire<typeof Decision>;

export const TeamRouting = z.strictObject({
  teamId: Uuid,
  mode: z.enum(teamModes),
  strategy: z.enum(teamAssignmentStrategies),
});
export type TeamRouting = Wire<typeof TeamRouting>;
/** PUT answers what it set, without the mode. */
export const TeamRoutingSet = TeamRouting.omit({ mode: true });
export type TeamRoutingSet = Wire<typeof TeamRoutingSet>;
