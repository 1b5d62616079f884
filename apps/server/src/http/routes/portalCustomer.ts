// The customer's side of the portal, under /portal: the pages (the web app's second entry,
// portal.html) and /portal/api — login by one-time code or magic link (limited per address and
// per IP; one answer for known and unknown addresses), then their forms, issues, replies and CSAT.
// The session is the `sb_portal` cookie (path /portal, SameSite=Strict), never an agent's.
import fs from "node:fs";
import {
  AttachmentFile,
  Csat,
  CsatInput,
  IdParams,
  IssueNumberParams,
  items,
  Ok,
  PortalCodeInput,
  PortalFileParams,
  PortalFormView,
  PortalHelpHit,
  PortalIssue,
  PortalIssuesQuery,
  PortalLinkInput,
  PortalLoginRequest,
  PortalMe,
  PortalReplyInput,
  PortalSite,
  PortalSubmitInput,
  PortalThread,
  replies,
} from "@switchboard/api";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import {
  customerOfToken,
  logInWithCode,
  logInWithLink,
  logOut,
  requestLogin,
  siteOf,
} from "../../channels/portal/login";
import {
  attachmentOf,
  formsFor,
  issuesOf,
  rateIssue,
  replyTo,
  searchHelpFor,
  submitForm,
  threadOf,
} from "../../channels/portal/requests";
import { startWidgetLive } from "../../channels/widget/live";
import { PORTAL_SESSION_DAYS } from "../../commands/portal";
import { AppError } from "../../domain/errors";
import { workspaceById } from "../../queries/portal";
import type { Services } from "../../services";
import { sendAttachment } from "../attachmentFile";
import { noRoute } from "../errors";
import { keyedLimiter } from "../keyedLimiter";
import { PORTAL_HTML } from "../portalAssets";

export const PORTAL_COOKIE = "sb_portal";
const WINDOW = 15 * 60_000;
const ERRORS = [400, 401, 404] as const;

