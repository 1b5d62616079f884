// /triggers, /ai-agents (+ runbooks, accuracy), /issues/:number/decisions (+ override),
// /teams/:id/routing: how issues reach the right team and person, and why.
import {
  Accuracy,
  AccuracyQuery,
  Agent,
  AgentDetail,
  AgentInput,
  AgentPatch,
  AiFieldFillInput,
  Decision,
  DecisionParams,
  DryRunInput,
  DryRunResult,
  IdParams,
  IssueNumberParams,
  items,
  Ok,
  OverrideInput,
  type Presented,
  RoutingTestInput,
  RoutingTestResult,
  Runbook,
  RunbookDetail,
  RunbookInput,
  RunbookParams,
  RunbookPatch,
  replies,
  TeamRouting,
  TeamRoutingInput,
  TeamRoutingSet,
  Trigger,
  TriggerInput,
  TriggerPatch,
} from "@switchboard/api";
import * as cmd from "../../commands/routing";
import { notFound } from "../../domain/errors";
import { invalidReasonFor } from "../../domain/triggers";
import { getIssue } from "../../queries/issues";
import * as q from "../../queries/routing";
import { staffOf } from "../../queries/scope";
import { confusionMatrix, outcomeOf } from "../../routing/accuracy";
import { fillAiFields } from "../../routing/aiFields";
import { dryRunTrigger } from "../../routing/dryRun";
import { testRouting } from "../../routing/tester";
import { requirePrincipal, scopeOf } from "../auth";
import type { RouteDeps } from "../context";
import { ITEM_ERRORS, LIST_ERRORS, WRITE_ERRORS } from "../replies";
import type { ZodApp } from "./types";

export const presentDecision = (d: q.DecisionRow): Presented<typeof Decision> => ({
  id: d.id,
  kind: d.kind,
  agentId: d.agentId,
  input: d.input,
  output: d.output,
  confidence: d.confidence,
  reason: d.reason,
  evidence: d.evidence,
  alternatives: d.alternatives,
  provider: d.provider,
  overriddenBy: d.overriddenBy,
  overriddenAt: d.overriddenAt,
  correction: d.correction,
  createdAt: d.createdAt,
});

