// The customer's side of the chat widget, under /widget: boot (identity verification), their
// conversations and messages, seen marks and CSAT (a token from boot in X-Widget-Token; any origin may call,
// no cookies are involved), the live socket, the bundle itself and the demo host page.
import fs from "node:fs";
import path from "node:path";
import {
  AttachmentFile,
  Csat,
  CsatInput,
  IssueNumberParams,
  items,
  Ok,
  replies,
  WidgetBootInput,
  WidgetConversation,
  WidgetEditInput,
  WidgetMessageParams,
  WidgetSendInput,
  WidgetSession,
  WidgetStartInput,
  WidgetThread,
} from "@switchboard/api";
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import {
  attachmentOf,
  bootWidget,
  conversationsOf,
  customerOfToken,
  editMessage,
  ForgedIdentity,
  markSeen,
  rateConversation,
  sendMessage,
  startConversation,
  threadOf,
} from "../../channels/widget/conversations";
import { demoPage } from "../../channels/widget/demo";
import { startWidgetLive } from "../../channels/widget/live";
import type { Services } from "../../services";
import { sendAttachment } from "../attachmentFile";
import { WIDGET_DIST } from "../widgetAssets";

/** The customer session token from boot. */
export const WIDGET_TOKEN_HEADER = "x-widget-token";

const CUSTOMER_ERRORS = [400, 401, 404] as const;

