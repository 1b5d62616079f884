// /triggers, /ai-agents (+ runbooks, accuracy), /issues/:number/decisions (+ override),
// /teams/:id/routing: how issues reach the right team and person, and why.
import { DryRunInput, IdParams, IssueNumberParams, TriggerInput, TriggerPatch } from "@switchboard/api";
import { z } from "zod";
import * as cmd from "../../commands/routing";
import { TEAM_ASSIGNMENT_STRATEGIES } from "../../db/schema";
import { notFound } from "../../domain/errors";
import { PRIORITIES } from "../../domain/lifecycle";
import { invalidReasonFor } from "../../domain/triggers";
import { getIssue } from "../../queries/issues";
import * as q from "../../queries/routing";
import { staffOf } from "../../queries/scope";
import { confusionMatrix, outcomeOf } from "../../routing/accuracy";
import { dryRunTrigger } from "../../routing/dryRun";
import { requirePrincipal, scopeOf } from "../auth";
import type { RouteDeps } from "../context";
import type { ZodApp } from "./types";

const AgentInput = z.strictObject({
  name: z.string().trim().min(1).max(200),
  teamId: z.string().uuid().nullish(),
  homeInstructions: z.string().max(10_000).optional(),
  threshold: z.number().min(0).max(1).optional(),
  enabled: z.boolean().optional(),
});
const RunbookInput = z.strictObject({
  name: z.string().trim().min(1).max(200),
  instructions: z.string().trim().min(1).max(10_000),
  targetTeamId: z.string().uuid(),
  examples: z.array(z.string().max(4_000)).max(200).optional(),
  position: z.number().int().min(0).optional(),
  enabled: z.boolean().optional(),
});
const RunbookParams = z.strictObject({ id: z.string().uuid(), runbookId: z.string().uuid() });
const AccuracyQuery = z.strictObject({ limit: z.coerce.number().int().min(1).max(5_000).default(200) });
const OverrideInput = z.union([
  z.strictObject({ teamId: z.string().uuid() }),
  z.strictObject({ priority: z.enum(PRIORITIES).exclude(["none"]) }),
]);
const DecisionParams = z.strictObject({ number: IssueNumberParams.shape.number, id: z.string().uuid() });
const TeamRoutingInput = z.strictObject({ strategy: z.enum(TEAM_ASSIGNMENT_STRATEGIES) });

