// /webhooks: outbound webhooks (admins only: URLs and their logs are settings), the delivery log
// and replay. The signing secret is answered once, on creation.
import {
  CreatedWebhook,
  IdParams,
  items,
  Ok,
  type Presented,
  replies,
  Webhook,
  WebhookDelivery,
  WebhookDeliveryParams,
  WebhookDeliveryQuery,
  WebhookInput,
  WebhookPatch,
} from "@switchboard/api";
import * as cmd from "../../commands/webhooks";
import { invalid, notFound } from "../../domain/errors";
import { assertCan } from "../../domain/permissions";
import { RefusedTarget, resolveTarget } from "../../integrations/webhooks/targets";
import * as q from "../../queries/webhooks";
import type { Services } from "../../services";
import { principalOf, requirePrincipal } from "../auth";
import type { RouteDeps } from "../context";
import { ITEM_ERRORS, LIST_ERRORS, WRITE_ERRORS } from "../replies";
import type { ZodApp } from "./types";

export function webhookRoutes(app: ZodApp, { services, command }: RouteDeps) {
  const db = () => services.database.db;
  const opts = { preHandler: requirePrincipal };
  const tags = ["webhooks"];
  const S = {
    list: { tags, response: replies({ 200: items(Webhook) }, ...LIST_ERRORS) },
    create: { body: WebhookInput, tags, response: replies({ 201: CreatedWebhook }, ...WRITE_ERRORS) },
    get: { params: IdParams, tags, response: replies({ 200: Webhook }, ...ITEM_ERRORS) },
    patch: { params: IdParams, body: WebhookPatch, tags, response: replies({ 200: Webhook }, ...WRITE_ERRORS) },
    remove: { params: IdParams, tags, response: replies({ 200: Ok }, ...WRITE_ERRORS) },
    deliveries: {
      params: IdParams,
      querystring: WebhookDeliveryQuery,
      tags,
      response: replies({ 200: items(WebhookDelivery) }, ...ITEM_ERRORS),
    },
    replay: { params: WebhookDeliveryParams, tags, response: replies({ 201: WebhookDelivery }, ...WRITE_ERRORS) },
  };

  /** The caller's workspace, for admins only. */
  const adminWorkspace = (request: Parameters<typeof principalOf>[0]) => {
    const principal = principalOf(request);
    assertCan(principal.role, "settings.write");
    return principal.workspaceId;
  };

  app.get("/webhooks", { ...opts, schema: S.list }, async (request) => ({
    items: (await q.listWebhooks(db(), adminWorkspace(request))).map(presentWebhook),
  }));

  app.post("/webhooks", { ...opts, schema: S.create }, async (request, reply) => {
    adminWorkspace(request);
    await checkTarget(services, request.body.url);
    const secret = cmd.newWebhookSecret();
    const row = await command(request, (ctx) =>
      cmd.createWebhook(ctx, { ...request.body, secretSealed: services.secrets.seal(secret) }),
    );
    reply.status(201);
    return { webhook: presentWebhook(row), secret };
  });

  app.get("/webhooks/:id", { ...opts, schema: S.get }, async (request) => {
    const row = await q.getWebhook(db(), adminWorkspace(request), request.params.id);
    if (!row) throw notFound("Webhook");
    return presentWebhook(row);
  });

  app.patch("/webhooks/:id", { ...opts, schema: S.patch }, async (request) => {
    adminWorkspace(request);
    if (request.body.url) await checkTarget(services, request.body.url);
    return presentWebhook(await command(request, (ctx) => cmd.updateWebhook(ctx, request.params.id, request.body)));
  });

  app.delete("/webhooks/:id", { ...opts, schema: S.remove }, async (request) => {
    await command(request, (ctx) => cmd.deleteWebhook(ctx, request.params.id));
    return { ok: true };
  });

  app.get("/webhooks/:id/deliveries", { ...opts, schema: S.deliveries }, async (request) => {
    const workspaceId = adminWorkspace(request);
    if (!(await q.getWebhook(db(), workspaceId, request.params.id))) throw notFound("Webhook");
    const rows = await q.listDeliveries(db(), workspaceId, request.params.id, request.query);
    return { items: rows.map(presentDelivery) };
  });

  app.post("/webhooks/:id/deliveries/:deliveryId/replay", { ...opts, schema: S.replay }, async (request, reply) => {
    const { id, deliveryId } = request.params;
    const row = await command(request, (ctx) => cmd.replayDelivery(ctx, id, deliveryId));
    reply.status(201);
    return presentDelivery(row);
  });
}

/** Refuses a private target at once (it would fail every delivery); a name that does not resolve yet is kept. */
async function checkTarget(services: Services, url: string): Promise<void> {
  try {
    // A slow resolver does not hold the request: sending checks the target again anyway.
    const slow = new Promise<void>((resolve) => setTimeout(resolve, 3000).unref());
    await Promise.race([resolveTarget(new URL(url), services.config.WEBHOOKS_ALLOW_PRIVATE === "1"), slow]);
  } catch (error) {
    if (error instanceof RefusedTarget && error.reason === "private") throw invalid(error.message, { field: "url" });
    if (!(error instanceof RefusedTarget)) throw error;
  }
}

function presentWebhook(row: q.WebhookRow): Presented<typeof Webhook> {
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    eventTypes: row.eventTypes,
    enabled: row.enabled,
    consecutiveFailures: row.consecutiveFailures,
    disabledAt: row.disabledAt,
    disabledReason: row.disabledReason,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

function presentDelivery(row: q.WebhookDeliveryRow): Presented<typeof WebhookDelivery> {
  return {
    id: row.id,
    eventSeq: row.eventSeq,
    eventType: row.eventType,
    issueNumber: row.issueNumber,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: row.nextAttemptAt,
    responseStatus: row.responseStatus,
    durationMs: row.durationMs,
    responseExcerpt: row.responseExcerpt,
    error: row.error,
    replayOf: row.replayOf,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
