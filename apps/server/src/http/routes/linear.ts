// Linear: the signed webhook Linear calls (/hooks/linear), the connection and its teams under
// /api/v1/integrations/linear, and an issue's links under /api/v1/issues/:number/linear-links.
import {
  IssueNumberParams,
  items,
  LinearConnection,
  LinearConnectionInput,
  LinearConnectionTest,
  LinearLabel,
  LinearLabelsQuery,
  LinearLink,
  LinearLinkInput,
  LinearLinkParams,
  LinearSettingsInput,
  LinearTeam,
  Ok,
  type Presented,
  replies,
} from "@switchboard/api";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { runCommand } from "../../commands/context";
import * as cmd from "../../commands/linear";
import { publicUrlOf } from "../../config";
import { AppError, invalid, notFound } from "../../domain/errors";
import { assertCan } from "../../domain/permissions";
import {
  createLinearIssue,
  LinearComment,
  type LinearCredentials,
  LinearIssue,
  LinearWebhook,
  linearIssue,
  linearLabels,
  linearTeams,
  linearViewer,
  linkFacts,
} from "../../integrations/linear/client";
import { linearIssueKey } from "../../integrations/linear/identifier";
import { isFresh, verifyLinearSignature } from "../../integrations/linear/verify";
import { getIssue } from "../../queries/issues";
import * as q from "../../queries/linear";
import { firstCustomerMessage } from "../../queries/linear";
import { staffOf } from "../../queries/scope";
import type { Services } from "../../services";
import { principalOf, requirePrincipal, scopeOf } from "../auth";
import type { RouteDeps } from "../context";
import { ITEM_ERRORS, LIST_ERRORS, WRITE_ERRORS } from "../replies";
import type { ZodApp } from "./types";

// ---- webhook --------------------------------------------------------------------------

export function linearHookRoutes(services: Services) {
  return async function linearHooks(app: FastifyInstance) {
    app.removeAllContentTypeParsers();
    app.addContentTypeParser("application/json", { parseAs: "string" }, (_req, body, done) => done(null, body));
    const schema = { hide: true, response: replies({ 200: Ok }, 400, 401, 415) };

    app.post("/hooks/linear", { schema }, async (request) => {
      if (typeof request.body !== "string") throw new AppError("unsupported_media_type", "Send JSON.");
      const raw = request.body;
      const payload = LinearWebhook.safeParse(parseJson(raw));
      if (!payload.success) throw invalid("Not a Linear webhook payload.");
      const connection = await verifiedConnection(services, request, raw, payload.data.organizationId);
      if (!isFresh(payload.data.webhookTimestamp))
        throw new AppError("invalid_signature", "The webhook timestamp is outside the replay window.");
      if (payload.data.type === "Comment") {
        await syncComment(services, request, connection, payload.data);
        return { ok: true as const };
      }
      const issue = LinearIssue.safeParse(payload.data.data);
      // Issue state and comments matter to us; other entities (projects, cycles) are acknowledged.
      if (payload.data.type !== "Issue" || !issue.success) return { ok: true as const };
      const deliveryId = header(request, "linear-delivery") ?? `${issue.data.id}:${payload.data.webhookTimestamp}`;
      await runCommand(
        services,
        { workspaceId: connection.workspaceId, actor: { type: "system", name: "linear" } },
        (ctx) => cmd.applyLinearIssueUpdate(ctx, deliveryId, linkFacts(issue.data)),
      );
      return { ok: true as const };
    });
  };
}

/** A new comment on a Linear issue, when the workspace syncs comments: notes on linked issues. */
async function syncComment(
  services: Services,
  request: FastifyRequest,
  connection: q.LinearConnectionRow,
  payload: { action: string; data: unknown; webhookTimestamp?: number | undefined },
) {
  const comment = LinearComment.safeParse(payload.data);
  if (!connection.commentSync || payload.action !== "create" || !comment.success) return;
  const { id, body, issueId, user, botActor } = comment.data;
  const deliveryId = header(request, "linear-delivery") ?? `${id}:${payload.webhookTimestamp}`;
  await runCommand(
    services,
    { workspaceId: connection.workspaceId, actor: { type: "system", name: "linear" } },
    (ctx) =>
      cmd.applyLinearComment(ctx, deliveryId, {
        commentId: id,
        linearIssueId: issueId,
        body: body.slice(0, 20_000),
        authorName: user?.name ?? botActor?.name ?? "Linear",
      }),
  );
}