export function widgetHookRoutes(services: Services) {
  return async function widgetHooks(plain: FastifyInstance) {
    const app = plain.withTypeProvider<ZodTypeProvider>();
    // Outside /api/v1: the OpenAPI document lists them with the site root as their server (customerPaths.ts).
    const tags = ["widget (customer)"];
    const hide = false;
    // Its own header: `Authorization: Bearer` belongs to the agent API's tokens.
    const token = (request: FastifyRequest) => {
      const header = request.headers[WIDGET_TOKEN_HEADER];
      return typeof header === "string" ? header.trim() : undefined;
    };
    const customer = (request: FastifyRequest) => customerOfToken(services, token(request));

    // The widget runs on the host's origin; it authenticates with a bearer token, never a cookie.
    app.addHook("onRequest", async (request, reply) => {
      if (!request.url.startsWith("/widget/api/")) return;
      reply.header("access-control-allow-origin", "*");
      reply.header("access-control-allow-headers", `${WIDGET_TOKEN_HEADER}, content-type`);
      reply.header("access-control-allow-methods", "GET, POST, PATCH, OPTIONS");
      reply.header("access-control-max-age", "600");
    });
    app.options("/widget/api/*", { schema: { hide: true } }, async (_request, reply) => reply.status(204).send());

    // Boots per address; messages per session (many customers may share an office's address).
    const limited = { rateLimit: { max: 60, timeWindow: "1 minute" } };
    // Messages may carry files (3 × 5 MB, base64 in JSON).
    const withFiles = 22 * 1024 * 1024;
    const perSession = {
      rateLimit: {
        max: 60,
        timeWindow: "1 minute",
        keyGenerator: (request: FastifyRequest) => `widget:${token(request) ?? request.ip}`,
      },
    };
    app.post(
      "/widget/api/boot",
      {
        config: limited,
        schema: { hide, tags, body: WidgetBootInput, response: replies({ 201: WidgetSession }, 400, 401, 404, 429) },
      },
      async (request, reply) => {
        try {
          const { session, token } = await bootWidget(services, request.body);
          reply.status(201);
          return { token, verified: session.verified, name: session.name, expiresAt: session.expiresAt };
        } catch (error) {
          if (error instanceof ForgedIdentity) {
            request.log.warn(
              { appId: error.appId, email: error.email, ip: request.ip },
              "widget: forged userHash refused",
            );
          }
          throw error;
        }
      },
    );
    app.get(
      "/widget/api/conversations",
      { schema: { hide, tags, response: replies({ 200: items(WidgetConversation) }, 401) } },
      async (request) => ({ items: await conversationsOf(services, await customer(request)) }),
    );
    app.post(
      "/widget/api/conversations",
      {
        bodyLimit: withFiles,
        config: perSession,
        schema: { hide, tags, body: WidgetStartInput, response: replies({ 201: WidgetThread }, 400, 401, 429) },
      },
      async (request, reply) => {
        reply.status(201);
        return startConversation(services, await customer(request), request.body);
      },
    );
    app.get(
      "/widget/api/conversations/:number",
      {
        schema: { hide, tags, params: IssueNumberParams, response: replies({ 200: WidgetThread }, ...CUSTOMER_ERRORS) },
      },
      async (request) => threadOf(services, await customer(request), request.params.number),
    );
    app.post(
      "/widget/api/conversations/:number/messages",
      {
        bodyLimit: withFiles,
        config: perSession,
        schema: {
          hide,
          tags,
          params: IssueNumberParams,
          body: WidgetSendInput,
          response: replies({ 201: WidgetThread }, ...CUSTOMER_ERRORS, 429),
        },
      },
      async (request, reply) => {
        reply.status(201);
        return sendMessage(services, await customer(request), request.params.number, request.body);
      },
    );
    app.patch(
      "/widget/api/conversations/:number/messages/:id",
      {
        config: perSession,
        schema: {
          hide,
          tags,
          params: WidgetMessageParams,
          body: WidgetEditInput,
          response: replies({ 200: WidgetThread }, ...CUSTOMER_ERRORS, 403, 409, 429),
        },
      },
      async (request) =>
        editMessage(services, await customer(request), request.params.number, request.params.id, request.body),
    );
    app.get(
      "/widget/api/conversations/:number/attachments/:id",
      {
        schema: {
          hide,
          tags,
          params: WidgetMessageParams,
          response: { 200: AttachmentFile, ...replies({}, ...CUSTOMER_ERRORS) },
        },
      },
      async (request, reply) => {
        const file = await attachmentOf(services, await customer(request), request.params.number, request.params.id);
        return sendAttachment(reply, file);
      },
    );
    app.post(
      "/widget/api/conversations/:number/seen",
      { schema: { hide, tags, params: IssueNumberParams, response: replies({ 200: Ok }, ...CUSTOMER_ERRORS) } },
      async (request) => {
        await markSeen(services, await customer(request), request.params.number);
        return { ok: true };
      },
    );
    app.post(
      "/widget/api/conversations/:number/csat",
      {
        schema: {
          hide,
          tags,
          params: IssueNumberParams,
          body: CsatInput,
          response: replies({ 200: Csat }, ...CUSTOMER_ERRORS, 409),
        },
      },
      async (request) => {
        const row = await rateConversation(services, await customer(request), request.params.number, request.body);
        const { score, comment, channel, resolution, updatedAt } = row;
        return { score, comment, channel, resolution, updatedAt };
      },
    );

    const live = await startWidgetLive(services);
    plain.addHook("onClose", () => live.close());
    app.get(
      "/widget/ws",
      { websocket: true, schema: { hide: true, querystring: z.object({ token: z.string().max(200) }) } },
      async (socket, request) => {
        try {
          const { session, contact } = await customerOfToken(services, request.query.token);
          const numbers = contact ? (await conversationsOf(services, { session, contact })).map((c) => c.number) : [];
          live.add({
            socket,
            workspaceId: session.workspaceId,
            contactId: contact?.contactId,
            numbers: new Set(numbers),
            // Agents see "… is typing" under the name the host app gave (an anonymous visitor's is "Visitor").
            typingAs: session.name ?? (session.verified ? session.email : null) ?? "Visitor",
          });
        } catch {
          // An unknown or expired token: the widget boots again when it sees this close code.
          socket.close(4401, "unauthenticated");
        }
      },
    );

    app.get("/widget/widget.js", { schema: { hide: true } }, async (_request, reply) => {
      const file = path.join(WIDGET_DIST, "widget.js");
      if (!fs.existsSync(file))
        return reply.status(404).type("text/plain").send("widget bundle not built (npm run build:web)");
      return reply
        .type("application/javascript; charset=utf-8")
        .header("cache-control", "public, max-age=300")
        .header("access-control-allow-origin", "*")
        .send(fs.readFileSync(file));
    });
    app.get(
      "/widget/demo",
      {
        schema: {
          hide: true,
          querystring: z.object({
            appId: z.string().max(100).optional(),
            email: z.string().max(320).optional(),
            name: z.string().max(200).optional(),
            userHash: z.string().max(200).optional(),
          }),
        },
      },
      async (request, reply) => reply.type("text/html; charset=utf-8").send(await demoPage(services, request.query)),
    );
  };
}
