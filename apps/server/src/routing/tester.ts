// The routing tester: a pasted message run through the routing order (routing/pipeline.ts) in
// memory — "Issue created" triggers in order, each seeing what earlier ones would have changed,
// then the inbox's team as the fallback, then the team's AI agent scoring its runbooks. Nothing
// is written (a Router without a stored model trains one, as its first real issue would).
import type { RoutingTestInput, TriggerAction } from "@switchboard/api";
import { and, eq } from "drizzle-orm";
import type { z } from "zod";
import { accounts, emailInboxes } from "../db/schema";
import type { ConditionFacts } from "../domain/conditions/facts";
import { notFound } from "../domain/errors";
import { type ActionNames, describeTriggerAction } from "../domain/triggerActions";
import { evaluateTrigger, invalidReasonFor } from "../domain/triggers";
import { actionNames, listTriggers, loadCatalog, routerForTeam } from "../queries/routing";
import type { Services } from "../services";
import { NONE_LABEL } from "./model";
import { decideRoute, nameOf } from "./router";

type Input = z.output<typeof RoutingTestInput>;
type Team = { id: string; name: string };

export async function testRouting(services: Services, workspaceId: string, input: Input) {
  const db = services.database.db;
  const names = await actionNames(db, workspaceId);
  const facts = await pastedFacts(services, workspaceId, input);
  const catalog = await loadCatalog(db, workspaceId);
  const all = (await listTriggers(db, workspaceId)).filter((t) => t.event === "issue_created");
  const triggers = [];
  let teamBy: { kind: "trigger" | "inbox" | "none"; name: string | null } = { kind: "none", name: null };
  for (const trigger of all) {
    const invalid = invalidReasonFor(trigger, catalog);
    const evaluation = evaluateTrigger({ ...trigger, invalidReason: invalid }, "issue_created", facts);
    const skipped = evaluation.skipped ?? null;
    triggers.push({
      id: trigger.id,
      name: trigger.name,
      matched: evaluation.matched,
      skipped: skipped === "disabled" ? "switched off" : skipped,
      trace: evaluation.trace,
      actions: evaluation.matched ? trigger.actions.map((a) => describeTriggerAction(a, names)) : [],
    });
    if (!evaluation.matched) continue;
    const before = facts.issue.teamId;
    for (const action of trigger.actions) apply(facts, action);
    if (facts.issue.teamId !== before) teamBy = { kind: "trigger", name: trigger.name };
  }
  if (!facts.issue.teamId && input.inboxId) {
    const inbox = await inboxOf(services, workspaceId, input.inboxId);
    if (inbox.teamId) {
      facts.issue.teamId = inbox.teamId;
      teamBy = { kind: "inbox", name: inbox.address };
    }
  }
  const team = teamOf(facts.issue.teamId, names);
  return { triggers, team, teamBy, router: team ? await routerVerdict(services, workspaceId, team, facts) : null };
}

/** What the team's AI agent would do with the message, with every runbook's score. */
async function routerVerdict(services: Services, workspaceId: string, team: Team, facts: ConditionFacts) {
  const agent = await routerForTeam(services.database.db, workspaceId, team.id);
  if (!agent) return null;
  const text = facts.issue.text ?? facts.issue.title;
  const { book, homeName, request, answer } = await decideRoute(services, workspaceId, agent, text);
  const target = request.options.find((o) => o.label === answer.label);
  const runbookOf = (label: string) => book.runbooks.find((r) => r.targetTeamId === label && r.enabled);
  return {
    agentName: agent.name,
    action: target ? ("route" as const) : ("stay" as const),
    team: target ? { id: target.label, name: target.name } : team,
    runbookName: target ? (runbookOf(target.label)?.name ?? null) : null,
    confidence: answer.confidence,
    reason: answer.reason,
    evidence: answer.evidence,
    scores: answer.scores.map((s) => ({
      runbookName: s.label === NONE_LABEL ? null : (runbookOf(s.label)?.name ?? null),
      teamName: s.label === NONE_LABEL ? homeName : nameOf(request, s.label),
      probability: s.probability,
    })),
    provider: answer.provider,
  };
}

/** The pasted message as a new issue's facts: what "Issue created" triggers would see. */
async function pastedFacts(services: Services, workspaceId: string, input: Input): Promise<ConditionFacts> {
  const account = input.accountId ? await accountOf(services, workspaceId, input.accountId) : null;
  const title = input.subject || input.text.split("\n")[0]?.slice(0, 120) || "(no subject)";
  const inbox = input.inboxId ? await inboxOf(services, workspaceId, input.inboxId) : null;
  return {
    issue: {
      title,
      channel: input.channel,
      state: "new",
      priority: "none",
      teamId: null,
      assigneeUserId: null,
      assigneeAgentId: null,
      tags: [],
      customFields: {},
      source: inbox ? { inbox: inbox.address } : {},
      accountId: account ? input.accountId : null,
      text: [input.subject, input.text].filter(Boolean).join("\n\n"),
    },
    account: account && {
      name: account.name,
      type: account.type,
      tier: account.tier,
      ownerUserId: account.ownerUserId,
      customFields: account.customFields,
      tags: account.tags,
    },
    contact: null,
    message: { text: input.text, authorType: "contact" },
    change: null,
    now: new Date(),
  };
}

/** A trigger action's effect on the facts later triggers read (the ones routing cares about). */
function apply(facts: ConditionFacts, action: TriggerAction) {
  const issue = facts.issue;
  switch (action.type) {
    case "set_team":
      issue.teamId = action.teamId;
      return;
    case "assign_user":
      issue.assigneeUserId = action.userId;
      issue.assigneeAgentId = null;
      return;
    case "assign_agent":
      issue.assigneeAgentId = action.agentId;
      issue.assigneeUserId = null;
      return;
    case "set_priority":
      issue.priority = action.priority;
      return;
    case "add_tags":
      issue.tags = [...new Set([...issue.tags, ...action.tags.map((t) => t.toLowerCase())])];
      return;
    case "remove_tags":
      issue.tags = issue.tags.filter((t) => !action.tags.map((x) => x.toLowerCase()).includes(t));
      return;
    case "set_field":
      issue.customFields = { ...issue.customFields, [action.key]: action.value };
      return;
    case "set_state":
      issue.state = action.state;
      return;
    default:
      return;
  }
}

function teamOf(id: string | null, names: ActionNames): Team | null {
  if (!id) return null;
  const name = names.team(id);
  return name ? { id, name } : null;
}

async function accountOf(services: Services, workspaceId: string, id: string) {
  const [row] = await services.database.db
    .select()
    .from(accounts)
    .where(and(eq(accounts.workspaceId, workspaceId), eq(accounts.id, id)));
  if (!row) throw notFound("Account");
  return row;
}

async function inboxOf(services: Services, workspaceId: string, id: string) {
  const [row] = await services.database.db
    .select({ address: emailInboxes.address, teamId: emailInboxes.teamId })
    .from(emailInboxes)
    .where(and(eq(emailInboxes.workspaceId, workspaceId), eq(emailInboxes.id, id)));
  if (!row) throw notFound("Inbox");
  return row;
}
