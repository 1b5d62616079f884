// Runs a workspace's triggers for one event on one issue, in order, each as its own command
// (a failing trigger never undoes another), logging every run on the issue. Changes made by
// triggers re-run the issue_changed triggers, at most MAX_TRIGGER_PASSES times per event.
import { type Actor, runCommand } from "../commands/context";
import { appendEvent } from "../commands/events";
import { loadIssueByIdForUpdate } from "../commands/lookup";
import { flagTrigger } from "../commands/routing";
import { AppError } from "../domain/errors";
import {
  evaluateTrigger,
  invalidReasonFor,
  MAX_TRIGGER_PASSES,
  slaWarningMs,
  type TriggerEvent,
  type TriggerFacts,
} from "../domain/triggers";
import {
  actionNames,
  FRESH_READS,
  type IssueContext,
  listTriggers,
  loadCatalog,
  loadIssueContext,
  type RoutingReads,
  type TriggerRow,
  triggerFiredSince,
} from "../queries/routing";
import type { Services } from "../services";
import { applyTriggerAction } from "./actions";

export interface TriggerRunInput {
  workspaceId: string;
  issueId: string;
  event: TriggerEvent;
  messageId?: string;
  change?: TriggerFacts["change"];
  /** A routing batch's memo of settings and first messages (FRESH_READS when unset). */
  reads?: RoutingReads;
}

/** Returns how many triggers fired, over all passes. */
export async function runTriggers(services: Services, input: TriggerRunInput): Promise<number> {
  let event = input.event;
  let change = input.change ?? null;
  let fired = 0;
  for (let pass = 1; pass <= MAX_TRIGGER_PASSES; pass++) {
    const result = await runPass(services, { ...input, event, change }, pass);
    fired += result.fired;
    // Done when no trigger changed anything; A undoing B still counts as change.
    if (!result.lastChange) return fired;
    if (pass === MAX_TRIGGER_PASSES) await logLoopBound(services, input, pass);
    // Triggers see each other's changes as a field change, like a person's edit.
    event = "issue_changed";
    change = result.lastChange;
  }
  return fired;
}

async function runPass(services: Services, input: TriggerRunInput, pass: number) {
  const db = services.database.db;
  const reads = input.reads ?? FRESH_READS;
  const result: { fired: number; lastChange: TriggerFacts["change"] } = { fired: 0, lastChange: null };
  const listed = await reads.once(`triggers:${input.workspaceId}`, () => listTriggers(db, input.workspaceId));
  const all = listed.filter((t) => t.event === input.event && t.enabled);
  if (all.length === 0) return result;
  const catalog = await reads.once(`catalog:${input.workspaceId}`, () => loadCatalog(db, input.workspaceId));
  const load = () =>
    loadIssueContext(db, input.workspaceId, input.issueId, {
      messageId: input.messageId,
      now: services.now?.(),
      reads,
    });
  // The issue as the next trigger sees it: read again only after a trigger fired (nothing else writes here).
  let current: IssueContext | null | undefined;
  for (const trigger of all) {
    const reason = invalidReasonFor(trigger, catalog);
    if (reason !== trigger.invalidReason) await setFlag(services, input.workspaceId, trigger, reason);
    if (reason) continue;
    current ??= await load();
    const before = current;
    if (!before) return result;
    const facts = { ...before.facts, change: input.change ?? null };
    const evaluation = evaluateTrigger({ ...trigger, invalidReason: null }, input.event, facts);
    if (!evaluation.matched || (await firedThisWait(services, input, trigger, before))) continue;
    result.fired++;
    await fire(services, input, trigger, evaluation.trace, pass);
    current = await load();
    const changed = current && changedField(before, current);
    if (changed) result.lastChange = changed;
  }
  return result;
}

async function fire(
  services: Services,
  input: TriggerRunInput,
  trigger: TriggerRow,
  trace: unknown[],
  pass: number,
): Promise<void> {
  const actor: Actor = { type: "trigger", triggerId: trigger.id, name: trigger.name };
  const scope = { workspaceId: input.workspaceId, actor };
  const logged = { triggerId: trigger.id, name: trigger.name, event: input.event, pass, conditions: trace };
  try {
    await runCommand(services, scope, async (ctx) => {
      const done: string[] = [];
      const names = await (input.reads ?? FRESH_READS).once(`actionNames:${input.workspaceId}`, () =>
        actionNames(ctx.tx, input.workspaceId),
      );
      for (const action of trigger.actions) done.push(await applyTriggerAction(ctx, input.issueId, action, names));
      const issue = await loadIssueByIdForUpdate(ctx, input.issueId);
      await appendEvent(ctx, issue, "trigger", { ...logged, actions: done });
    });
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    // The trigger's changes rolled back; the run and its reason are still logged, and a trigger
    // naming something that is gone is flagged so it stops running.
    if (error.code === "not_found") {
      await setFlag(services, input.workspaceId, trigger, error.message);
      // What the batch read of the workspace's teams, people and macros no longer holds.
      for (const key of ["catalog", "actionNames"]) input.reads?.forget(`${key}:${input.workspaceId}`);
    }
    await runCommand(services, scope, async (ctx) => {
      const issue = await loadIssueByIdForUpdate(ctx, input.issueId);
      await appendEvent(ctx, issue, "trigger", { ...logged, actions: [], error: error.message });
    });
  }
}

/**
 * A no_reply trigger fires once per customer wait, an sla_warning trigger once per due time
 * (since its warning window opened), not on every sweep.
 */
async function firedThisWait(services: Services, input: TriggerRunInput, trigger: TriggerRow, context: IssueContext) {
  const due = context.issue.slaCheckAt;
  const since =
    input.event === "no_reply"
      ? context.issue.lastCustomerMessageAt
      : input.event === "sla_warning" && due
        ? new Date(due.getTime() - slaWarningMs(trigger))
        : null;
  if (!since) return false;
  return triggerFiredSince(services.database.db, input.issueId, trigger.id, since);
}

async function setFlag(services: Services, workspaceId: string, trigger: TriggerRow, reason: string | null) {
  await runCommand(services, { workspaceId, actor: { type: "system", name: "routing" } }, (ctx) =>
    flagTrigger(ctx, trigger.id, reason),
  );
  trigger.invalidReason = reason;
}

async function logLoopBound(services: Services, input: TriggerRunInput, passes: number) {
  await runCommand(
    services,
    { workspaceId: input.workspaceId, actor: { type: "system", name: "routing" } },
    async (ctx) => {
      const issue = await loadIssueByIdForUpdate(ctx, input.issueId);
      await appendEvent(ctx, issue, "trigger", {
        event: input.event,
        stopped: `Triggers kept changing this issue; stopped after ${passes} passes.`,
      });
    },
  );
}

/** The first routing-relevant field that differs, as a change fact for the next pass. */
function changedField(before: IssueContext, after: IssueContext): TriggerFacts["change"] {
  const a = before.issue;
  const b = after.issue;
  const fields: [string, unknown, unknown][] = [
    ["team", a.teamId, b.teamId],
    ["assignee", a.assigneeUserId ?? a.assigneeAgentId, b.assigneeUserId ?? b.assigneeAgentId],
    ["priority", a.priority, b.priority],
    ["state", a.state, b.state],
    ["tags", a.tags.join(","), b.tags.join(",")],
    ["fields", JSON.stringify(a.customFields), JSON.stringify(b.customFields)],
  ];
  const hit = fields.find(([, x, y]) => x !== y);
  return hit ? { field: hit[0], from: hit[1], to: hit[2] } : null;
}