export const presentDecision = (d: q.DecisionRow) => ({
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

  app.get("/triggers", { ...opts, schema: { tags } }, async (request) => {
    const rows = await q.listTriggers(db(), ws(request));
    const catalog = await q.loadCatalog(db(), ws(request));
    // Flags are shown as of now, even before the pipeline next meets the trigger.
    return { items: rows.map((t) => ({ ...t, invalidReason: invalidReasonFor(t, catalog) ?? t.invalidReason })) };
  });
  app.post("/triggers", { ...opts, schema: { body: TriggerInput, tags } }, async (request, reply) => {
    reply.status(201);
    return command(request, (ctx) => cmd.createTrigger(ctx, request.body));
  });
  app.get("/triggers/:id", { ...opts, schema: { params: IdParams, tags } }, async (request) => {
    const trigger = await q.getTrigger(db(), ws(request), request.params.id);
    const catalog = await q.loadCatalog(db(), ws(request));
    return { ...trigger, invalidReason: invalidReasonFor(trigger, catalog) ?? trigger.invalidReason };
  });
  app.patch("/triggers/:id", { ...opts, schema: { params: IdParams, body: TriggerPatch, tags } }, async (request) =>
    command(request, (ctx) => cmd.updateTrigger(ctx, request.params.id, request.body)),
  );
  app.delete("/triggers/:id", { ...opts, schema: { params: IdParams, tags } }, async (request) => {
    await command(request, (ctx) => cmd.deleteTrigger(ctx, request.params.id));
    return { ok: true };
  });
  app.post(
    "/triggers/:id/dry-run",
    { ...opts, schema: { params: IdParams, body: DryRunInput, tags } },
    async (request) => {
      const trigger = await q.getTrigger(db(), ws(request), request.params.id);
      const conditions = request.body.conditions ?? trigger.conditions;
      return dryRunTrigger(services, ws(request), conditions, request.body.limit);
    },
  );

  app.get("/ai-agents", { ...opts, schema: { tags } }, async (request) => ({
    items: await q.listAgents(db(), ws(request)),
  }));
  app.post("/ai-agents", { ...opts, schema: { body: AgentInput, tags } }, async (request, reply) => {
    reply.status(201);
    return command(request, (ctx) => cmd.createAgent(ctx, request.body));
  });
  app.get("/ai-agents/:id", { ...opts, schema: { params: IdParams, tags } }, async (request) => {
    const { agent, runbooks } = await q.getAgent(db(), ws(request), request.params.id);
    return { ...agent, runbooks };
  });
  app.patch(
    "/ai-agents/:id",
    { ...opts, schema: { params: IdParams, body: AgentInput.partial(), tags } },
    async (request) => command(request, (ctx) => cmd.updateAgent(ctx, request.params.id, request.body)),
  );
  app.get("/ai-agents/:id/runbooks", { ...opts, schema: { params: IdParams, tags } }, async (request) => ({
    items: (await q.getAgent(db(), ws(request), request.params.id)).runbooks,
  }));
  app.post(
    "/ai-agents/:id/runbooks",
    { ...opts, schema: { params: IdParams, body: RunbookInput, tags } },
    async (request, reply) => {
      reply.status(201);
      return command(request, (ctx) => cmd.createRunbook(ctx, request.params.id, request.body));
    },
  );
  app.patch(
    "/ai-agents/:id/runbooks/:runbookId",
    { ...opts, schema: { params: RunbookParams, body: RunbookInput.partial(), tags } },
    async (request) =>
      command(request, (ctx) => cmd.updateRunbook(ctx, request.params.id, request.params.runbookId, request.body)),
  );
  app.delete(
    "/ai-agents/:id/runbooks/:runbookId",
    { ...opts, schema: { params: RunbookParams, tags } },
    async (request) => {
      await command(request, (ctx) => cmd.deleteRunbook(ctx, request.params.id, request.params.runbookId));
      return { ok: true };
    },
  );
  app.get(
    "/ai-agents/:id/accuracy",
    { ...opts, schema: { params: IdParams, querystring: AccuracyQuery, tags } },
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

  app.get("/issues/:number/decisions", { ...opts, schema: { params: IssueNumberParams, tags } }, async (request) => {
    const issue = await getIssue(db(), scopeOf(request), request.params.number);
    return { items: (await q.listDecisions(db(), ws(request), issue.issue.id)).map(presentDecision) };
  });
  app.post(
    "/issues/:number/decisions/:id/override",
    { ...opts, schema: { params: DecisionParams, body: OverrideInput, tags } },
    async (request) =>
      presentDecision(
        await command(request, (ctx) =>
          cmd.overrideDecision(ctx, request.params.number, request.params.id, request.body),
        ),
      ),
  );
  // The web app's issue panel posts here with the decision id alone.
  app.post(
    "/ai-decisions/:id/override",
    { ...opts, schema: { params: IdParams, body: OverrideInput, tags } },
    async (request) =>
      presentDecision(await command(request, (ctx) => cmd.overrideDecisionById(ctx, request.params.id, request.body))),
  );

  app.get("/teams/:id/routing", { ...opts, schema: { params: IdParams, tags } }, async (request) => {
    const team = await q.teamForAssignment(db(), ws(request), request.params.id);
    if (!team) throw notFound("Team");
    return { teamId: team.team.id, mode: team.team.mode, strategy: team.strategy };
  });
  app.put(
    "/teams/:id/routing",
    { ...opts, schema: { params: IdParams, body: TeamRoutingInput, tags } },
    async (request) => {
      await command(request, (ctx) => cmd.setTeamRouting(ctx, request.params.id, request.body.strategy));
      return { teamId: request.params.id, strategy: request.body.strategy };
    },
  );
}
