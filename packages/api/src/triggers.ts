// Triggers: "when <event>, if <conditions>, then <actions>" rules (/api/v1/triggers).
import { z } from "zod";
import { ConditionNode, TriggerConditions } from "./conditions";
import { IssueState, Priority, Uuid } from "./primitives";
import { Timestamp, type Wire } from "./responses";
import { ASSIGN_STRATEGIES, CONDITION_OPS, TRIGGER_EVENTS } from "./vocabulary";

export const TriggerAction = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("set_team"), teamId: z.string().uuid() }),
  z.strictObject({ type: z.literal("assign_user"), userId: z.string().uuid() }),
  z.strictObject({ type: z.literal("assign_agent"), agentId: z.string().uuid() }),
  /** Pick a member of the issue's team: its own rules, round-robin or least-loaded. */
  z.strictObject({
    type: z.literal("assign_in_team"),
    strategy: z.enum(ASSIGN_STRATEGIES),
  }),
  z.strictObject({ type: z.literal("set_priority"), priority: Priority }),
  z.strictObject({ type: z.literal("add_tags"), tags: z.array(z.string().min(1).max(100)).min(1).max(20) }),
  z.strictObject({ type: z.literal("remove_tags"), tags: z.array(z.string().min(1).max(100)).min(1).max(20) }),
  z.strictObject({
    type: z.literal("set_field"),
    key: z.string().min(1).max(100),
    value: z.union([z.string(), z.number(), z.boolean(), z.array(z.string()), z.null()]),
  }),
  z.strictObject({ type: z.literal("set_state"), state: IssueState }),
  z.strictObject({ type: z.literal("macro_reply"), macroId: z.string().uuid() }),
  z.strictObject({ type: z.literal("internal_note"), body: z.string().min(1).max(10_000) }),
]);
export type TriggerAction = z.infer<typeof TriggerAction>;

export const TriggerInput = z.strictObject({
  name: z.string().trim().min(1).max(200),
  event: z.enum(TRIGGER_EVENTS),
  conditions: TriggerConditions.default({ all: [] }),
  actions: z.array(TriggerAction).min(1).max(20),
  enabled: z.boolean().optional(),
  position: z.number().int().min(0).max(100_000).optional(),
  noReplyHours: z
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .nullish(),
  /** sla_warning triggers: how many minutes before an SLA target is due they fire. */
  slaWarningMinutes: z
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 60)
    .nullish(),
});
export const TriggerPatch = TriggerInput.partial();
export const DryRunInput = z.strictObject({
  limit: z.number().int().min(1).max(500).default(50),
  conditions: TriggerConditions.optional(),
  /** The event to test for (the dialog's, saved or not); the trigger's own by default. */
  event: z.enum(TRIGGER_EVENTS).optional(),
});

export const Trigger = z.strictObject({
  id: Uuid,
  workspaceId: Uuid,
  name: z.string(),
  event: z.enum(TRIGGER_EVENTS),
  /** Triggers run in ascending position; later ones see earlier ones' changes. */
  position: z.number().int(),
  enabled: z.boolean(),
  conditions: ConditionNode,
  actions: z.array(TriggerAction),
  noReplyHours: z.number().int().nullable(),
  slaWarningMinutes: z.number().int().nullable(),
  /** Set when something the trigger names is gone; such a trigger is skipped, not run. */
  invalidReason: z.string().nullable(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Trigger = Wire<typeof Trigger>;

/** One evaluated leaf condition of a dry run: what it saw and whether it matched. */
export const ConditionTrace = z.strictObject({
  field: z.string(),
  op: z.enum(CONDITION_OPS),
  value: z.unknown().optional(),
  actual: z.unknown(),
  matched: z.boolean(),
});
export type ConditionTrace = Wire<typeof ConditionTrace>;

/** A leaf condition that kept recent issues out: how many, and what some of them had instead. */
export const DryRunFailure = z.strictObject({
  field: z.string(),
  op: z.enum(CONDITION_OPS),
  value: z.unknown().optional(),
  /** How many of the checked issues failed this condition. */
  count: z.number().int(),
  /** A few of the values those issues had, distinct. */
  actuals: z.array(z.unknown()),
});
export type DryRunFailure = Wire<typeof DryRunFailure>;

export const DryRunResult = z.strictObject({
  checked: z.number().int(),
  /**
   * "Issue created" triggers run before any team, assignee or priority is set, so each issue is
   * checked as it arrived (no team, no assignee, state New, no priority), not as it is now.
   */
  asArrived: z.boolean(),
  matches: z.array(z.strictObject({ number: z.number().int(), title: z.string(), trace: z.array(ConditionTrace) })),
  /** Why the other issues did not match: each failing condition, most frequent first. */
  failures: z.array(DryRunFailure),
  /** The issues that did not match, each with the conditions it failed (the first 20). */
  misses: z.array(z.strictObject({ number: z.number().int(), title: z.string(), failed: z.array(ConditionTrace) })),
});
export type DryRunResult = Wire<typeof DryRunResult>;
