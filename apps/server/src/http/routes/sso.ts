// Single sign-on over HTTP. Admin settings: GET/PUT /sso/settings and PUT /sso/password-login.
// The browser's round trip: /auth/sso/start?email= sends it to the provider with a sealed state
// cookie (bound to this browser); /auth/sso/callback checks it, exchanges the code, signs the
// person in and lands on the app, or on the login page with ?sso_error=<reason>. Both are page
// navigations, not JSON: hidden from the API document.
import {
  type Presented,
  replies,
  SsoCallbackQuery,
  SsoPasswordLoginInput,
  SsoSettings,
  SsoSettingsInput,
  SsoStartQuery,
} from "@switchboard/api";
import type { FastifyReply, FastifyRequest } from "fastify";
import { startSession } from "../../commands/auth";
import {
  completeSsoSignIn,
  recordSsoFailure,
  type SsoSettingsRow,
  saveSsoSettings,
  setPasswordLoginDisabled,
  ssoSettingsOf,
  ssoWorkspaceFor,
} from "../../commands/sso";
import { publicUrlOf } from "../../config";
import { assertCan } from "../../domain/permissions";
import { openLoginState, SSO_STATE_MINUTES, type SsoClaims, SsoRefusal, sealLoginState } from "../../domain/sso";
import { discoverProvider, finishAuthorization, startAuthorization } from "../../integrations/sso/oidc";
import { principalOf, requirePrincipal, SESSION_COOKIE } from "../auth";
import { originOf, type RouteDeps } from "../context";
import { LIST_ERRORS, WRITE_ERRORS } from "../replies";
import type { ZodApp } from "./types";

const STATE_COOKIE = "sb_sso";
const CALLBACK_PATH = "/api/v1/auth/sso/callback";

