// /issues: list, open, read, update, merge; messages and events of an issue; sending a reply again.
import {
  BulkUpdateIssuesInput,
  BulkUpdateResult,
  CreateIssueInput,
  CreateMessageInput,
  IdParams,
  Issue,
  IssueEvent,
  IssueListQuery,
  IssueNumberParams,
  IssuePage,
  items,
  MergeIssueInput,
  Message,
  Ok,
  replies,
  UpdateIssueInput,
} from "@switchboard/api";
import { bulkUpdateIssues } from "../../commands/bulk";
import * as cmd from "../../commands/issues";
import { replyToIssue, replyToOpenedIssue, resendMessage } from "../../commands/messages";
import { invalid } from "../../domain/errors";
import { ISSUE_STATES, type IssueState } from "../../domain/lifecycle";
import { getIssue, listIssueEvents, listIssues, listMessages } from "../../queries/issues";
import { principalOf, requirePrincipal, scopeOf } from "../auth";
import type { RouteDeps } from "../context";
import { presentEvent, presentIssue, presentMessage } from "../presenters";
import { ITEM_ERRORS, LIST_ERRORS, WRITE_ERRORS } from "../replies";
import type { ZodApp } from "./types";

export function issueRoutes(app: ZodApp, deps: RouteDeps) {
  const { services, command } = deps;
  const db = () => services.database.db;
  const opts = { preHandler: requirePrincipal };
  const tags = ["issues"];

  /** Input and response schemas of the one-line routes below; the longer routes carry theirs inline. */
  const S = {
    getIssues: { querystring: IssueListQuery, tags, response: replies({ 200: IssuePage }, ...LIST_ERRORS) },
    postIssues: { body: CreateIssueInput, tags, response: replies({ 201: Issue }, ...WRITE_ERRORS) },
    getIssuesNumber: { params: IssueNumberParams, tags, response: replies({ 200: Issue }, ...ITEM_ERRORS) },
    getIssuesNumberMessages: {
      params: IssueNumberParams,
      tags,
      response: replies({ 200: items(Message) }, ...ITEM_ERRORS),
    },
    postMessagesIdResend: { params: IdParams, tags, response: replies({ 202: Ok }, ...WRITE_ERRORS) },
    getIssuesNumberEvents: {
      params: IssueNumberParams,
      tags,
      response: replies({ 200: items(IssueEvent) }, ...ITEM_ERRORS),
    },
  };

  app.get("/issues", { ...opts, schema: S.getIssues }, async (request) => {
    const p = principalOf(request);
    const q = request.query;
    const result = await listIssues(
      db(),
      scopeOf(request),
      {
        q: q.q || undefined,
        states: q.state ? parseStates(q.state) : undefined,
        teamId: q.team,
        assigneeUserId: q.assignee === "me" ? p.userId : q.assignee,
        accountId: q.account,
        priority: q.priority,
        channel: q.channel,
        tag: q.tag,
      },
      { limit: q.limit, cursor: q.cursor },
    );
    const items = result.items.map((row) => ({
      ...presentIssue(row),
      ...(row.highlight ? { highlight: row.highlight } : {}),
    }));
    return { items, nextCursor: result.nextCursor };
  });

  app.post("/issues", { ...opts, schema: S.postIssues }, async (request, reply) => {
    const body = request.body;
    const number = await command(request, async (ctx) => {
      const issue = await cmd.openIssue(ctx, body);
      if (body.body) await replyToOpenedIssue(ctx, issue, { visibility: "public", bodyText: body.body });
      return issue.number;
    });
    reply.status(201);
    return presentIssue(await getIssue(db(), scopeOf(request), number));
  });

  app.get("/issues/:number", { ...opts, schema: S.getIssuesNumber }, async (request) =>
    presentIssue(await getIssue(db(), scopeOf(request), request.params.number)),
  );

  app.patch(
    "/issues/:number",
    {
      ...opts,
      schema: {
        params: IssueNumberParams,
        body: UpdateIssueInput,
        tags,
        response: replies({ 200: Issue }, ...WRITE_ERRORS),
      },
    },
    async (request) => {
      const { number } = request.params;
      const body = request.body;
      await command(request, async (ctx) => {
        if (body.title !== undefined) await cmd.retitleIssue(ctx, number, body.title);
        if (body.teamId !== undefined || body.assigneeUserId !== undefined) {
          await cmd.assignIssue(ctx, number, { teamId: body.teamId, assigneeUserId: body.assigneeUserId });
        }
        if (body.priority !== undefined) await cmd.setPriority(ctx, number, body.priority);
        if (body.tags !== undefined) await cmd.setTags(ctx, number, body.tags);
        if (body.customFields !== undefined) await cmd.setIssueFields(ctx, number, body.customFields);
        // State last: closing checks the required fields this same request may have just set.
        if (body.state !== undefined) await cmd.changeState(ctx, number, body.state);
      });
      return presentIssue(await getIssue(db(), scopeOf(request), number));
    },
  );

  // One change to many issues; each is changed or refused on its own (200 with both lists).
  app.post(
    "/issues/bulk",
    {
      ...opts,
      schema: { body: BulkUpdateIssuesInput, tags, response: replies({ 200: BulkUpdateResult }, ...WRITE_ERRORS) },
    },
    async (request) => command(request, (ctx) => bulkUpdateIssues(ctx, request.body.numbers, request.body.change)),
  );

  app.post(
    "/issues/:number/merge",
    {
      ...opts,
      schema: {
        params: IssueNumberParams,
        body: MergeIssueInput,
        tags,
        response: replies({ 200: Issue }, ...WRITE_ERRORS),
      },
    },
    async (request) => {
      const target = await command(request, (ctx) =>
        cmd.mergeIssues(ctx, request.params.number, request.body.intoNumber),
      );
      return presentIssue(await getIssue(db(), scopeOf(request), target.number));
    },
  );

  app.get("/issues/:number/messages", { ...opts, schema: S.getIssuesNumberMessages }, async (request) => {
    const scope = scopeOf(request);
    const issue = await getIssue(db(), scope, request.params.number);
    const rows = await listMessages(db(), scope, issue.issue.id);
    return { items: rows.map(presentMessage) };
  });

  app.post(
    "/issues/:number/messages",
    {
      ...opts,
      schema: {
        params: IssueNumberParams,
        body: CreateMessageInput,
        tags,
        response: replies({ 201: Message }, ...WRITE_ERRORS),
      },
    },
    async (request, reply) => {
      const body = request.body;
      const { message } = await command(request, (ctx) =>
        replyToIssue(ctx, request.params.number, {
          visibility: body.visibility,
          bodyText: body.body,
          bodyHtml: body.bodyHtml,
          emailCc: body.cc,
          attachmentIds: body.attachmentIds,
        }),
      );
      const p = principalOf(request);
      reply.status(201);
      return presentMessage({ message, user: { id: p.userId, name: p.name }, contact: null });
    },
  );

  // A public reply whose delivery failed for good or found no transport, sent again once the
  // cause is fixed: the same message, through its issue's channel.
  app.post("/messages/:id/resend", { ...opts, schema: S.postMessagesIdResend }, async (request, reply) => {
    await command(request, (ctx) => resendMessage(ctx, request.params.id));
    reply.status(202);
    return { ok: true };
  });

  app.get("/issues/:number/events", { ...opts, schema: S.getIssuesNumberEvents }, async (request) => {
    const scope = scopeOf(request);
    const issue = await getIssue(db(), scope, request.params.number);
    return { items: (await listIssueEvents(db(), scope, issue.issue.id)).map(presentEvent) };
  });
}

/** `state=new,on_you`: every entry must be a real state, or the filter silently matches nothing. */
function parseStates(list: string): IssueState[] {
  const states = list.split(",");
  const unknown = states.filter((s) => !(ISSUE_STATES as readonly string[]).includes(s));
  if (unknown.length > 0) throw invalid(`Unknown issue state: ${unknown.join(", ")}`, { unknown });
  return states as IssueState[];
}
