// Slack: the signed webhooks Slack calls (/hooks/slack/events, /hooks/slack/interactivity, alias
// /hooks/slack/interactions) and
// the admin settings under /api/v1/slack (connection, channel list, channel → account mapping).
import {
  IdParams,
  items,
  Ok,
  type Presented,
  replies,
  SlackChannel,
  SlackChannelListQuery,
  SlackChannelMapping,
  SlackConnected,
  SlackConnection,
  SlackConnectionInput,
  SlackConnectionTest,
  SlackEventsReply,
  SlackManifest,
  SlackSettingsInput,
  SlackSync,
  UpdateSlackChannelInput,
} from "@switchboard/api";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import type { SlackConnection as OpenedConnection } from "../../channels/slack/client";
import { identifyBot, testSlackConnection, unverifiedReason } from "../../channels/slack/connect";
import { answerCsatInteraction, isCsatInteraction } from "../../channels/slack/csat";
import { acceptIntoSlackInbox } from "../../channels/slack/inbox";
import { slackManifest } from "../../channels/slack/manifest";
import { orderingKey, SlackEnvelope } from "../../channels/slack/normalise";
import { loadSlackConnection, openSlackConnection, sealSlackSecrets } from "../../channels/slack/secrets";
import { suggestAccount } from "../../channels/slack/suggest";
import { syncSlackChannels } from "../../channels/slack/sync";
import { checkTimestamp, verifySlackSignature } from "../../channels/slack/verify";
import { runCommand } from "../../commands/context";
import * as cmd from "../../commands/slack";
import { AppError, invalid } from "../../domain/errors";
import { assertCan } from "../../domain/permissions";
import * as q from "../../queries/slack";
import type { Services } from "../../services";
import { principalOf, requirePrincipal } from "../auth";
import type { RouteDeps } from "../context";
import { LIST_ERRORS, WRITE_ERRORS } from "../replies";
import type { ZodApp } from "./types";

// ---- webhooks -------------------------------------------------------------------------

/**
 * Slack expects an answer within 3 s: verify, record the delivery id and enqueue — nothing more.
 * Its own plugin so the raw body (which the signature covers) is kept as a string.
 */
export function slackHookRoutes(services: Services) {
  return async function slackHooks(app: FastifyInstance) {
    app.removeAllContentTypeParsers();
    for (const type of ["application/json", "application/x-www-form-urlencoded"]) {
      app.addContentTypeParser(type, { parseAs: "string" }, (_req, body, done) => done(null, body));
    }

    /** Input and response schemas of the one-line routes below; the longer routes carry theirs inline. */
    const S = {
      postHooksSlackEvents: { hide: true, response: replies({ 200: SlackEventsReply }, 400, 401, 415) },
      postHooksSlackInteractivity: { hide: true, response: replies({ 200: z.undefined() }, 400, 401, 415) },
      postHooksSlackInteractions: { hide: true, response: replies({ 200: z.undefined() }, 400, 401, 415) },
    };

    app.post("/hooks/slack/events", { schema: S.postHooksSlackEvents }, async (request) => {
      const raw = rawBody(request);
      const envelope = SlackEnvelope.safeParse(parseJson(raw));
      if (!envelope.success) throw invalid("Not a Slack Events API payload.");
      const e = envelope.data;
      const connection = await verifiedConnection(services, request, raw, {
        teamId: e.team_id,
        appId: e.api_app_id,
        anyConnection: e.type === "url_verification",
      });
      if (e.type === "url_verification") return { challenge: e.challenge ?? "" };
      if (e.type !== "event_callback" || !e.event_id || !e.event) return { ok: true };
      const eventId = e.event_id;
      await acceptIntoSlackInbox(services, connection.workspaceId, {
        eventId,
        type: e.event?.type ?? "unknown",
        threadKey: orderingKey(e),
        payload: e,
      });
      return { ok: true };
    });

    // Interactions arrive form-encoded: payload=<json>. Slack has one Request URL per app for all
    // of them (message shortcuts, CSAT buttons, the comment modal); /hooks/slack/interactions is
    // the same endpoint under the name the CSAT survey documents.
    const interactions = async (request: FastifyRequest, reply: FastifyReply) => {
      const raw = rawBody(request);
      const payload = parseJson(new URLSearchParams(raw).get("payload") ?? "") as Record<string, unknown> | undefined;
      if (!payload || typeof payload.type !== "string") throw invalid("Not a Slack interactivity payload.");
      const team = payload.team as { id?: string } | undefined;
      const connection = await verifiedConnection(services, request, raw, {
        teamId: team?.id,
        appId: typeof payload.api_app_id === "string" ? payload.api_app_id : undefined,
        anyConnection: false,
      });
      if (payload.type === "message_action" && typeof payload.trigger_id === "string") {
        const eventId = `shortcut:${payload.trigger_id}`;
        const threadKey = orderingKey(payload);
        await acceptIntoSlackInbox(services, connection.workspaceId, {
          eventId,
          type: "message_action",
          threadKey,
          payload,
        });
      } else if (isCsatInteraction(payload)) {
        // Answered while Slack waits: the comment modal needs the click's trigger_id within 3 s.
        await answerCsatInteraction(services, connection, payload);
      }
      return reply.status(200).send();
    };
    app.post("/hooks/slack/interactivity", { schema: S.postHooksSlackInteractivity }, interactions);
    app.post("/hooks/slack/interactions", { schema: S.postHooksSlackInteractions }, interactions);
  };
}