export function ssoRoutes(app: ZodApp, { services, command }: RouteDeps) {
  const db = () => services.database.db;
  const tags = ["sso"];
  const redirectUri = `${publicUrlOf(services.config)}${CALLBACK_PATH}`;
  const secure = services.config.COOKIE_SECURE === "1";
  const stateCookie = { path: "/api/v1/auth/sso", httpOnly: true, sameSite: "lax" as const, secure };
  const admin = (request: FastifyRequest) => {
    const p = principalOf(request);
    assertCan(p.role, "settings.write");
    return p;
  };
  const present = (row: SsoSettingsRow | undefined): Presented<typeof SsoSettings> => ({
    configured: row !== undefined,
    issuerUrl: row?.issuer ?? null,
    clientId: row?.clientId ?? null,
    clientSecretSet: Boolean(row?.clientSecretSealed),
    defaultRole: row?.defaultRole ?? "member",
    allowedDomains: row?.allowedDomains ?? [],
    enabled: row?.enabled ?? false,
    passwordLoginDisabled: row?.passwordLoginDisabled ?? false,
    verifiedAt: row?.verifiedAt ?? null,
    redirectUri,
  });

  const S = {
    getSsoSettings: { tags, response: replies({ 200: SsoSettings }, ...LIST_ERRORS) },
    putSsoSettings: { body: SsoSettingsInput, tags, response: replies({ 200: SsoSettings }, ...WRITE_ERRORS) },
    putSsoPasswordLogin: {
      body: SsoPasswordLoginInput,
      tags,
      response: replies({ 200: SsoSettings }, ...WRITE_ERRORS),
    },
  };

  app.get("/sso/settings", { preHandler: requirePrincipal, schema: S.getSsoSettings }, async (request) =>
    present(await ssoSettingsOf(db(), admin(request).workspaceId)),
  );

  app.put("/sso/settings", { preHandler: requirePrincipal, schema: S.putSsoSettings }, async (request) => {
    admin(request);
    const { issuerUrl, clientId, clientSecret, defaultRole, allowedDomains, enabled } = request.body;
    const clientSecretSealed =
      clientSecret === undefined ? undefined : clientSecret ? services.secrets.seal(clientSecret) : null;
    const row = await command(request, (ctx) =>
      saveSsoSettings(ctx, {
        issuer: issuerUrl.replace(/\/+$/, ""),
        clientId,
        clientSecretSealed,
        defaultRole,
        allowedDomains,
        enabled,
      }),
    );
    return present(row);
  });

  app.put("/sso/password-login", { preHandler: requirePrincipal, schema: S.putSsoPasswordLogin }, async (request) => {
    admin(request);
    return present(await command(request, (ctx) => setPasswordLoginDisabled(ctx, request.body.disabled)));
  });

  /** Back to the login page with the refusal's reason (the page explains it). */
  const refuse = (reply: FastifyReply, reason: string) =>
    reply.clearCookie(STATE_COOKIE, stateCookie).redirect(`/login?sso_error=${encodeURIComponent(reason)}`);

  app.get(
    "/auth/sso/start",
    {
      schema: { hide: true, tags, querystring: SsoStartQuery },
      config: { rateLimit: { max: 30, timeWindow: "1 minute" } },
    },
    async (request, reply) => {
      const workspaceId = await ssoWorkspaceFor(db(), request.query.email);
      const settings = workspaceId ? await ssoSettingsOf(db(), workspaceId) : undefined;
      if (!workspaceId || !settings?.enabled) return refuse(reply, "not_configured");
      try {
        const config = await discoverProvider(
          { issuer: settings.issuer, clientId: settings.clientId, clientSecretSealed: settings.clientSecretSealed },
          services.secrets,
        );
        const { url, state } = await startAuthorization(config, {
          workspaceId,
          redirectUri,
          loginHint: request.query.email,
          now: new Date(),
        });
        reply.setCookie(STATE_COOKIE, sealLoginState(services.secrets, state), {
          ...stateCookie,
          maxAge: SSO_STATE_MINUTES * 60,
        });
        return reply.redirect(url.href);
      } catch (error) {
        if (!(error instanceof SsoRefusal)) throw error;
        request.log.warn({ event: "sso.failed", reason: error.reason, message: error.message }, "sso start failed");
        await recordSsoFailure(db(), { workspaceId, origin: originOf(request) }, error);
        return refuse(reply, error.reason);
      }
    },
  );

  app.get(
    "/auth/sso/callback",
    {
      schema: { hide: true, tags, querystring: SsoCallbackQuery },
      config: { rateLimit: { max: 30, timeWindow: "1 minute" } },
    },
    async (request, reply) => {
      const origin = originOf(request);
      let workspaceId: string | undefined;
      let claims: SsoClaims | undefined;
      try {
        const state = openLoginState(services.secrets, request.cookies[STATE_COOKIE], new Date());
        workspaceId = state.workspaceId;
        const settings = await ssoSettingsOf(db(), state.workspaceId);
        if (!settings?.enabled) throw new SsoRefusal("not_configured", "Single sign-on is not set up.");
        const config = await discoverProvider(
          { issuer: settings.issuer, clientId: settings.clientId, clientSecretSealed: settings.clientSecretSealed },
          services.secrets,
        );
        const callbackUrl = new URL(request.url, publicUrlOf(services.config));
        claims = await finishAuthorization(config, callbackUrl, state);
        const user = await completeSsoSignIn(services, {
          workspaceId: state.workspaceId,
          issuer: config.serverMetadata().issuer,
          claims,
          origin,
        });
        const ttl = services.config.SESSION_TTL_HOURS;
        const session = await startSession(
          db(),
          user,
          ttl,
          { userAgent: origin.userAgent ?? undefined, ip: request.ip },
          "sso",
        );
        reply.clearCookie(STATE_COOKIE, stateCookie);
        reply.setCookie(SESSION_COOKIE, session.token, {
          path: "/",
          httpOnly: true,
          sameSite: "lax",
          secure,
          maxAge: ttl * 3600,
        });
        return reply.redirect("/");
      } catch (error) {
        if (!(error instanceof SsoRefusal)) throw error;
        request.log.warn({ event: "sso.failed", reason: error.reason, message: error.message }, "sso sign-in refused");
        // A forged or stale state names no workspace: there is no one's log to write it in.
        if (workspaceId) await recordSsoFailure(db(), { workspaceId, claims, origin }, error);
        return refuse(reply, error.reason);
      }
    },
  );
}
