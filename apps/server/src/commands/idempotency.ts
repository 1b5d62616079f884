// Idempotency keys of API writes (http/idempotency.ts holds the request side). The key is recorded
// by the write's first command, in its transaction: after a crash the key exists exactly when the
// write committed, so a retry can never apply it twice. The answer is stored once it is sent.
import { and, eq, isNull, lt } from "drizzle-orm";
import { idempotencyKeys } from "../db/schema";
import { AppError } from "../domain/errors";
import type { Actor } from "./actors";
import { type CommandContext, nowOf } from "./context";

/** How long a key is remembered (Stripe's figure); older rows are swept and the key is free again. */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;

/** One use of a key: who sent it and the request it names. */
export interface IdempotentRequest {
  caller: string;
  key: string;
  method: string;
  path: string;
  bodyHash: string;
}

/** Keys belong to the caller: a person's session and each of their API tokens keep their own. */
export function callerOf(actor: Actor): string {
  if (actor.type !== "user") throw new Error("idempotency keys belong to signed-in callers");
  return actor.tokenId ? `token:${actor.tokenId}` : `user:${actor.userId}`;
}

/**
 * Records the key in the command's transaction. A live row of another transaction makes this
 * insert wait for it: once that one committed, this request is refused and rolls back whole
 * (it applied nothing); if it rolled back, this one takes the key. An expired row is taken over.
 */
export async function recordIdempotencyKey(ctx: CommandContext, request: IdempotentRequest): Promise<void> {
  const now = nowOf(ctx);
  const row = { workspaceId: ctx.workspaceId, ...request, createdAt: now };
  const taken = await ctx.tx
    .insert(idempotencyKeys)
    .values(row)
    .onConflictDoUpdate({
      target: [idempotencyKeys.workspaceId, idempotencyKeys.caller, idempotencyKeys.key],
      set: { ...row, responseStatus: null, responseBody: null, responseType: null },
      setWhere: lt(idempotencyKeys.createdAt, new Date(now.getTime() - IDEMPOTENCY_TTL_MS)),
    })
    .returning({ key: idempotencyKeys.key });
  if (taken.length > 0) return;
  const [other] = await ctx.tx.select().from(idempotencyKeys).where(keyIs(ctx.workspaceId, request));
  throw other && !sameRequest(other, request) ? keyReused() : inProgress();
}

/** The answer the first request sent, kept for its retries (only the first answer is kept). */
export async function storeIdempotentResponse(
  ctx: CommandContext,
  request: IdempotentRequest,
  response: { status: number; body: string | null; type: string | null },
): Promise<void> {
  await ctx.tx
    .update(idempotencyKeys)
    .set({ responseStatus: response.status, responseBody: response.body, responseType: response.type })
    .where(and(keyIs(ctx.workspaceId, request), isNull(idempotencyKeys.responseStatus)));
}

/** Deletes the workspace's keys recorded before `before` (the nightly sweep); returns how many. */
export async function sweepIdempotencyKeys(ctx: CommandContext, before: Date): Promise<number> {
  if (ctx.actor.type !== "system") throw new Error("only the sweep job deletes idempotency keys");
  const deleted = await ctx.tx
    .delete(idempotencyKeys)
    .where(and(eq(idempotencyKeys.workspaceId, ctx.workspaceId), lt(idempotencyKeys.createdAt, before)))
    .returning({ key: idempotencyKeys.key });
  return deleted.length;
}

/** Same method, path and body: a retry, not a new request under an old key. */
export function sameRequest(
  stored: Pick<IdempotentRequest, "method" | "path" | "bodyHash">,
  request: IdempotentRequest,
): boolean {
  return stored.method === request.method && stored.path === request.path && stored.bodyHash === request.bodyHash;
}

export const keyReused = () =>
  new AppError(
    "idempotency_key_reused",
    "This Idempotency-Key was used for a different request (method, path or body); send a new key for a new request.",
  );

/** Seconds a client is asked to wait while the first request with its key runs. */
const IN_PROGRESS_RETRY_SECONDS = 1;

export const inProgress = () =>
  new AppError(
    "idempotency_request_in_progress",
    "A request with this Idempotency-Key is still running; retry shortly to receive its answer.",
    { retryAfterSeconds: IN_PROGRESS_RETRY_SECONDS },
  );

function keyIs(workspaceId: string, request: IdempotentRequest) {
  return and(
    eq(idempotencyKeys.workspaceId, workspaceId),
    eq(idempotencyKeys.caller, request.caller),
    eq(idempotencyKeys.key, request.key),
  );
}