export function portalHookRoutes(services: Services) {
  // A login costs a mail: few per address, more per IP (an office shares one). Codes are six
  // digits: guesses are limited per address and per IP as well as per login (it dies after five).
  const requestsPerEmail = keyedLimiter({ max: 5, windowMs: WINDOW, what: "login requests for this address" });
  const requestsPerIp = keyedLimiter({ max: 30, windowMs: WINDOW, what: "login requests" });
  const codesPerEmail = keyedLimiter({ max: 10, windowMs: WINDOW, what: "code attempts for this address" });
  const codesPerIp = keyedLimiter({ max: 50, windowMs: WINDOW, what: "code attempts" });

  return async function portalHooks(plain: FastifyInstance) {
    const app = plain.withTypeProvider<ZodTypeProvider>();
    // Outside /api/v1: the OpenAPI document lists them with the site root as their server (customerPaths.ts).
    const hide = false;
    const tags = ["portal (customer)"];
    const cookie = {
      path: "/portal",
      httpOnly: true,
      sameSite: "strict" as const,
      secure: services.config.COOKIE_SECURE === "1",
    };
    const token = (request: FastifyRequest) => request.cookies[PORTAL_COOKIE];
    const customer = (request: FastifyRequest) => customerOfToken(services, token(request));
    const signIn = (reply: FastifyReply, session: { token: string }) =>
      reply.setCookie(PORTAL_COOKIE, session.token, { ...cookie, maxAge: PORTAL_SESSION_DAYS * 24 * 3600 });

    app.get(
      "/portal/api/site",
      {
        schema: {
          hide,
          tags,
          querystring: z.strictObject({ site: z.string().max(253).optional() }),
          response: replies({ 200: PortalSite }, 400, 404),
        },
      },
      async (request) => {
        const site = await siteOf(services, request.query.site);
        return { name: site.name, domain: site.domain, helpUrl: `/help/${site.domain}` };
      },
    );

    app.post(
      "/portal/api/login",
      { schema: { hide, tags, body: PortalLoginRequest, response: replies({ 202: Ok }, 400, 404, 429) } },
      async (request, reply) => {
        requestsPerIp.hit(request.ip);
        requestsPerEmail.hit(request.body.email);
        await requestLogin(services, request.body);
        // The same answer whether or not the address is a contact's.
        reply.status(202);
        return { ok: true };
      },
    );
    app.post(
      "/portal/api/login/code",
      { schema: { hide, tags, body: PortalCodeInput, response: replies({ 200: PortalMe }, 400, 401, 404, 429) } },
      async (request, reply) => {
        codesPerIp.hit(request.ip);
        codesPerEmail.hit(request.body.email);
        const session = await logInWithCode(services, request.body);
        signIn(reply, session);
        return me(await customerOfToken(services, session.token));
      },
    );
    app.post(
      "/portal/api/login/link",
      { schema: { hide, tags, body: PortalLinkInput, response: replies({ 200: PortalMe }, 400, 401, 429) } },
      async (request, reply) => {
        codesPerIp.hit(request.ip);
        const session = await logInWithLink(services, request.body.token);
        signIn(reply, session);
        return me(await customerOfToken(services, session.token));
      },
    );
    app.post(
      "/portal/api/logout",
      { schema: { hide, tags, response: replies({ 200: Ok }, 401) } },
      async (request, reply) => {
        const current = token(request);
        if (current) await logOut(services, await customer(request), current);
        reply.clearCookie(PORTAL_COOKIE, { path: "/portal" });
        return { ok: true };
      },
    );

    const me = async (c: Awaited<ReturnType<typeof customer>>) => {
      const workspace = await workspaceById(services.database.db, c.workspaceId);
      const domain = workspace?.domain ?? "";
      return {
        name: c.name,
        email: c.email,
        accountName: c.accountName,
        portalAdmin: c.portalAdmin && c.accountId !== null,
        site: { name: workspace?.name ?? "", domain, helpUrl: `/help/${domain}` },
      };
    };
    app.get(
      "/portal/api/help/search",
      {
        schema: {
          hide,
          tags,
          querystring: z.strictObject({ q: z.string().trim().max(300).default("") }),
          response: replies({ 200: items(PortalHelpHit) }, 400, 401),
        },
      },
      async (request) => {
        const who = await customer(request);
        return { items: request.query.q ? await searchHelpFor(services, who, request.query.q) : [] };
      },
    );
    app.get("/portal/api/me", { schema: { hide, tags, response: replies({ 200: PortalMe }, 401) } }, async (request) =>
      me(await customer(request)),
    );
    app.get(
      "/portal/api/forms",
      { schema: { hide, tags, response: replies({ 200: items(PortalFormView) }, 401) } },
      async (request) => ({ items: await formsFor(services, await customer(request)) }),
    );
    app.post(
      "/portal/api/forms/:id/submit",
      {
        bodyLimit: 12 * 1024 * 1024,
        config: { rateLimit: { max: 30, timeWindow: "1 minute" } },
        schema: {
          hide,
          tags,
          params: IdParams,
          body: PortalSubmitInput,
          response: replies({ 201: PortalThread }, ...ERRORS, 422, 429),
        },
      },
      async (request, reply) => {
        const thread = await submitForm(services, await customer(request), request.params.id, request.body);
        reply.status(201);
        return thread;
      },
    );
    app.get(
      "/portal/api/issues",
      {
        schema: {
          hide,
          tags,
          querystring: PortalIssuesQuery,
          response: replies({ 200: items(PortalIssue) }, 400, 401),
        },
      },
      async (request) => ({ items: await issuesOf(services, await customer(request), request.query.scope) }),
    );
    app.get(
      "/portal/api/issues/:number",
      { schema: { hide, tags, params: IssueNumberParams, response: replies({ 200: PortalThread }, ...ERRORS) } },
      async (request) => threadOf(services, await customer(request), request.params.number),
    );
    app.get(
      "/portal/api/issues/:number/attachments/:id",
      {
        schema: {
          hide,
          tags,
          params: PortalFileParams,
          response: { 200: AttachmentFile, ...replies({}, ...ERRORS) },
        },
      },
      async (request, reply) =>
        sendAttachment(
          reply,
          await attachmentOf(services, await customer(request), request.params.number, request.params.id),
        ),
    );
    app.post(
      "/portal/api/issues/:number/messages",
      {
        config: { rateLimit: { max: 60, timeWindow: "1 minute" } },
        schema: {
          hide,
          tags,
          params: IssueNumberParams,
          body: PortalReplyInput,
          response: replies({ 201: PortalThread }, ...ERRORS, 429),
        },
      },
      async (request, reply) => {
        const thread = await replyTo(services, await customer(request), request.params.number, request.body);
        reply.status(201);
        return thread;
      },
    );
    app.post(
      "/portal/api/issues/:number/csat",
      {
        schema: {
          hide,
          tags,
          params: IssueNumberParams,
          body: CsatInput,
          response: replies({ 200: Csat }, ...ERRORS, 409),
        },
      },
      async (request) => {
        const row = await rateIssue(services, await customer(request), request.params.number, request.body);
        const { score, comment, channel, resolution, updatedAt } = row;
        return { score, comment, channel, resolution, updatedAt };
      },
    );
    // Live: "issue N changed" for the issues this customer reads; the page re-fetches them through
    // /portal/api (the widget's socket, with the portal session instead of the widget token).
    const live = await startWidgetLive(services);
    plain.addHook("onClose", () => live.close());
    app.get("/portal/ws", { websocket: true, schema: { hide: true } }, async (socket, request) => {
      try {
        const who = await customer(request);
        live.add({
          socket,
          workspaceId: who.workspaceId,
          contactId: who.contactId,
          ...(who.portalAdmin && who.accountId && { accountId: who.accountId }),
          numbers: new Set(),
        });
      } catch {
        // No session (signed out, expired): the page shows the sign-in when its next call says 401.
        socket.close(4401, "unauthenticated");
      }
    });

    app.all("/portal/api/*", { schema: { hide: true } }, async (request, reply) =>
      reply.status(404).send(noRoute(request.method, request.url.split("?")[0] ?? "")),
    );

    // The pages: one single-page app for every portal URL; /portal alone goes to the only workspace's.
    const page = async (_request: FastifyRequest, reply: FastifyReply) => {
      if (!fs.existsSync(PORTAL_HTML))
        return reply.status(404).type("text/plain").send("portal not built (npm run build:web)");
      return reply
        .type("text/html; charset=utf-8")
        .header("cache-control", "no-cache")
        .send(fs.readFileSync(PORTAL_HTML));
    };
    app.get("/portal", { schema: { hide: true } }, async (request, reply) => {
      try {
        const site = await siteOf(services, undefined);
        return reply.redirect(`/portal/${site.domain}`);
      } catch (error) {
        // Several workspaces (or none): the page asks which portal is meant.
        if (error instanceof AppError && error.code === "not_found") return page(request, reply);
        throw error;
      }
    });
    app.get("/portal/:domain", { schema: { hide: true } }, page);
    app.get("/portal/:domain/*", { schema: { hide: true } }, page);
  };
}
