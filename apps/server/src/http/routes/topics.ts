// /topics: common topics — the questions customers ask most, ranked, with trend and examples; one
// topic with its questions and issues (read through the agent's scope); re-cluster on demand.
import {
  IdParams,
  type Presented,
  ReclusterInput,
  ReclusterResult,
  replies,
  type Topic,
  TopicDetail,
  TopicList,
  TopicListQuery,
  type TopicQuestion,
} from "@switchboard/api";
import { requestRecluster } from "../../commands/topics";
import { trendOf } from "../../domain/topics";
import { staffOf } from "../../queries/scope";
import { getTopic, listTopics, type TopicQuestionRow, type TopicRow } from "../../queries/topics";
import { requirePrincipal, scopeOf } from "../auth";
import type { RouteDeps } from "../context";
import { ITEM_ERRORS, LIST_ERRORS, WRITE_ERRORS } from "../replies";
import type { ZodApp } from "./types";

const presentQuestion = (q: TopicQuestionRow): Presented<typeof TopicQuestion> => ({
  messageId: q.messageId,
  text: q.text,
  issueNumber: q.issueNumber,
  issueTitle: q.issueTitle,
  askedAt: q.askedAt,
  similarity: Math.round(q.similarity * 1000) / 1000,
});

const presentTopic = (t: TopicRow): Presented<typeof Topic> => ({
  id: t.id,
  rank: t.rank,
  label: t.label,
  terms: t.terms,
  question: t.question,
  size: t.stats.size,
  thisWeek: t.stats.thisWeek,
  previousWeeklyAverage: t.stats.previousFourWeeks / 4,
  trend: trendOf(t.stats.thisWeek, t.stats.previousFourWeeks),
  weekly: t.stats.weekly,
  examples: t.examples.map(presentQuestion),
  updatedAt: t.updatedAt,
});

export function topicRoutes(app: ZodApp, { services, command }: RouteDeps) {
  const db = () => services.database.db;
  const now = () => services.now?.() ?? new Date();
  const opts = { preHandler: requirePrincipal };
  const tags = ["topics"];

  app.get(
    "/topics",
    { ...opts, schema: { querystring: TopicListQuery, tags, response: replies({ 200: TopicList }, ...LIST_ERRORS) } },
    async (request) => {
      const scope = scopeOf(request);
      staffOf(scope);
      const list = await listTopics(db(), scope, now(), request.query.limit);
      return { ...list, items: list.items.map(presentTopic) };
    },
  );
  app.get(
    "/topics/:id",
    { ...opts, schema: { params: IdParams, tags, response: replies({ 200: TopicDetail }, ...ITEM_ERRORS) } },
    async (request) => {
      const scope = scopeOf(request);
      staffOf(scope);
      const found = await getTopic(db(), scope, request.params.id, now());
      return {
        ...presentTopic(found.topic),
        questions: found.questions.map(presentQuestion),
        issues: found.issues,
      };
    },
  );
  app.post(
    "/topics/recluster",
    { ...opts, schema: { body: ReclusterInput, tags, response: replies({ 202: ReclusterResult }, ...WRITE_ERRORS) } },
    async (request, reply) => {
      await command(request, (ctx) => requestRecluster(ctx, request.body.mode));
      reply.status(202);
      return { queued: true };
    },
  );
}
