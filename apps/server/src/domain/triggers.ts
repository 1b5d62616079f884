// Triggers: admin-defined "when <event>, if <conditions>, then <actions>" rules. Pure: the
// routing pipeline gathers the facts, asks `evaluateTrigger`, and runs the actions as commands.
// Conditions are the one condition language (domain/conditions/), in its event context.
import {
  CONDITION_OPS,
  ConditionNode,
  type ConditionOp,
  conditionLeaves,
  TRIGGER_EVENTS,
  TriggerAction,
  TriggerCondition,
  type TriggerEvent,
} from "@switchboard/api";
import { factValue } from "./conditions/catalog";
import { type Evaluation, evaluateConditions } from "./conditions/evaluate";
import type { ConditionFacts } from "./conditions/facts";
import { conditionProblems } from "./conditions/validate";

// The schemas live in the shared API package; the domain re-exports them under their old names.
export {
  CONDITION_OPS,
  ConditionNode,
  type ConditionOp,
  TRIGGER_EVENTS,
  TriggerAction,
  TriggerCondition,
  type TriggerEvent,
};

export interface TriggerRule {
  id: string;
  name: string;
  event: TriggerEvent;
  enabled: boolean;
  conditions: ConditionNode;
  actions: TriggerAction[];
  /** no_reply triggers: business hours without an answer after the customer's last message. */
  noReplyHours?: number | null;
  /** sla_warning triggers: minutes before an SLA target is due. */
  slaWarningMinutes?: number | null;
}

/** Plain data about the issue at the moment of the event; every lookup was done by the caller. */
export type TriggerFacts = ConditionFacts;

export interface TriggerEvaluation extends Evaluation {
  /** Disabled, invalid or wrong-event triggers do not run; this says why. */
  skipped?: string;
}

export function evaluateTrigger(
  trigger: TriggerRule & { invalidReason?: string | null },
  event: TriggerEvent,
  facts: TriggerFacts,
): TriggerEvaluation {
  if (!trigger.enabled) return { matched: false, trace: [], skipped: "disabled" };
  if (trigger.event !== event) return { matched: false, trace: [], skipped: "other event" };
  if (trigger.invalidReason) return { matched: false, trace: [], skipped: trigger.invalidReason };
  if (event === "no_reply") {
    const hours = factValue(facts, "time.business_hours_since_customer_message");
    if (typeof hours !== "number" || hours < (trigger.noReplyHours ?? 24)) return { matched: false, trace: [] };
  }
  if (event === "sla_warning") {
    const left = facts.slaDueAt ? facts.slaDueAt.getTime() - facts.now.getTime() : null;
    if (left === null || left <= 0 || left > slaWarningMs(trigger)) return { matched: false, trace: [] };
  }
  return evaluateConditions(trigger.conditions, facts);
}

/** How long before an SLA target is due an sla_warning trigger fires (30 minutes unless set). */
export function slaWarningMs(trigger: Pick<TriggerRule, "slaWarningMinutes">): number {
  return (trigger.slaWarningMinutes ?? 30) * 60_000;
}

/** What a trigger points at; the pipeline checks these still exist before running it. */
export interface TriggerReferences {
  teamIds: string[];
  userIds: string[];
  agentIds: string[];
  macroIds: string[];
  issueFieldKeys: string[];
  accountFieldKeys: string[];
}

export function triggerReferences(trigger: Pick<TriggerRule, "conditions" | "actions">): TriggerReferences {
  const refs: TriggerReferences = {
    teamIds: [],
    userIds: [],
    agentIds: [],
    macroIds: [],
    issueFieldKeys: [],
    accountFieldKeys: [],
  };
  for (const c of conditionLeaves(trigger.conditions)) {
    const [root, name, ...rest] = c.field.split(".");
    if (name === "field" && root === "issue") refs.issueFieldKeys.push(rest.join("."));
    if (name === "field" && root === "account") refs.accountFieldKeys.push(rest.join("."));
    if (root === "issue" && name === "team" && typeof c.value === "string" && !TOKENS.has(c.value))
      refs.teamIds.push(c.value);
  }
  for (const a of trigger.actions) {
    if (a.type === "set_team") refs.teamIds.push(a.teamId);
    if (a.type === "assign_user") refs.userIds.push(a.userId);
    if (a.type === "assign_agent") refs.agentIds.push(a.agentId);
    if (a.type === "macro_reply") refs.macroIds.push(a.macroId);
    if (a.type === "set_field") refs.issueFieldKeys.push(a.key);
  }
  return refs;
}

/** "me" and "none" stand for a person and for unset, not for a team. */
const TOKENS = new Set(["me", "none"]);

export interface WorkspaceCatalog {
  teamIds: ReadonlySet<string>;
  userIds: ReadonlySet<string>;
  agentIds: ReadonlySet<string>;
  macroIds: ReadonlySet<string>;
  issueFieldKeys: ReadonlySet<string>;
  accountFieldKeys: ReadonlySet<string>;
}

/** Why this trigger cannot run any more (a team, user, field… it names is gone), or null. */
export function invalidReasonFor(
  trigger: Pick<TriggerRule, "conditions" | "actions">,
  catalog: WorkspaceCatalog,
): string | null {
  const refs = triggerReferences(trigger);
  const missing = (ids: string[], known: ReadonlySet<string>) => ids.filter((id) => !known.has(id));
  const problems = [
    ...missing(refs.teamIds, catalog.teamIds).map((id) => `team ${id} no longer exists`),
    ...missing(refs.userIds, catalog.userIds).map((id) => `user ${id} no longer exists`),
    ...missing(refs.agentIds, catalog.agentIds).map((id) => `AI agent ${id} no longer exists`),
    ...missing(refs.macroIds, catalog.macroIds).map((id) => `macro ${id} no longer exists`),
    ...missing(refs.issueFieldKeys, catalog.issueFieldKeys).map((k) => `issue field "${k}" no longer exists`),
    ...missing(refs.accountFieldKeys, catalog.accountFieldKeys).map((k) => `account field "${k}" no longer exists`),
    ...conditionProblems(trigger.conditions, "event"),
  ];
  return problems.length > 0 ? problems.join("; ") : null;
}

/** Upper bound on trigger passes per event: trigger A undoing trigger B cannot run forever. */
export const MAX_TRIGGER_PASSES = 3;
