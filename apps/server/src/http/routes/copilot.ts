// /issues/{number}/copilot: a draft reply grounded in knowledge-base articles, a summary of the
// thread and answers to questions about it, each citing its sources and stored as an AI decision.
import {
  CopilotAcceptance,
  CopilotAcceptanceQuery,
  CopilotAskInput,
  CopilotParams,
  CopilotResult,
  type Presented,
  replies,
} from "@switchboard/api";
import { askIssue, type CopilotAnswer, draftReply, draftWriterFor, summariseIssue } from "../../ai/copilot";
import { recordCopilotAnswer } from "../../commands/copilot";
import { copilotAcceptance } from "../../queries/copilotAcceptance";
import { staffOf } from "../../queries/scope";
import { workspaceDomain } from "../../queries/workspaceDomain";
import { requirePrincipal, scopeOf } from "../auth";
import type { RouteDeps } from "../context";
import { LIST_ERRORS, WRITE_ERRORS } from "../replies";
import { helpUrlOf } from "./knowledge";
import type { ZodApp } from "./types";

const PROVIDER = "local (extractive)";

export function copilotRoutes(app: ZodApp, { services, command }: RouteDeps) {
  const db = () => services.database.db;
  const writer = draftWriterFor(services.config);
  const opts = { preHandler: requirePrincipal };
  const tags = ["copilot"];
  const response = replies({ 200: CopilotResult }, ...WRITE_ERRORS);

  const answer = async (request: Parameters<typeof scopeOf>[0], number: number, result: CopilotAnswer) => {
    const provider = result.provider ?? PROVIDER;
    if (result.refused?.length) {
      request.log.warn(
        { issue: number, provider, refused: result.refused },
        "copilot: removed citations of sources not given",
      );
    }
    const decision = await command(request, (ctx) => recordCopilotAnswer(ctx, number, { ...result, provider }));
    return {
      decisionId: decision.id,
      text: result.text,
      citations: result.citations,
      confidence: result.confidence,
      provider,
      reason: result.reason,
      refusedCitations: result.refused ?? [],
    } satisfies Presented<typeof CopilotResult>;
  };

  app.post(
    "/issues/:number/copilot/draft",
    { ...opts, schema: { params: CopilotParams, tags, response } },
    async (request) => {
      const scope = scopeOf(request);
      const domain = await workspaceDomain(db(), staffOf(scope).workspaceId);
      const result = await draftReply(db(), scope, request.params.number, helpUrlOf(domain), writer);
      return answer(request, request.params.number, result);
    },
  );
  app.post(
    "/issues/:number/copilot/summary",
    { ...opts, schema: { params: CopilotParams, tags, response } },
    async (request) => {
      const scope = scopeOf(request);
      staffOf(scope);
      return answer(request, request.params.number, await summariseIssue(db(), scope, request.params.number));
    },
  );
  app.post(
    "/issues/:number/copilot/ask",
    { ...opts, schema: { params: CopilotParams, body: CopilotAskInput, tags, response } },
    async (request) => {
      const scope = scopeOf(request);
      staffOf(scope);
      const result = await askIssue(db(), scope, request.params.number, request.body.question);
      return answer(request, request.params.number, result);
    },
  );
  app.get(
    "/copilot/acceptance",
    {
      ...opts,
      schema: {
        querystring: CopilotAcceptanceQuery,
        tags,
        response: replies({ 200: CopilotAcceptance }, ...LIST_ERRORS),
      },
    },
    async (request) => {
      const { workspaceId } = staffOf(scopeOf(request));
      const now = services.now?.() ?? new Date();
      return copilotAcceptance(db(), workspaceId, new Date(now.getTime() - request.query.days * 86_400_000));
    },
  );
}
