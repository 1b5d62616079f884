// Triggers: "when <event>, if <conditions>, then <actions>" rules (/api/v1/triggers).
import { z } from "zod";
import { TriggerConditions } from "./conditions";
import { IssueState, Priority } from "./primitives";
import { TRIGGER_EVENTS } from "./vocabulary";

export const TriggerAction = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("set_team"), teamId: z.string().uuid() }),
  z.strictObject({ type: z.literal("assign_user"), userId: z.string().uuid() }),
  z.strictObject({ type: z.literal("assign_agent"), agentId: z.string().uuid() }),
  /** Pick a member of the issue's team: its own rules, round-robin or least-loaded. */
  z.strictObject({
    type: z.literal("assign_in_team"),
    strategy: z.enum(["team_rules", "round_robin", "least_loaded"]),
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
});
export const TriggerPatch = TriggerInput.partial();
export const DryRunInput = z.strictObject({
  limit: z.number().int().min(1).max(500).default(50),
  conditions: TriggerConditions.optional(),
});
