// /inboxes (admin settings), /inboxes/inbound-mime (providers that POST raw mail), /outbox and
// /quarantine/:id/retry and /outbox/:id/resend for email.
import {
  CreateInboxInput,
  IdParams,
  InboundMimeQuery,
  InboundMimeResult,
  Inbox,
  items,
  Ok,
  OutboxEntry,
  OutboxQuery,
  type Presented,
  QuarantineRetryResult,
  replies,
  UpdateInboxInput,
} from "@switchboard/api";
import { receiveEmail } from "../../channels/email/receive";
import { retryQuarantinedEmail } from "../../channels/email/retry";
import * as inboxes from "../../commands/inboxes";
import { resendMessage } from "../../commands/messages";
import { normaliseAddress } from "../../domain/email/address";
import { AppError, notFound } from "../../domain/errors";
import { assertCan } from "../../domain/permissions";
import { getOutboxEntry, type InboxRow, listInboxes, listOutbox, type OutboxRow } from "../../queries/email";
import { principalOf, requirePrincipal, scopeOf } from "../auth";
import type { RouteDeps } from "../context";
import { presentQuarantine } from "../presenters";
import { LIST_ERRORS, WRITE_ERRORS } from "../replies";
import type { ZodApp } from "./types";

export function emailRoutes(app: ZodApp, { services, command }: RouteDeps) {
  const db = () => services.database.db;
  const opts = { preHandler: requirePrincipal };
  const tags = ["email"];

  /** Input and response schemas of the one-line routes below; the longer routes carry theirs inline. */
  const S = {
    getInboxes: { tags, response: replies({ 200: items(Inbox) }, ...LIST_ERRORS) },
    postInboxes: { body: CreateInboxInput, tags, response: replies({ 201: Inbox }, ...WRITE_ERRORS) },
    patchInboxesId: {
      params: IdParams,
      body: UpdateInboxInput,
      tags,
      response: replies({ 200: Inbox }, ...WRITE_ERRORS),
    },
    deleteInboxesId: { params: IdParams, tags, response: replies({ 200: Ok }, ...WRITE_ERRORS) },
    getOutbox: { querystring: OutboxQuery, tags, response: replies({ 200: items(OutboxEntry) }, ...LIST_ERRORS) },
    postOutboxIdResend: { params: IdParams, tags, response: replies({ 202: Ok }, ...WRITE_ERRORS) },
    postQuarantineIdRetry: {
      params: IdParams,
      tags,
      response: replies({ 200: QuarantineRetryResult }, ...WRITE_ERRORS),
    },
  };

  app.get("/inboxes", { ...opts, schema: S.getInboxes }, async (request) => {
    const p = principalOf(request);
    assertCan(p.role, "settings.write");
    return { items: (await listInboxes(db(), p.workspaceId)).map(presentInbox) };
  });
  app.post("/inboxes", { ...opts, schema: S.postInboxes }, async (request, reply) => {
    reply.status(201);
    return presentInbox(await command(request, (ctx) => inboxes.createInbox(ctx, request.body)));
  });
  app.patch("/inboxes/:id", { ...opts, schema: S.patchInboxesId }, async (request) =>
    presentInbox(await command(request, (ctx) => inboxes.updateInbox(ctx, request.params.id, request.body))),
  );
  app.delete("/inboxes/:id", { ...opts, schema: S.deleteInboxesId }, async (request) => {
    await command(request, (ctx) => inboxes.deleteInbox(ctx, request.params.id));
    return { ok: true };
  });

  const maxBytes = Math.round(services.config.EMAIL_MAX_MB * 1024 * 1024);
  app.addContentTypeParser("message/rfc822", { parseAs: "buffer", bodyLimit: maxBytes }, (_request, body, done) =>
    done(null, body),
  );
  app.post(
    "/inboxes/inbound-mime",
    {
      ...opts,
      bodyLimit: maxBytes,
      schema: {
        querystring: InboundMimeQuery,
        tags,
        response: replies({ 202: InboundMimeResult }, ...WRITE_ERRORS, 413, 415),
      },
    },
    async (request, reply) => {
      const p = principalOf(request);
      assertCan(p.role, "settings.write");
      if (!Buffer.isBuffer(request.body)) {
        throw new AppError("unsupported_media_type", "Send the raw email with Content-Type: message/rfc822.");
      }
      const to = request.query.to === undefined ? [] : [request.query.to].flat();
      const outcomes = await receiveEmail(
        services,
        request.body,
        {
          mailFrom: request.query.from === undefined ? undefined : (normaliseAddress(request.query.from) ?? ""),
          recipients: to.map((a) => normaliseAddress(a)).filter((a): a is string => Boolean(a)),
        },
        { workspaceId: p.workspaceId },
      );
      reply.status(202);
      return { outcomes };
    },
  );

  app.get("/outbox", { ...opts, schema: S.getOutbox }, async (request) => {
    const rows = await listOutbox(db(), scopeOf(request), request.query.status);
    return { items: rows.map((r) => presentOutbox(r.outbox, r.issueNumber)) };
  });
  // Sends a failed or unsent email again (its message, so the same Message-ID) once the cause is fixed.
  app.post("/outbox/:id/resend", { ...opts, schema: S.postOutboxIdResend }, async (request, reply) => {
    const entry = await getOutboxEntry(db(), scopeOf(request), request.params.id);
    if (!entry) throw notFound("Outbox entry");
    await command(request, (ctx) => resendMessage(ctx, entry.messageId));
    reply.status(202);
    return { ok: true };
  });

  app.post("/quarantine/:id/retry", { ...opts, schema: S.postQuarantineIdRetry }, async (request) => {
    const { outcomes, entry } = await retryQuarantinedEmail(services, principalOf(request), request.params.id);
    return { outcomes, entry: presentQuarantine(entry) };
  });
}

function presentInbox(i: InboxRow): Presented<typeof Inbox> {
  return { id: i.id, address: i.address, name: i.name, teamId: i.teamId, createdAt: i.createdAt };
}

function presentOutbox(o: OutboxRow, issueNumber?: number): Presented<typeof OutboxEntry> {
  return {
    id: o.id,
    issueId: o.issueId,
    issueNumber,
    messageId: o.messageId,
    rfcMessageId: o.rfcMessageId,
    from: o.fromAddress,
    to: o.toAddresses,
    cc: o.ccAddresses,
    subject: o.subject,
    headers: o.headers,
    bodyText: o.bodyText,
    status: o.status,
    error: o.error,
    attempts: o.attempts,
    sentAt: o.sentAt,
    createdAt: o.createdAt,
  };
}
