// Linear's signed webhook (/hooks/linear): issue state changes move linked customer issues, and
// new comments become internal notes on them when comment sync is on. Each delivery counts once.
import { Ok, replies } from "@switchboard/api";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { runCommand } from "../../commands/context";
import * as cmd from "../../commands/linear";
import { AppError, invalid } from "../../domain/errors";
import { LinearComment, LinearIssue, LinearWebhook, linkFacts } from "../../integrations/linear/client";
import { isFresh, verifyLinearSignature } from "../../integrations/linear/verify";
import * as q from "../../queries/linear";
import type { Services } from "../../services";

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