async function verifiedConnection(services: Services, request: FastifyRequest, raw: string, organizationId?: string) {
  const signature = header(request, "linear-signature");
  if (!signature) throw new AppError("invalid_signature", "The request is not signed (Linear-Signature).");
  const candidates = organizationId
    ? await q.linearConnectionsOfOrganization(services.database.db, organizationId)
    : [];
  const match = candidates.find(
    (c) => c.webhookSecretSealed && verifyLinearSignature(raw, signature, services.secrets.open(c.webhookSecretSealed)),
  );
  if (!match)
    throw new AppError("invalid_signature", "The Linear-Signature does not match a connected webhook's secret.");
  return match;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // Not JSON: the caller answers validation_failed.
    return undefined;
  }
}

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

// ---- API ------------------------------------------------------------------------------

export function linearRoutes(app: ZodApp, { services, command }: RouteDeps) {
  const db = () => services.database.db;
  const opts = { preHandler: requirePrincipal };
  const tags = ["linear"];

  const S = {
    getConnection: { tags, response: replies({ 200: LinearConnection }, ...LIST_ERRORS) },
    putConnection: { body: LinearConnectionInput, tags, response: replies({ 200: LinearConnection }, ...WRITE_ERRORS) },
    deleteConnection: { tags, response: replies({ 200: Ok }, ...WRITE_ERRORS) },
    patchConnection: { body: LinearSettingsInput, tags, response: replies({ 200: LinearConnection }, ...WRITE_ERRORS) },
    testConnection: { tags, response: replies({ 200: LinearConnectionTest }, ...WRITE_ERRORS) },
    getTeams: { tags, response: replies({ 200: items(LinearTeam) }, 400, 401, 403, 409) },
    getLabels: {
      querystring: LinearLabelsQuery,
      tags,
      response: replies({ 200: items(LinearLabel) }, 400, 401, 403, 409),
    },
    deleteLink: { params: LinearLinkParams, tags, response: replies({ 200: Ok }, ...WRITE_ERRORS) },
    getLinks: { params: IssueNumberParams, tags, response: replies({ 200: items(LinearLink) }, ...ITEM_ERRORS) },
    postLinks: {
      params: IssueNumberParams,
      body: LinearLinkInput,
      tags,
      response: replies({ 201: LinearLink }, ...WRITE_ERRORS),
    },
  };

  /** The customer's first message, quoted in a new Linear issue (at most 2,000 characters). */
  const customerWords = async (issueId: string) => {
    const [first] = await firstCustomerMessage(db(), issueId);
    return first?.bodyText.slice(0, 2000);
  };

  /** The workspace's Linear credentials, opened; conflict when Linear is not connected. */
  const credentialsOf = async (workspaceId: string): Promise<LinearCredentials> => {
    const connection = await q.linearConnectionOf(db(), workspaceId);
    if (!connection) throw new AppError("conflict", "Connect Linear first (Settings → Linear).");
    return { apiKey: services.secrets.open(connection.apiKeySealed), apiUrl: connection.apiUrl };
  };

  const present = (row: q.LinearConnectionRow | undefined) =>
    presentConnection(row, `${publicUrlOf(services.config)}/hooks/linear`);

  app.get("/integrations/linear", { ...opts, schema: S.getConnection }, async (request) =>
    present(await q.linearConnectionOf(db(), staffOf(scopeOf(request)).workspaceId)),
  );

  app.put("/integrations/linear", { ...opts, schema: S.putConnection }, async (request) => {
    assertCan(principalOf(request).role, "settings.write");
    const { apiKey, webhookSecret } = request.body;
    const apiUrl = request.body.apiUrl ?? services.config.LINEAR_API_URL ?? null;
    // The key is tried before it is stored: a wrong one is refused here, not at first use.
    const { organization } = await linearViewer({ apiKey, apiUrl });
    const row = await command(request, (ctx) =>
      cmd.saveLinearConnection(ctx, {
        apiKeySealed: services.secrets.seal(apiKey),
        webhookSecretSealed: webhookSecret ? services.secrets.seal(webhookSecret) : null,
        apiUrl,
        organizationId: organization.id,
        organizationName: organization.name,
      }),
    );
    return present(row);
  });

  app.patch("/integrations/linear", { ...opts, schema: S.patchConnection }, async (request) => {
    const row = await command(request, (ctx) => cmd.updateLinearSettings(ctx, request.body));
    return present(row);
  });

  app.post("/integrations/linear/test", { ...opts, schema: S.testConnection }, async (request) => {
    const { workspaceId, role } = staffOf(scopeOf(request));
    assertCan(role, "settings.write");
    const { viewer, organization } = await linearViewer(await credentialsOf(workspaceId));
    return { ok: true as const, organizationName: organization.name, viewerName: viewer.name };
  });

  app.delete("/integrations/linear", { ...opts, schema: S.deleteConnection }, async (request) => {
    await command(request, (ctx) => cmd.removeLinearConnection(ctx));
    return { ok: true as const };
  });

  app.get("/integrations/linear/teams", { ...opts, schema: S.getTeams }, async (request) => {
    const { workspaceId } = staffOf(scopeOf(request));
    // Not connected: no teams to choose from (the panel offers to connect).
    if (!(await q.linearConnectionOf(db(), workspaceId))) return { items: [] };
    return { items: await linearTeams(await credentialsOf(workspaceId)) };
  });

  app.get("/integrations/linear/labels", { ...opts, schema: S.getLabels }, async (request) => {
    const { workspaceId } = staffOf(scopeOf(request));
    const connection = await q.linearConnectionOf(db(), workspaceId);
    const teamId = request.query.teamId ?? connection?.defaultTeamId;
    if (!connection || !teamId) return { items: [] };
    return { items: await linearLabels(await credentialsOf(workspaceId), teamId) };
  });

  app.delete("/issues/:number/linear-links/:id", { ...opts, schema: S.deleteLink }, async (request) => {
    const { number, id } = request.params;
    await command(request, (ctx) => cmd.unlinkLinearIssue(ctx, number, id));
    return { ok: true as const };
  });

  app.get("/issues/:number/linear-links", { ...opts, schema: S.getLinks }, async (request) => {
    const scope = scopeOf(request);
    const { workspaceId } = staffOf(scope);
    const { issue } = await getIssue(db(), scope, request.params.number);
    return { items: (await q.listLinearLinks(db(), workspaceId, issue.id)).map(presentLink) };
  });

  app.post("/issues/:number/linear-links", { ...opts, schema: S.postLinks }, async (request, reply) => {
    const scope = scopeOf(request);
    const { workspaceId, role } = staffOf(scope);
    assertCan(role, "issue.write");
    const { issue } = await getIssue(db(), scope, request.params.number);
    const credentials = await credentialsOf(workspaceId);
    const body = request.body;
    let found: LinearIssue | undefined;
    if ("issue" in body) {
      const key = linearIssueKey(body.issue);
      if (!key) throw invalid("Give a Linear issue key such as ENG-123, or its URL.");
      found = await linearIssue(credentials, key);
      if (!found) throw notFound(`Linear issue ${key}`);
    } else {
      const link = `${publicUrlOf(services.config)}/issues/${issue.number}`;
      const words = await customerWords(issue.id);
      found = await createLinearIssue(credentials, {
        teamId: body.teamId,
        title: body.title ?? issue.title,
        ...(body.labelIds?.length && { labelIds: body.labelIds }),
        description: [
          body.description,
          words && `The customer wrote:\n\n> ${words.replace(/\n/g, "\n> ")}`,
          `From Switchboard: [#${issue.number} ${issue.title}](${link})`,
        ]
          .filter(Boolean)
          .join("\n\n"),
      });
    }
    const facts = linkFacts(found);
    const row = await command(request, (ctx) => cmd.linkLinearIssue(ctx, issue.number, facts));
    reply.status(201);
    return presentLink(row);
  });
}

function presentConnection(
  row: q.LinearConnectionRow | undefined,
  webhookUrl: string,
): Presented<typeof LinearConnection> {
  if (!row) return { connected: false as const };
  return {
    connected: true as const,
    organizationName: row.organizationName,
    apiUrl: row.apiUrl,
    webhookConfigured: row.webhookSecretSealed !== null,
    webhookUrl,
    defaultTeamId: row.defaultTeamId,
    commentSync: row.commentSync,
    updatedAt: row.updatedAt,
  };
}

function presentLink(row: q.LinearLinkRow): Presented<typeof LinearLink> {
  return {
    id: row.id,
    linearIssueId: row.linearIssueId,
    identifier: row.identifier,
    url: row.url,
    title: row.title,
    stateName: row.stateName,
    stateType: row.stateType,
    createdAt: row.createdAt,
  };
}
