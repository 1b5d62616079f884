// /broadcasts: compose, preview per recipient, send now or at a time, cancel, the recipients with
// their statuses, and retry of failures. Agents only; viewers read.
import {
  Broadcast,
  BroadcastListQuery,
  BroadcastPreview,
  BroadcastPreviewQuery,
  BroadcastRecipient,
  BroadcastRecipientQuery,
  CreateBroadcastInput,
  IdParams,
  Ok,
  type Presented,
  page,
  replies,
  SendBroadcastInput,
  UpdateBroadcastInput,
} from "@switchboard/api";
import { z } from "zod";
import * as cmd from "../../commands/broadcasts";
import { escapeMrkdwn, markdownToMrkdwn, renderBody } from "../../domain/broadcasts";
import {
  type BroadcastView,
  getBroadcast,
  listBroadcasts,
  listRecipients,
  planRecipients,
} from "../../queries/broadcasts";
import { staffOf } from "../../queries/scope";
import { requirePrincipal, scopeOf } from "../auth";
import type { RouteDeps } from "../context";
import { ITEM_ERRORS, LIST_ERRORS, WRITE_ERRORS } from "../replies";
import type { ZodApp } from "./types";

export function broadcastRoutes(app: ZodApp, { services, command }: RouteDeps) {
  const db = () => services.database.db;
  const opts = { preHandler: requirePrincipal };
  const tags = ["broadcasts"];
  const one = replies({ 200: Broadcast }, ...WRITE_ERRORS);

  const S = {
    list: { querystring: BroadcastListQuery, tags, response: replies({ 200: page(Broadcast) }, ...LIST_ERRORS) },
    create: { body: CreateBroadcastInput, tags, response: replies({ 201: Broadcast }, ...WRITE_ERRORS) },
    get: { params: IdParams, tags, response: replies({ 200: Broadcast }, ...ITEM_ERRORS) },
    patch: { params: IdParams, body: UpdateBroadcastInput, tags, response: one },
    remove: { params: IdParams, tags, response: replies({ 200: Ok }, ...WRITE_ERRORS) },
    send: { params: IdParams, body: SendBroadcastInput, tags, response: one },
    cancel: { params: IdParams, tags, response: one },
    retry: {
      params: IdParams,
      tags,
      response: replies({ 200: z.strictObject({ retried: z.number().int() }) }, ...WRITE_ERRORS),
    },
    preview: {
      params: IdParams,
      querystring: BroadcastPreviewQuery,
      tags,
      response: replies({ 200: BroadcastPreview }, ...ITEM_ERRORS),
    },
    recipients: {
      params: IdParams,
      querystring: BroadcastRecipientQuery,
      tags,
      response: replies({ 200: page(BroadcastRecipient) }, ...ITEM_ERRORS),
    },
  };

  const read = async (workspaceId: string, id: string) => presentBroadcast(await getBroadcast(db(), workspaceId, id));

  app.get("/broadcasts", { ...opts, schema: S.list }, async (request) => {
    const { workspaceId } = staffOf(scopeOf(request));
    const r = await listBroadcasts(db(), workspaceId, request.query);
    return { items: r.items.map(presentBroadcast), nextCursor: r.nextCursor };
  });
  app.post("/broadcasts", { ...opts, schema: S.create }, async (request, reply) => {
    const row = await command(request, (ctx) => cmd.createBroadcast(ctx, request.body));
    reply.status(201);
    return read(row.workspaceId, row.id);
  });
  app.get("/broadcasts/:id", { ...opts, schema: S.get }, async (request) =>
    read(staffOf(scopeOf(request)).workspaceId, request.params.id),
  );
  app.patch("/broadcasts/:id", { ...opts, schema: S.patch }, async (request) => {
    const row = await command(request, (ctx) => cmd.updateBroadcast(ctx, request.params.id, request.body));
    return read(row.workspaceId, row.id);
  });
  app.delete("/broadcasts/:id", { ...opts, schema: S.remove }, async (request) => {
    await command(request, (ctx) => cmd.deleteBroadcast(ctx, request.params.id));
    return { ok: true };
  });
  app.post("/broadcasts/:id/send", { ...opts, schema: S.send }, async (request) => {
    const at = request.body.scheduledAt ? new Date(request.body.scheduledAt) : undefined;
    const row = await command(request, (ctx) => cmd.sendBroadcast(ctx, request.params.id, at));
    return read(row.workspaceId, row.id);
  });
  app.post("/broadcasts/:id/cancel", { ...opts, schema: S.cancel }, async (request) => {
    await command(request, (ctx) => cmd.cancelBroadcast(ctx, request.params.id));
    return read(staffOf(scopeOf(request)).workspaceId, request.params.id);
  });
  app.post("/broadcasts/:id/retry-failed", { ...opts, schema: S.retry }, async (request) =>
    command(request, (ctx) => cmd.retryFailedRecipients(ctx, request.params.id)),
  );

  app.get("/broadcasts/:id/preview", { ...opts, schema: S.preview }, async (request) => {
    const { workspaceId } = staffOf(scopeOf(request));
    const { broadcast } = await getBroadcast(db(), workspaceId, request.params.id);
    const planned = await planRecipients(db(), broadcast, services.now?.() ?? new Date());
    const items = planned.slice(0, request.query.limit).map((p) => {
      const facts = { account: p.account, contact: p.contact };
      const text =
        p.channel === "slack"
          ? markdownToMrkdwn(renderBody(broadcast.body, facts, escapeMrkdwn))
          : renderBody(broadcast.body, facts);
      return {
        accountId: p.account.id,
        accountName: p.account.name,
        channel: p.channel,
        to: p.label,
        contactName: p.contact?.name ?? null,
        text,
        problem: p.problem,
      };
    });
    const ready = planned.filter((p) => !p.problem);
    return {
      recipientCount: ready.length,
      accountCount: new Set(planned.map((p) => p.account.id)).size,
      slackCount: ready.filter((p) => p.channel === "slack").length,
      emailCount: ready.filter((p) => p.channel === "email").length,
      items,
    };
  });

  app.get("/broadcasts/:id/recipients", { ...opts, schema: S.recipients }, async (request) => {
    const { workspaceId } = staffOf(scopeOf(request));
    await getBroadcast(db(), workspaceId, request.params.id);
    const r = await listRecipients(db(), workspaceId, request.params.id, request.query);
    return {
      items: r.items.map(
        ({ recipient, accountName, contactName, issueNumber }): Presented<typeof BroadcastRecipient> => ({
          id: recipient.id,
          account: recipient.accountId && accountName ? { id: recipient.accountId, name: accountName } : null,
          contact: recipient.contactId && contactName ? { id: recipient.contactId, name: contactName } : null,
          channel: recipient.channel,
          to: recipient.label,
          status: recipient.status,
          error: recipient.error,
          sentAt: recipient.sentAt,
          repliedAt: recipient.repliedAt,
          issueNumber,
        }),
      ),
      nextCursor: r.nextCursor,
    };
  });
}

function presentBroadcast({ broadcast: b, createdBy, counts, byChannel }: BroadcastView): Presented<typeof Broadcast> {
  return {
    id: b.id,
    title: b.title,
    body: b.body,
    audience: b.audience,
    channels: b.channels,
    contactRoles: b.contactRoles,
    status: b.status,
    scheduledAt: b.scheduledAt,
    startedAt: b.startedAt,
    sentAt: b.sentAt,
    cancelledAt: b.cancelledAt,
    createdBy,
    counts,
    byChannel,
    createdAt: b.createdAt,
    updatedAt: b.updatedAt,
  };
}