const slackScope = (workspaceId: string) => ({ workspaceId, actor: { type: "system" as const, name: "slack" } });

function rawBody(request: FastifyRequest): string {
  if (typeof request.body !== "string") throw new AppError("unsupported_media_type", "Send JSON or form data.");
  return request.body;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // Not JSON: the caller answers validation_failed.
    return undefined;
  }
}

/** The stored connection whose signing secret signed this request; 401 otherwise. */
async function verifiedConnection(
  services: Services,
  request: FastifyRequest,
  raw: string,
  ids: { teamId?: string; appId?: string; anyConnection: boolean },
) {
  const signed = {
    rawBody: raw,
    timestamp: header(request, "x-slack-request-timestamp"),
    signature: header(request, "x-slack-signature"),
  };
  const window = checkTimestamp(signed);
  if (!window.ok) {
    throw new AppError(
      "invalid_signature",
      window.reason === "stale"
        ? "The request timestamp is outside the 5-minute window."
        : "The request is not signed.",
    );
  }
  const db = services.database.db;
  const rows = ids.anyConnection ? await q.allSlackConnections(db) : await q.slackConnectionCandidates(db, ids);
  const candidates = rows.flatMap((row) => {
    try {
      return [openSlackConnection(services.secrets, row)];
    } catch (error) {
      // Sealed under another SECRET_KEY: this connection cannot verify anything until reconnected.
      console.warn(`[slack] connection of workspace ${row.workspaceId} unreadable: ${(error as Error).message}`);
      return [];
    }
  });
  const match = candidates.find((c) => verifySlackSignature(c.signingSecret, signed).ok);
  // A url_verification names no team: a failure is only attributable when one connection exists.
  const named = ids.anyConnection ? (candidates.length === 1 ? candidates : []) : candidates;
  await noteSignature(services, match ? [match] : named, Boolean(match));
  if (!match) {
    const all = ids.anyConnection ? candidates.length : (await q.allSlackConnections(db)).length;
    throw new AppError("invalid_signature", unverifiedReason(services.config, signed, all));
  }
  return match;
}

const SIGNATURE_NOTE_MS = 60_000;

/** Remembers for the connection panel that a secret verified (or did not); once a minute at most. */
async function noteSignature(
  services: Services,
  connections: Pick<OpenedConnection, "id" | "workspaceId" | "signatureVerifiedAt" | "signatureFailedAt">[],
  verified: boolean,
) {
  const now = Date.now();
  for (const c of connections) {
    const last = verified ? c.signatureVerifiedAt : c.signatureFailedAt;
    if (last && now - last.getTime() < SIGNATURE_NOTE_MS) continue;
    await runCommand(services, slackScope(c.workspaceId), (ctx) => cmd.recordSlackSignature(ctx, c.id, verified));
  }
}

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

// ---- settings API ---------------------------------------------------------------------

