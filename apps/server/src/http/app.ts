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
import { ErrorBody, Ok, Readiness } from "@switchboard/api";
import Fastify, { type FastifyInstance } from "fastify";
import { jsonSchemaTransform, serializerCompiler, type ZodTypeProvider } from "fastify-type-provider-zod";
import { startRealtimeHub } from "../realtime/hub";
import { publishPresence } from "../realtime/presence";
import type { Services } from "../services";
import { principalOf, registerAuthentication, requirePrincipal } from "./auth";
import { type RouteDeps, routeDeps } from "./context";
import { rootServedPaths } from "./customerPaths";
import { errorBody, frameworkError, noRoute, registerErrorHandling, UNAVAILABLE_RETRY_AFTER_SECONDS } from "./errors";
import { helpCenter } from "./help";
import { registerIdempotency } from "./idempotency";
import { accountRoutes } from "./routes/accounts";
import { analyticsRoutes } from "./routes/analytics";
import { apiTokenRoutes } from "./routes/apiTokens";
import { askRoutes } from "./routes/ask";
import { attachmentRoutes } from "./routes/attachments";
import { authRoutes } from "./routes/auth";
import { broadcastRoutes } from "./routes/broadcasts";
import { contactRoutes } from "./routes/contacts";
import { copilotRoutes } from "./routes/copilot";
import { customFieldRoutes } from "./routes/customFields";
import { draftRoutes } from "./routes/drafts";
import { invitationRoutes } from "./routes/invitations";
import { issueRoutes } from "./routes/issues";
import { knowledgeRoutes } from "./routes/knowledge";
import { knowledgeGapRoutes } from "./routes/knowledgeGaps";
import { macroRoutes } from "./routes/macros";
import { meRoutes } from "./routes/me";
import { notificationRoutes } from "./routes/notifications";
import { passwordResetRoutes } from "./routes/passwordReset";
import { quarantineRoutes } from "./routes/quarantine";
import { ssoRoutes } from "./routes/sso";
import { tagRoutes } from "./routes/tags";
import { teamRoutes } from "./routes/teams";
import { topicRoutes } from "./routes/topics";
import type { ZodApp } from "./routes/types";
import { userRoutes } from "./routes/users";
import { viewRoutes } from "./routes/views";
import { workspaceRoutes } from "./routes/workspace";
import { boundaryValidator } from "./validation";

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
  meRoutes,
  passwordResetRoutes,
  invitationRoutes,
  workspaceRoutes,
  draftRoutes,
  analyticsRoutes,
  knowledgeRoutes,
  knowledgeGapRoutes,
  copilotRoutes,
  askRoutes,
  broadcastRoutes,
  topicRoutes,
  ssoRoutes,
];

/** What the modules add: routes under /api/v1, and webhook plugins (/hooks) that authenticate themselves. */
export interface HttpRoutes {
  api: readonly ((app: ZodApp, deps: RouteDeps) => void)[];
  hooks: readonly ((app: FastifyInstance) => Promise<void>)[];
}

export interface HttpOptions {
  logger?: boolean;
  /** Where log lines go instead of stdout (tests read them). */
  logStream?: NodeJS.WritableStream;
}

export async function buildHttpApp(
  services: Services,
  routes: HttpRoutes,
  options: HttpOptions = {},
): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger
      ? { level: services.config.LOG_LEVEL, ...(options.logStream && { stream: options.logStream }) }
      : false,
    bodyLimit: 1024 * 1024,
    trustProxy: trustedProxies(services.config.TRUST_PROXY),
    frameworkErrors: frameworkError,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(boundaryValidator);
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
    transformObject: (document) =>
      "openapiObject" in document ? rootServedPaths(document.openapiObject) : document.swaggerObject,
  });
  await app.register(swaggerUi, { routePrefix: "/api/docs" });
  await app.register(websocket);
  registerAuthentication(app, services.database.db);

  // Alive: the process answers (a load balancer must not restart it during a database outage).
  app.get("/healthz", { schema: { hide: true, response: { 200: Ok } } }, async () => ({ ok: true }));
  // Ready: the database answers too; 503 in the one error shape while it does not.
  const readiness = { hide: true, response: { 200: Readiness, 503: ErrorBody } };
  app.get("/readyz", { schema: readiness }, async (_request, reply) => {
    const database = await databaseAnswers(services);
    if (database === "up") return { ok: true, database };
    return reply
      .status(503)
      .header("retry-after", String(UNAVAILABLE_RETRY_AFTER_SECONDS))
      .send(errorBody("service_unavailable", "The database does not answer.", { database }));
  });

  const deps = routeDeps(services);
  await app.register(
    async (api) => {
      registerIdempotency(api, services);
      for (const register of [...API_MODULES, ...routes.api]) register(api as ZodApp, deps);
    },
    { prefix: "/api/v1" },
  );
  for (const hooks of routes.hooks) await app.register(hooks);
  await app.register(helpCenter(services));

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

/** Fastify's form of TRUST_PROXY: a hop count trusts that many proxies in front of us. */
function trustedProxies(setting: false | number | string[]) {
  return typeof setting === "number" ? (_address: string, hop: number) => hop < setting : setting;
}

/** "up" when the database answers within two seconds. */
async function databaseAnswers(services: Services): Promise<"up" | "down"> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<"down">((resolve) => {
    timer = setTimeout(() => resolve("down"), 2_000);
  });
  const probe = services.database.query("SELECT 1").then(
    () => "up" as const,
    () => "down" as const,
  );
  try {
    return await Promise.race([probe, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** The built web app, with client-side routes falling back to index.html; JSON 404s elsewhere. */
async function serveWebApp(app: FastifyInstance) {
  const hasWebApp = fs.existsSync(path.join(WEB_DIST, "index.html"));
  if (hasWebApp) await app.register(fastifyStatic, { root: WEB_DIST, wildcard: false });
  app.setNotFoundHandler((request, reply) => {
    const url = request.url.split("?")[0] ?? "/";
    if (!hasWebApp || request.method !== "GET" || /^\/(api|hooks|ws|healthz|readyz)(\/|$)/.test(url)) {
      return reply.status(404).send(noRoute(request.method, url));
    }
    return reply.sendFile("index.html");
  });
}
