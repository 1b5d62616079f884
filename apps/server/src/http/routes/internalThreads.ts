// Internal threads: /internal-channels (admins list the internal Slack channels and when to use
// each) and /issues/:number/internal-threads (ask in one, post a note to it). Agents only.
import {
  IdParams,
  InternalChannel,
  InternalChannelInput,
  InternalChannelPatch,
  InternalThread,
  InternalThreadNoteInput,
  InternalThreadParams,
  IssueNumberParams,
  items,
  Message,
  Ok,
  type Presented,
  replies,
  StartInternalThreadInput,
} from "@switchboard/api";
import * as cmd from "../../commands/internalThreads";
import { type InternalThreadRow, listInternalChannels, listInternalThreads } from "../../queries/internalThreads";
import { getIssue } from "../../queries/issues";
import { staffOf } from "../../queries/scope";
import { requirePrincipal, scopeOf } from "../auth";
import type { RouteDeps } from "../context";
import { ITEM_ERRORS, LIST_ERRORS, WRITE_ERRORS } from "../replies";
import type { ZodApp } from "./types";

export function internalThreadRoutes(app: ZodApp, { services, command }: RouteDeps) {
  const db = () => services.database.db;
  const opts = { preHandler: requirePrincipal };
  const tags = ["internal threads"];

  const S = {
    getChannels: { tags, response: replies({ 200: items(InternalChannel) }, ...LIST_ERRORS) },
    postChannels: { body: InternalChannelInput, tags, response: replies({ 201: InternalChannel }, ...WRITE_ERRORS) },
    patchChannel: {
      params: IdParams,
      body: InternalChannelPatch,
      tags,
      response: replies({ 200: InternalChannel }, ...WRITE_ERRORS),
    },
    deleteChannel: { params: IdParams, tags, response: replies({ 200: Ok }, ...WRITE_ERRORS) },
    getThreads: { params: IssueNumberParams, tags, response: replies({ 200: items(InternalThread) }, ...ITEM_ERRORS) },
    postThreads: {
      params: IssueNumberParams,
      body: StartInternalThreadInput,
      tags,
      response: replies({ 201: InternalThread }, ...WRITE_ERRORS),
    },
    postNote: {
      params: InternalThreadParams,
      body: InternalThreadNoteInput,
      tags,
      response: replies({ 201: Message.pick({ id: true, visibility: true, bodyText: true }) }, ...WRITE_ERRORS),
    },
  };

  app.get("/internal-channels", { ...opts, schema: S.getChannels }, async (request) => {
    const { workspaceId } = staffOf(scopeOf(request));
    return { items: await listInternalChannels(db(), workspaceId) };
  });
  app.post("/internal-channels", { ...opts, schema: S.postChannels }, async (request, reply) => {
    const row = await command(request, (ctx) => cmd.saveInternalChannel(ctx, request.body));
    reply.status(201);
    return presentChannel(row);
  });
  app.patch("/internal-channels/:id", { ...opts, schema: S.patchChannel }, async (request) =>
    presentChannel(await command(request, (ctx) => cmd.updateInternalChannel(ctx, request.params.id, request.body))),
  );
  app.delete("/internal-channels/:id", { ...opts, schema: S.deleteChannel }, async (request) => {
    await command(request, (ctx) => cmd.removeInternalChannel(ctx, request.params.id));
    return { ok: true };
  });

  const threadsOf = async (workspaceId: string, issueId: string) =>
    (await listInternalThreads(db(), workspaceId, issueId)).map(presentThread);

  app.get("/issues/:number/internal-threads", { ...opts, schema: S.getThreads }, async (request) => {
    const scope = scopeOf(request);
    const { workspaceId } = staffOf(scope);
    const { issue } = await getIssue(db(), scope, request.params.number);
    return { items: await threadsOf(workspaceId, issue.id) };
  });
  app.post("/issues/:number/internal-threads", { ...opts, schema: S.postThreads }, async (request, reply) => {
    const thread = await command(request, (ctx) => cmd.startInternalThread(ctx, request.params.number, request.body));
    const presented = (await threadsOf(thread.workspaceId, thread.issueId)).find((t) => t.id === thread.id);
    if (!presented) throw new Error("started internal thread not found");
    reply.status(201);
    return presented;
  });
  app.post("/issues/:number/internal-threads/:id/messages", { ...opts, schema: S.postNote }, async (request, reply) => {
    const { number, id } = request.params;
    const message = await command(request, (ctx) => cmd.noteToInternalThread(ctx, number, id, request.body.body));
    reply.status(201);
    return { id: message.id, visibility: message.visibility, bodyText: message.bodyText };
  });
}

function presentChannel(row: Presented<typeof InternalChannel>): Presented<typeof InternalChannel> {
  return { id: row.id, slackChannelId: row.slackChannelId, name: row.name, purpose: row.purpose };
}

function presentThread({ thread, channel, createdBy }: InternalThreadRow): Presented<typeof InternalThread> {
  return {
    id: thread.id,
    channel,
    question: thread.question,
    status: thread.status,
    error: thread.error,
    replyCount: thread.replyCount,
    lastReplyAt: thread.lastReplyAt,
    createdBy,
    createdAt: thread.createdAt,
    resolvedAt: thread.resolvedAt,
  };
}
