// CRM sync: /integrations/salesforce and /integrations/hubspot (connect, disconnect, mapping, sync
// now) and /crm-sync-runs (the runs, a run with its per-record errors). Admin settings: everyone
// on staff reads, `settings.write` changes.
import {
  CrmConnection,
  CrmConnectionInput,
  CrmMapping,
  CrmRunsQuery,
  CrmSyncRun,
  CrmSyncRunDetail,
  crmProviders,
  IdParams,
  Ok,
  type Presented,
  page,
  replies,
} from "@switchboard/api";
import * as cmd from "../../commands/crm";
import type { CrmProvider } from "../../db/schema";
import { AppError } from "../../domain/errors";
import { assertCan } from "../../domain/permissions";
import { HUBSPOT_API_URL, HUBSPOT_DEFAULT_MAPPING, hubspotToken } from "../../integrations/crm/hubspot";
import { SALESFORCE_DEFAULT_MAPPING, SALESFORCE_LOGIN_URL, salesforceToken } from "../../integrations/crm/salesforce";
import { CrmError, type TokenAnswer } from "../../integrations/crm/source";
import * as q from "../../queries/crm";
import { staffOf } from "../../queries/scope";
import { principalOf, requirePrincipal, scopeOf } from "../auth";
import type { RouteDeps } from "../context";
import { ITEM_ERRORS, LIST_ERRORS, WRITE_ERRORS } from "../replies";
import type { ZodApp } from "./types";

export function crmRoutes(app: ZodApp, { services, command }: RouteDeps) {
  const db = () => services.database.db;
  const opts = { preHandler: requirePrincipal };
  const tags = ["crm"];
  const S = {
    get: { tags, response: replies({ 200: CrmConnection }, ...LIST_ERRORS) },
    put: { body: CrmConnectionInput, tags, response: replies({ 200: CrmConnection }, ...WRITE_ERRORS) },
    delete: { tags, response: replies({ 200: Ok }, ...WRITE_ERRORS) },
    mapping: { body: CrmMapping, tags, response: replies({ 200: CrmConnection }, ...WRITE_ERRORS) },
    sync: { tags, response: replies({ 201: CrmSyncRun }, ...WRITE_ERRORS) },
    runs: { querystring: CrmRunsQuery, tags, response: replies({ 200: page(CrmSyncRun) }, ...LIST_ERRORS) },
    run: { params: IdParams, tags, response: replies({ 200: CrmSyncRunDetail }, ...ITEM_ERRORS) },
  };

  const present = async (workspaceId: string, provider: CrmProvider) =>
    presentConnection(
      provider,
      await q.crmConnectionOf(db(), workspaceId, provider),
      await q.lastCrmRun(db(), workspaceId, provider),
    );

  for (const provider of crmProviders) {
    const path = `/integrations/${provider}`;

    app.get(path, { ...opts, schema: S.get }, async (request) =>
      present(staffOf(scopeOf(request)).workspaceId, provider),
    );

    app.put(path, { ...opts, schema: S.put }, async (request) => {
      const { workspaceId } = staffOf(scopeOf(request));
      assertCan(principalOf(request).role, "settings.write");
      const body = request.body;
      const authUrl = body.authUrl ?? (provider === "salesforce" ? SALESFORCE_LOGIN_URL : HUBSPOT_API_URL);
      const client = {
        authUrl,
        clientId: body.clientId,
        clientSecret: body.clientSecret,
        refreshToken: body.refreshToken,
      };
      // The credentials are tried before they are stored: a wrong one is refused here, not at the first sync.
      const token = await tryToken(() => (provider === "salesforce" ? salesforceToken(client) : hubspotToken(client)));
      await command(request, (ctx) =>
        cmd.saveCrmConnection(ctx, provider, {
          authUrl,
          apiUrl: provider === "salesforce" ? (token.instanceUrl ?? null) : (body.apiUrl ?? authUrl),
          clientId: body.clientId,
          clientSecretSealed: services.secrets.seal(body.clientSecret),
          refreshTokenSealed: services.secrets.seal(body.refreshToken),
          accessTokenSealed: services.secrets.seal(token.accessToken),
          defaultMapping: provider === "salesforce" ? SALESFORCE_DEFAULT_MAPPING : HUBSPOT_DEFAULT_MAPPING,
        }),
      );
      return present(workspaceId, provider);
    });

    app.delete(path, { ...opts, schema: S.delete }, async (request) => {
      await command(request, (ctx) => cmd.removeCrmConnection(ctx, provider));
      return { ok: true as const };
    });

    app.put(`${path}/mapping`, { ...opts, schema: S.mapping }, async (request) => {
      const { workspaceId } = staffOf(scopeOf(request));
      await command(request, (ctx) => cmd.setCrmMapping(ctx, provider, request.body));
      return present(workspaceId, provider);
    });

    app.post(`${path}/sync`, { ...opts, schema: S.sync }, async (request, reply) => {
      const run = await command(request, (ctx) => cmd.requestCrmSync(ctx, provider, "manual"));
      reply.status(201);
      return presentRun(run);
    });
  }

  app.get("/crm-sync-runs", { ...opts, schema: S.runs }, async (request) => {
    const r = await q.listCrmRuns(db(), staffOf(scopeOf(request)).workspaceId, request.query);
    return { items: r.items.map(presentRun), nextCursor: r.nextCursor };
  });

  app.get("/crm-sync-runs/:id", { ...opts, schema: S.run }, async (request) => {
    const run = await q.getCrmRun(db(), staffOf(scopeOf(request)).workspaceId, request.params.id);
    return { ...presentRun(run), errors: run.errors };
  });
}

async function tryToken(fetchToken: () => Promise<TokenAnswer>): Promise<TokenAnswer> {
  try {
    return await fetchToken();
  } catch (error) {
    if (error instanceof CrmError) throw new AppError("conflict", error.message);
    throw error;
  }
}

function presentConnection(
  provider: CrmProvider,
  row: q.CrmConnectionRow | undefined,
  lastRun: q.CrmSyncRunRow | undefined,
): Presented<typeof CrmConnection> {
  if (!row) return { connected: false as const, provider };
  return {
    connected: true as const,
    provider,
    authUrl: row.authUrl,
    apiUrl: row.apiUrl,
    mapping: row.mapping,
    accountWatermark: row.accountWatermark,
    contactWatermark: row.contactWatermark,
    lastRun: lastRun ? presentRun(lastRun) : null,
    updatedAt: row.updatedAt,
  };
}

function presentRun(run: q.CrmSyncRunRow): Presented<typeof CrmSyncRun> {
  return {
    id: run.id,
    provider: run.provider,
    trigger: run.trigger,
    status: run.status,
    created: run.created,
    updated: run.updated,
    unchanged: run.unchanged,
    failed: run.failed,
    error: run.error,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    createdAt: run.createdAt,
  };
}
