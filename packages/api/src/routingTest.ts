// The routing tester (/api/v1/routing/test): an admin pastes a message and sees, without changing
// anything, which "Issue created" triggers match, the team the routing order gives it, and how the
// team's AI agent scores each runbook.
import { z } from "zod";
import { Channel, Uuid } from "./primitives";
import type { Wire } from "./responses";
import { ConditionTrace } from "./triggers";

export const RoutingTestInput = z.strictObject({
  subject: z.string().trim().max(500).default(""),
  text: z.string().trim().min(1, "Paste the customer's message.").max(20_000),
  accountId: Uuid.nullish(),
  channel: Channel.default("email"),
  /** An email inbox the message was sent to: its team is the fallback when no trigger sets one. */
  inboxId: Uuid.nullish(),
});

export const RoutingTestTrigger = z.strictObject({
  id: Uuid,
  name: z.string(),
  matched: z.boolean(),
  /** Why it was not evaluated (switched off, broken). */
  skipped: z.string().nullable(),
  trace: z.array(ConditionTrace),
  /** What it would do, in words (only when it matched). */
  actions: z.array(z.string()),
});
export type RoutingTestTrigger = Wire<typeof RoutingTestTrigger>;

export const RunbookScore = z.strictObject({
  /** The runbook's name; null for staying with the agent's own team. */
  runbookName: z.string().nullable(),
  teamName: z.string(),
  probability: z.number(),
});
export type RunbookScore = Wire<typeof RunbookScore>;

export const RoutingTestResult = z.strictObject({
  triggers: z.array(RoutingTestTrigger),
  /** The team after the triggers and the inbox's fallback, before the AI agent. */
  team: z.strictObject({ id: Uuid, name: z.string() }).nullable(),
  /** How the team was chosen: by a trigger (its name), an inbox's default (its address), or not at all. */
  teamBy: z.strictObject({ kind: z.enum(["trigger", "inbox", "none"]), name: z.string().nullable() }),
  router: z
    .strictObject({
      agentName: z.string(),
      action: z.enum(["route", "stay"]),
      team: z.strictObject({ id: Uuid, name: z.string() }),
      runbookName: z.string().nullable(),
      confidence: z.number(),
      reason: z.string(),
      evidence: z.array(z.string()),
      scores: z.array(RunbookScore),
      provider: z.string(),
    })
    .nullable(),
});
export type RoutingTestResult = Wire<typeof RoutingTestResult>;
