// `Idempotency-Key` on every authenticated write under /api/v1. A retry with the key of a write
// whose answer was lost (a timeout, a server killed mid-request) gets the first answer again
// instead of a second write. The key commits with the write's first command (`command` in
// context.ts calls `recordIdempotencyKey` inside its transaction), so after a crash the key exists
// exactly when the write does; the answer is stored as it is sent.
import { createHash } from "node:crypto";
import { ErrorBody, IdempotencyHeaders } from "@switchboard/api";
import type {
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  FastifySchema,
  onSendHookHandler,
  preHandlerHookHandler,
  RouteOptions,
} from "fastify";
import { runCommand } from "../commands/context";
import {
  callerOf,
  IDEMPOTENCY_TTL_MS,
  type IdempotentRequest,
  inProgress,
  keyReused,
  sameRequest,
  storeIdempotentResponse,
} from "../commands/idempotency";
import { AppError } from "../domain/errors";
import { findIdempotencyKey, type StoredIdempotencyKey } from "../queries/idempotency";
import type { Services } from "../services";
import { actorOf, principalOf, requirePrincipal } from "./auth";

/** A key on its way: recorded by the request's first command, then answered once. */
export interface IdempotencyClaim extends IdempotentRequest {
  workspaceId: string;
  recorded: boolean;
}

declare module "fastify" {
  interface FastifyRequest {
    idempotency?: IdempotencyClaim;
  }
}

const WRITE_METHODS = ["POST", "PUT", "PATCH", "DELETE"];
const REPLAYED_HEADER = "idempotent-replayed";
/**
 * A key row is visible only once its command committed, so a row without an answer is a request
 * past its commit: presenting its answer (milliseconds) or running a later command of the same
 * route, or one whose server died. After this long without an answer we call it lost.
 */
const ANSWER_LOST_AFTER_MS = 10_000;

/** Call before the API's routes are added: every authenticated write takes the header. */
export function registerIdempotency(api: FastifyInstance, services: Services): void {
  api.decorateRequest("idempotency", undefined);
  api.addHook("onRoute", (route) => {
    if (!takesIdempotencyKey(route)) return;
    route.schema = withKeyHeader(route.schema);
    route.preHandler = [...hooksOf(route.preHandler), replayOrClaim(services)];
    route.onSend = [...hooksOf(route.onSend), storeAnswer(services)];
  });
}

/** Unauthenticated writes (login, webhooks) are idempotent by their own ids; reads need no key. */
function takesIdempotencyKey(route: RouteOptions): boolean {
  const methods = [route.method].flat();
  return methods.some((m) => WRITE_METHODS.includes(m)) && hooksOf(route.preHandler).includes(requirePrincipal);
}

function hooksOf<H>(hooks: H | H[] | undefined): H[] {
  return hooks === undefined ? [] : ([hooks].flat() as H[]);
}

/** The header is validated with the route's input (400 `validation_failed`) and documented in OpenAPI. */
function withKeyHeader(schema: FastifySchema | undefined): FastifySchema {
  const response = schema?.response as Record<number, unknown> | undefined;
  return {
    ...schema,
    headers: IdempotencyHeaders,
    ...(response && { response: { 409: ErrorBody, 422: ErrorBody, ...response } }),
  };
}

/** Answers a retry from its key; otherwise leaves the key for the route's first command. */
function replayOrClaim(services: Services): preHandlerHookHandler {
  return async function replayOrClaim(request: FastifyRequest, reply: FastifyReply) {
    const key = request.headers["idempotency-key"];
    if (typeof key !== "string") return;
    const claim = claimOf(request, key);
    const now = services.now?.() ?? new Date();
    const since = new Date(now.getTime() - IDEMPOTENCY_TTL_MS);
    const stored = await findIdempotencyKey(services.database.db, claim.workspaceId, claim.caller, key, since);
    if (!stored) {
      request.idempotency = claim;
      return;
    }
    if (!sameRequest(stored, claim)) throw keyReused();
    if (stored.responseStatus === null) {
      throw now.getTime() - stored.createdAt.getTime() < ANSWER_LOST_AFTER_MS ? inProgress() : answerLost(stored);
    }
    return reply
      .status(stored.responseStatus)
      .header(REPLAYED_HEADER, "true")
      .type(stored.responseType ?? "application/json")
      .send(stored.responseBody ?? "");
  };
}

function claimOf(request: FastifyRequest, key: string): IdempotencyClaim {
  const principal = principalOf(request);
  return {
    workspaceId: principal.workspaceId,
    caller: callerOf(actorOf(principal)),
    key,
    method: request.method,
    path: request.url,
    // The parsed body: the same bytes parse to the same value, key order included.
    bodyHash: createHash("sha256")
      .update(JSON.stringify(request.body ?? null))
      .digest("base64url"),
    recorded: false,
  };
}

/**
 * The honest answer when the write committed but its server died before storing the answer: it is
 * not applied again, and the client is told to read the result (no stored body to replay).
 */
function answerLost(stored: StoredIdempotencyKey): AppError {
  return new AppError(
    "idempotency_response_lost",
    "The request with this Idempotency-Key was applied, but the server stopped before its answer was recorded. " +
      "It will not be applied again; read the resource to see the result.",
    { method: stored.method, path: stored.path, firstSeenAt: stored.createdAt.toISOString() },
  );
}

/** Stores the first answer of a recorded key before it leaves, so a retry after it can replay it. */
function storeAnswer(services: Services): onSendHookHandler {
  return async function storeAnswer(request, reply, payload) {
    const claim = request.idempotency;
    if (!claim?.recorded) return payload;
    request.idempotency = undefined;
    const type = reply.getHeader("content-type");
    const answer = {
      status: reply.statusCode,
      body: typeof payload === "string" ? payload : null,
      type: typeof type === "string" ? type : null,
    };
    const actor = actorOf(principalOf(request));
    // A failure here leaves the key without an answer: retries then hear `idempotency_response_lost`.
    await runCommand(services, { workspaceId: claim.workspaceId, actor }, (ctx) =>
      storeIdempotentResponse(ctx, claim, answer),
    ).catch((error: unknown) => request.log.warn({ err: error }, "idempotent answer not stored"));
    return payload;
  };
}