export function routingRoutes(app: ZodApp, { services, command }: RouteDeps) {
  const db = () => services.database.db;
  const opts = { preHandler: requirePrincipal };
  // Routing is agent-only: a customer scope is refused before any query runs.
  const ws = (request: Parameters<typeof scopeOf>[0]) => staffOf(scopeOf(request)).workspaceId;
  const tags = ["routing"];

  /** Input and response schemas of the one-line routes below; the longer routes carry theirs inline. */
  const S = {
    getTriggers: { tags, response: replies({ 200: items(Trigger) }, ...LIST_ERRORS) },
    postTriggers: { body: TriggerInput, tags, response: replies({ 201: Trigger }, ...WRITE_ERRORS) },
    getTriggersId: { params: IdParams, tags, response: replies({ 200: Trigger }, ...ITEM_ERRORS) },
    patchTriggersId: {
      params: IdParams,
      body: TriggerPatch,
      tags,
      response: replies({ 200: Trigger }, ...WRITE_ERRORS),
    },
    deleteTriggersId: { params: IdParams, tags, response: replies({ 200: Ok }, ...WRITE_ERRORS) },
    getAiAgents: { tags, response: replies({ 200: items(Agent) }, ...LIST_ERRORS) },
    postAiAgents: { body: AgentInput, tags, response: replies({ 201: Agent }, ...WRITE_ERRORS) },
    getAiAgentsId: { params: IdParams, tags, response: replies({ 200: AgentDetail }, ...ITEM_ERRORS) },
    getAiAgentsIdRunbooks: { params: IdParams, tags, response: replies({ 200: items(RunbookDetail) }, ...ITEM_ERRORS) },
    getIssuesNumberDecisions: {
      params: IssueNumberParams,
      tags,
      response: replies({ 200: items(Decision) }, ...ITEM_ERRORS),
    },
    getTeamsIdRouting: { params: IdParams, tags, response: replies({ 200: TeamRouting }, ...ITEM_ERRORS) },
  };

  app.get("/triggers", { ...opts, schema: S.getTriggers }, async (request) => {
    const rows = await q.listTriggers(db(), ws(request));
    const catalog = await q.loadCatalog(db(), ws(request));
    // Flags are shown as of now, even before the pipeline next meets the trigger.
    return { items: rows.map((t) => ({ ...t, invalidReason: invalidReasonFor(t, catalog) ?? t.invalidReason })) };
  });
  app.post("/triggers", { ...opts, schema: S.postTriggers }, async (request, reply) => {
    reply.status(201);
    return command(request, (ctx) => cmd.createTrigger(ctx, request.body));
  });
  app.get("/triggers/:id", { ...opts, schema: S.getTriggersId }, async (request) => {
    const trigger = await q.getTrigger(db(), ws(request), request.params.id);
    const catalog = await q.loadCatalog(db(), ws(request));
    return { ...trigger, invalidReason: invalidReasonFor(trigger, catalog) ?? trigger.invalidReason };
  });
  app.patch("/triggers/:id", { ...opts, schema: S.patchTriggersId }, async (request) =>
    command(request, (ctx) => cmd.updateTrigger(ctx, request.params.id, request.body)),
  );
  app.delete("/triggers/:id", { ...opts, schema: S.deleteTriggersId }, async (request) => {
    await command(request, (ctx) => cmd.deleteTrigger(ctx, request.params.id));
    return { ok: true };
  });
  app.post(
    "/triggers/:id/dry-run",
    {
      ...opts,
      schema: { params: IdParams, body: DryRunInput, tags, response: replies({ 200: DryRunResult }, ...WRITE_ERRORS) },
    },
    async (request) => {
      const trigger = await q.getTrigger(db(), ws(request), request.params.id);
      const conditions = request.body.conditions ?? trigger.conditions;
      const event = request.body.event ?? trigger.event;
      return dryRunTrigger(services, ws(request), conditions, request.body.limit, event);
    },
  );

  // The routing tester: a pasted message through the routing order, changing nothing.
  app.post(
    "/routing/test",
    {
      ...opts,
      schema: { body: RoutingTestInput, tags, response: replies({ 200: RoutingTestResult }, ...WRITE_ERRORS) },
    },
    async (request) => testRouting(services, ws(request), request.body),
  );

  app.get("/ai-agents", { ...opts, schema: S.getAiAgents }, async (request) => ({
    items: await q.listAgents(db(), ws(request)),
  }));
  app.post("/ai-agents", { ...opts, schema: S.postAiAgents }, async (request, reply) => {
    reply.status(201);
    return command(request, (ctx) => cmd.createAgent(ctx, request.body));
  });
  app.get("/ai-agents/:id", { ...opts, schema: S.getAiAgentsId }, async (request) => {
    const { agent, runbooks } = await q.getAgent(db(), ws(request), request.params.id);
    return { ...agent, runbooks };
  });
  app.patch(
    "/ai-agents/:id",
    {
      ...opts,
      schema: { params: IdParams, body: AgentPatch, tags, response: replies({ 200: Agent }, ...WRITE_ERRORS) },
    },
    async (request) => command(request, (ctx) => cmd.updateAgent(ctx, request.params.id, request.body)),
  );
  app.get("/ai-agents/:id/runbooks", { ...opts, schema: S.getAiAgentsIdRunbooks }, async (request) => ({
    items: (await q.getAgent(db(), ws(request), request.params.id)).runbooks,
  }));
  app.post(
    "/ai-agents/:id/runbooks",
    {
      ...opts,
      schema: { params: IdParams, body: RunbookInput, tags, response: replies({ 201: Runbook }, ...WRITE_ERRORS) },
    },
    async (request, reply) => {
      reply.status(201);
      return command(request, (ctx) => cmd.createRunbook(ctx, request.params.id, request.body));
    },
  );
  app.patch(
    "/ai-agents/:id/runbooks/:runbookId",
    {
      ...opts,
      schema: { params: RunbookParams, body: RunbookPatch, tags, response: replies({ 200: Runbook }, ...WRITE_ERRORS) },
    },
    async (request) =>
      command(request, (ctx) => cmd.updateRunbook(ctx, request.params.id, request.params.runbookId, request.body)),
  );
  app.delete(
    "/ai-agents/:id/runbooks/:runbookId",
    { ...opts, schema: { params: RunbookParams, tags, response: replies({ 200: Ok }, ...WRITE_ERRORS) } },
    async (request) => {
      await command(request, (ctx) => cmd.deleteRunbook(ctx, request.params.id, request.params.runbookId));
      return { ok: true };
    },
  );
  app.get(
    "/ai-agents/:id/accuracy",
    {
      ...opts,
      schema: {
        params: IdParams,
        querystring: AccuracyQuery,
        tags,
        response: replies({ 200: Accuracy }, ...ITEM_ERRORS),
      },
    },
    async (request) => {
      const { agent, runbooks } = await q.getAgent(db(), ws(request), request.params.id);
      const decisions = await q.recentRouteDecisions(db(), ws(request), agent.id, request.query.limit);
      const names = new Map<string, string>();
      for (const r of runbooks) if (r.targetTeamId) names.set(r.targetTeamId, r.targetTeamName ?? r.name);
      for (const d of decisions) {
        const { teamId, teamName } = d.output;
        if (typeof teamId === "string" && typeof teamName === "string") names.set(teamId, teamName);
      }
      return confusionMatrix(decisions.map(outcomeOf), names);
    },
  );

  app.get("/issues/:number/decisions", { ...opts, schema: S.getIssuesNumberDecisions }, async (request) => {
    const issue = await getIssue(db(), scopeOf(request), request.params.number);
    return { items: (await q.listDecisions(db(), ws(request), issue.issue.id)).map(presentDecision) };
  });
  app.post(
    "/issues/:number/decisions/:id/override",
    {
      ...opts,
      schema: {
        params: DecisionParams,
        body: OverrideInput,
        tags,
        response: replies({ 200: Decision }, ...WRITE_ERRORS),
      },
    },
    async (request) =>
      presentDecision(
        await command(request, (ctx) =>
          cmd.overrideDecision(ctx, request.params.number, request.params.id, request.body),
        ),
      ),
  );
  // On demand (the issue page's "Fill with AI"): the same fill as on a new issue, for empty AI fields.
  app.post(
    "/issues/:number/ai-fields",
    {
      ...opts,
      schema: {
        params: IssueNumberParams,
        body: AiFieldFillInput,
        tags,
        response: replies({ 200: items(Decision) }, ...WRITE_ERRORS),
      },
    },
    async (request) => {
      const issue = await getIssue(db(), scopeOf(request), request.params.number);
      await command(request, (ctx) => cmd.authorizeAiFieldFill(ctx, issue.issue.number));
      const rows = await fillAiFields(services, ws(request), issue.issue.id, { onDemand: { keys: request.body.keys } });
      return { items: rows.map(presentDecision) };
    },
  );
  // The web app's issue panel posts here with the decision id alone.
  app.post(
    "/ai-decisions/:id/override",
    {
      ...opts,
      schema: { params: IdParams, body: OverrideInput, tags, response: replies({ 200: Decision }, ...WRITE_ERRORS) },
    },
    async (request) =>
      presentDecision(await command(request, (ctx) => cmd.overrideDecisionById(ctx, request.params.id, request.body))),
  );

  app.get("/teams/:id/routing", { ...opts, schema: S.getTeamsIdRouting }, async (request) => {
    const team = await q.teamForAssignment(db(), ws(request), request.params.id);
    if (!team) throw notFound("Team");
    return { teamId: team.team.id, mode: team.team.mode, strategy: team.strategy };
  });
  app.put(
    "/teams/:id/routing",
    {
      ...opts,
      schema: {
        params: IdParams,
        body: TeamRoutingInput,
        tags,
        response: replies({ 200: TeamRoutingSet }, ...WRITE_ERRORS),
      },
    },
    async (request) => {
      await command(request, (ctx) => cmd.setTeamRouting(ctx, request.params.id, request.body.strategy));
      return { teamId: request.params.id, strategy: request.body.strategy };
    },
  );
}
