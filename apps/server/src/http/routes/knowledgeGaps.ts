// /knowledge-gaps: questions agents marked as needing an article, grouped by similar question
// (most asked first) for the weekly review; bulk dismiss or reopen; generate a draft article.
import {
  AssignGapsInput,
  CreateGapInput,
  GapListQuery,
  GenerateArticleInput,
  IdParams,
  items,
  KbArticle,
  KnowledgeGap,
  KnowledgeGapGroup,
  Ok,
  type Presented,
  replies,
  UpdateGapsInput,
} from "@switchboard/api";
import {
  assignGaps,
  generateArticleFromGap,
  generateArticleFromIssues,
  markGap,
  setGapStatus,
} from "../../commands/knowledgeGaps";
import type { knowledgeGaps } from "../../db/schema";
import { groupSimilar } from "../../domain/knowledge/gaps";
import { getArticle, listGaps } from "../../queries/knowledge";
import { staffOf } from "../../queries/scope";
import { workspaceDomain } from "../../queries/workspaceDomain";
import { requirePrincipal, scopeOf } from "../auth";
import type { RouteDeps } from "../context";
import { LIST_ERRORS, WRITE_ERRORS } from "../replies";
import { presentArticle } from "./knowledge";
import type { ZodApp } from "./types";

const presentGap = (
  gap: typeof knowledgeGaps.$inferSelect,
  issueNumber: number | null,
): Presented<typeof KnowledgeGap> => ({
  id: gap.id,
  question: gap.question,
  issueNumber,
  status: gap.status,
  articleId: gap.articleId,
  assigneeId: gap.assigneeId,
  createdAt: gap.createdAt,
});

export function knowledgeGapRoutes(app: ZodApp, { services, command }: RouteDeps) {
  const db = () => services.database.db;
  const opts = { preHandler: requirePrincipal };
  const tags = ["knowledge"];

  app.get(
    "/knowledge-gaps",
    {
      ...opts,
      schema: { querystring: GapListQuery, tags, response: replies({ 200: items(KnowledgeGapGroup) }, ...LIST_ERRORS) },
    },
    async (request) => {
      const rows = await listGaps(db(), staffOf(scopeOf(request)).workspaceId, request.query);
      const groups = groupSimilar(rows, (r) => r.gap.question);
      return {
        items: groups.map((members) => ({
          question: members[0]?.gap.question ?? "",
          count: members.length,
          issueNumbers: [...new Set(members.flatMap((m) => (m.issueNumber === null ? [] : [m.issueNumber])))],
          gaps: members.map((m) => presentGap(m.gap, m.issueNumber)),
        })),
      };
    },
  );
  app.post(
    "/knowledge-gaps",
    { ...opts, schema: { body: CreateGapInput, tags, response: replies({ 201: KnowledgeGap }, ...WRITE_ERRORS) } },
    async (request, reply) => {
      const gap = await command(request, (ctx) => markGap(ctx, request.body));
      reply.status(201);
      return presentGap(gap, request.body.issueNumber ?? null);
    },
  );
  app.post(
    "/knowledge-gaps/status",
    { ...opts, schema: { body: UpdateGapsInput, tags, response: replies({ 200: Ok }, ...WRITE_ERRORS) } },
    async (request) => {
      await command(request, (ctx) => setGapStatus(ctx, request.body.ids, request.body.status));
      return { ok: true };
    },
  );
  app.post(
    "/knowledge-gaps/assign",
    { ...opts, schema: { body: AssignGapsInput, tags, response: replies({ 200: Ok }, ...WRITE_ERRORS) } },
    async (request) => {
      await command(request, (ctx) => assignGaps(ctx, request.body.ids, request.body.assigneeId));
      return { ok: true };
    },
  );
  app.post(
    "/kb/articles/generate",
    {
      ...opts,
      schema: { body: GenerateArticleInput, tags, response: replies({ 201: KbArticle }, ...WRITE_ERRORS) },
    },
    async (request, reply) => {
      const article = await command(request, (ctx) => generateArticleFromIssues(ctx, request.body));
      reply.status(201);
      const row = await getArticle(db(), article.workspaceId, article.id);
      return presentArticle(db(), row, await workspaceDomain(db(), row.workspaceId));
    },
  );
  app.post(
    "/knowledge-gaps/:id/generate",
    { ...opts, schema: { params: IdParams, tags, response: replies({ 201: KbArticle }, ...WRITE_ERRORS) } },
    async (request, reply) => {
      const article = await command(request, (ctx) => generateArticleFromGap(ctx, request.params.id));
      reply.status(201);
      const row = await getArticle(db(), article.workspaceId, article.id);
      return presentArticle(db(), row, await workspaceDomain(db(), row.workspaceId));
    },
  );
}