export function slackRoutes(app: ZodApp, { services, command }: RouteDeps) {
  const db = () => services.database.db;
  const opts = { preHandler: requirePrincipal };
  const tags = ["slack"];

  /** Input and response schemas of the one-line routes below; the longer routes carry theirs inline. */
  const S = {
    getSlackConnection: { tags, response: replies({ 200: SlackConnection }, ...LIST_ERRORS) },
    putSlackConnection: {
      body: SlackConnectionInput,
      tags,
      response: replies({ 200: SlackConnected }, ...WRITE_ERRORS),
    },
    patchSlackConnection: {
      body: SlackSettingsInput,
      tags,
      response: replies({ 200: SlackConnection }, ...WRITE_ERRORS),
    },
    deleteSlackConnection: { tags, response: replies({ 200: Ok }, ...WRITE_ERRORS) },
    postSlackConnectionTest: { tags, response: replies({ 200: SlackConnectionTest }, ...WRITE_ERRORS) },
    getSlackManifest: { tags, response: replies({ 200: SlackManifest }, ...WRITE_ERRORS) },
    postSlackChannelsSync: { tags, response: replies({ 200: SlackSync }, ...WRITE_ERRORS) },
    getSlackChannels: {
      querystring: SlackChannelListQuery,
      tags,
      response: replies({ 200: items(SlackChannel) }, ...LIST_ERRORS),
    },
  };

  app.get("/slack/connection", { ...opts, schema: S.getSlackConnection }, async (request) =>
    presentConnection(await q.slackConnectionOf(db(), principalOf(request).workspaceId)),
  );

  app.put("/slack/connection", { ...opts, schema: S.putSlackConnection }, async (request) => {
    const p = principalOf(request);
    assertCan(p.role, "settings.write");
    // SLACK_API_URL (a stand-in, a proxy) applies to connections made in the app too.
    const input = { ...request.body, apiUrl: request.body.apiUrl ?? services.config.SLACK_API_URL ?? null };
    const identity = await identifyBot(p.workspaceId, input);
    const { botToken, signingSecret, ...rest } = input;
    const existing = await q.slackConnectionOf(db(), p.workspaceId);
    const sealed = sealSlackSecrets(services.secrets, { botToken, signingSecret }, existing);
    const row = await command(request, (ctx) => cmd.saveSlackConnection(ctx, { ...rest, ...sealed, ...identity }));
    const channels = await syncSlackChannels(services, openSlackConnection(services.secrets, row));
    return { ...presentConnection(row), channels };
  });

  app.patch("/slack/connection", { ...opts, schema: S.patchSlackConnection }, async (request) =>
    presentConnection(await command(request, (ctx) => cmd.updateSlackSettings(ctx, request.body))),
  );

  app.delete("/slack/connection", { ...opts, schema: S.deleteSlackConnection }, async (request) => {
    await command(request, (ctx) => cmd.removeSlackConnection(ctx));
    return { ok: true };
  });

  app.post("/slack/connection/test", { ...opts, schema: S.postSlackConnectionTest }, async (request) => {
    const p = principalOf(request);
    assertCan(p.role, "settings.write");
    const connection = await loadSlackConnection(services, p.workspaceId);
    if (!connection) throw new AppError("conflict", "Connect Slack first.");
    return testSlackConnection(connection, services.config.PUBLIC_URL);
  });

  // A download: the browser saves it as a file to paste (or upload) at api.slack.com/apps.
  app.get("/slack/manifest", { ...opts, schema: S.getSlackManifest }, async (request, reply) => {
    assertCan(principalOf(request).role, "settings.write");
    // Without PUBLIC_URL, the address this browser used (the panel warns when that is not https).
    const publicUrl = services.config.PUBLIC_URL ?? `${request.protocol}://${request.host}`;
    reply.header("content-disposition", 'attachment; filename="switchboard-slack-manifest.json"');
    return slackManifest(publicUrl);
  });

  app.post("/slack/channels/sync", { ...opts, schema: S.postSlackChannelsSync }, async (request) => {
    const p = principalOf(request);
    assertCan(p.role, "settings.write");
    const connection = await loadSlackConnection(services, p.workspaceId);
    if (!connection) throw new AppError("conflict", "Connect Slack first.");
    return { channels: await syncSlackChannels(services, connection) };
  });

  app.get("/slack/channels", { ...opts, schema: S.getSlackChannels }, async (request) => {
    const p = principalOf(request);
    const [rows, accounts, ownName] = await Promise.all([
      q.listSlackChannels(db(), p.workspaceId, request.query),
      q.accountCandidates(db(), p.workspaceId),
      q.workspaceName(db(), p.workspaceId),
    ]);
    return {
      items: rows.map(({ channel, account }) => ({
        id: channel.id,
        slackChannelId: channel.slackChannelId,
        name: channel.name,
        isPrivate: channel.isPrivate,
        isExtShared: channel.isExtShared,
        isMember: channel.isMember,
        mapped: channel.accountId !== null,
        account: channel.accountId ? account : null,
        mode: channel.mode,
        connectedTeams: channel.connectedTeams,
        suggestion: channel.accountId ? null : suggestAccount(channel, accounts, [ownName]),
      })),
    };
  });

  app.patch(
    "/slack/channels/:id",
    {
      ...opts,
      schema: {
        params: IdParams,
        body: UpdateSlackChannelInput,
        tags,
        response: replies({ 200: SlackChannelMapping }, ...WRITE_ERRORS),
      },
    },
    async (request) => {
      const row = await command(request, (ctx) => cmd.mapSlackChannel(ctx, request.params.id, request.body));
      return {
        id: row.id,
        slackChannelId: row.slackChannelId,
        name: row.name,
        accountId: row.accountId,
        mode: row.mode,
      };
    },
  );
}

/** A stored connection is always `connected: true`; none at all is `connected: false`. */
function presentConnection(c: q.SlackConnectionRow): Presented<typeof SlackConnection> & { connected: true };
function presentConnection(c: q.SlackConnectionRow | undefined): Presented<typeof SlackConnection>;
function presentConnection(c: q.SlackConnectionRow | undefined): Presented<typeof SlackConnection> {
  if (!c) return { connected: false as const };
  return {
    connected: true as const,
    teamId: c.teamId,
    appId: c.appId,
    botUserId: c.botUserId,
    apiUrl: c.apiUrl,
    issueEmoji: c.issueEmoji,
    updatedAt: c.updatedAt,
  };
}
