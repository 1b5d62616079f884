// The HTTP server: JSON API under /api/v1, OpenAPI at /api/docs, realtime at /ws, webhooks
// under /hooks, and the web app's static files at /.
import fs from "node:fs";
import path from "node:path";
import cookie from "@fastify/cookie";
import rateLimit from "@fastify/rate-limit";
import fastifyStatic from "@fastify/static";
import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import websocket from "@fastify/websocket";
import { Ok } from "@switchboard/api";
import Fastify, { type FastifyInstance } from "fastify";
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from "fastify-type-provider-zod";
import { startRealtimeHub } from "../realtime/hub";
import { publishPresence } from "../realtime/presence";
import type { Services } from "../services";
import { principalOf, registerAuthentication, requirePrincipal } from "./auth";
import { type RouteDeps, routeDeps } from "./context";
import { errorBody, noRoute, registerErrorHandling } from "./errors";
import { accountRoutes } from "./routes/accounts";
import { analyticsRoutes } from "./routes/analytics";
import { apiTokenRoutes } from "./routes/apiTokens";
import { attachmentRoutes } from "./routes/attachments";
import { authRoutes } from "./routes/auth";
import { contactRoutes } from "./routes/contacts";
import { customFieldRoutes } from "./routes/customFields";
import { issueRoutes } from "./routes/issues";
import { macroRoutes } from "./routes/macros";
import { notificationRoutes } from "./routes/notifications";
import { quarantineRoutes } from "./routes/quarantine";
import { tagRoutes } from "./routes/tags";
import { teamRoutes } from "./routes/teams";
import type { ZodApp } from "./routes/types";
import { userRoutes } from "./routes/users";
import { viewRoutes } from "./routes/views";

const WEB_DIST = path.resolve(import.meta.dirname, "../../../web/dist");

/** The API's own resources; channel and integration modules add theirs (see HttpRoutes). */
const API_MODULES = [
  authRoutes,
  issueRoutes,
  accountRoutes,
  contactRoutes,
  userRoutes,
  teamRoutes,
  tagRoutes,
  customFieldRoutes,
  apiTokenRoutes,
  quarantineRoutes,
  viewRoutes,
  macroRoutes,
  notificationRoutes,
  attachmentRoutes,
  analyticsRoutes,
];

/** What the modules add: routes under /api/v1, and webhook plugins (/hooks) that authenticate themselves. */
export interface HttpRoutes {
  api: readonly ((app: ZodApp, deps: RouteDeps) => void)[];
  hooks: readonly ((app: FastifyInstance) => Promise<void>)[];
}

export async function buildHttpApp(
  services: Services,
  routes: HttpRoutes,
  options: { logger?: boolean } = {},
): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ? { level: services.config.LOG_LEVEL } : false,
    bodyLimit: 1024 * 1024,
    trustProxy: true,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandling(app);

  await app.register(cookie);
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_req, ctx) => ({
      ...errorBody("rate_limited", `Too many requests; retry in ${ctx.after}.`),
      statusCode: 429,
    }),
  });
  await app.register(swagger, {
    openapi: { info: { title: "Switchboard API", version: "1" }, servers: [{ url: "/api/v1" }] },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: "/api/docs" });
  await app.register(websocket);
  registerAuthentication(app, services.database.db);

  app.get("/healthz", { schema: { hide: true, response: { 200: Ok } } }, async () => {
    await services.database.query("SELECT 1");
    return { ok: true };
  });

  const deps = routeDeps(services);
  await app.register(
    async (api) => {
      for (const register of [...API_MODULES, ...routes.api]) register(api as ZodApp, deps);
    },
    { prefix: "/api/v1" },
  );
  for (const hooks of routes.hooks) await app.register(hooks);

  const hub = await startRealtimeHub(services.database);
  app.addHook("onClose", () => hub.close());
  app.get("/ws", { websocket: true, preHandler: requirePrincipal, schema: { hide: true } }, (socket, request) => {
    const p = principalOf(request);
    hub.add({ socket, workspaceId: p.workspaceId, userId: p.userId });
    socket.on("message", (data) => {
      publishPresence(
        services.database,
        { workspaceId: p.workspaceId, userId: p.userId, name: p.name },
        data.toString(),
      ).catch((error: unknown) => request.log.warn({ err: error }, "presence publish failed"));
    });
  });

  await serveWebApp(app);
  return app;
}

/** The built web app, with client-side routes falling back to index.html; JSON 404s elsewhere. */
async function serveWebApp(app: FastifyInstance) {
  const hasWebApp = fs.existsSync(path.join(WEB_DIST, "index.html"));
  if (hasWebApp) await app.register(fastifyStatic, { root: WEB_DIST, wildcard: false });
  app.setNotFoundHandler((request, reply) => {
    const url = request.url.split("?")[0] ?? "/";
    if (!hasWebApp || request.method !== "GET" || /^\/(api|hooks|ws|healthz)(\/|$)/.test(url)) {
      return reply.status(404).send(noRoute(request.method, url));
    }
    return reply.sendFile("index.html");
  });
}
