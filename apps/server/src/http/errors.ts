// One error shape for every response: { error: { code, message, details? } }, codes stable.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { hasZodFastifySchemaValidationErrors } from "fastify-type-provider-zod";
import { isDatabaseUnavailable, isUniqueViolation } from "../db/errors";
import { AppError, type ErrorCode } from "../domain/errors";

const STATUS: Record<ErrorCode, number> = {
  validation_failed: 400,
  unauthenticated: 401,
  invalid_signature: 401,
  forbidden: 403,
  csrf_failed: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  uri_too_long: 414,
  internal: 500,
  service_unavailable: 503,
  form_incomplete: 422,
  password_login_disabled: 403,
  sso_not_verified: 409,
  idempotency_key_reused: 422,
  idempotency_request_in_progress: 409,
  idempotency_response_lost: 409,
};

/** Seconds a client is asked to wait (Retry-After) while the database is away. */
export const UNAVAILABLE_RETRY_AFTER_SECONDS = 5;

export function errorBody(code: ErrorCode, message: string, details?: unknown) {
  return { error: details === undefined ? { code, message } : { code, message, details } };
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof AppError) {
      const retry = (error.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
      if (typeof retry === "number") reply.header("retry-after", String(retry));
      return reply.status(STATUS[error.code]).send(errorBody(error.code, error.message, error.details));
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const issues = error.validation.map((v) => ({
        path: `${error.validationContext ?? "body"}${v.instancePath.replaceAll("/", ".")}`,
        message: v.message,
      }));
      return reply.status(400).send(errorBody("validation_failed", "The request is not valid.", { issues }));
    }
    if (isDatabaseUnavailable(error)) {
      request.log.warn({ err: error }, "database unavailable");
      return reply
        .status(503)
        .header("retry-after", String(UNAVAILABLE_RETRY_AFTER_SECONDS))
        .send(errorBody("service_unavailable", "The service is briefly unavailable (database). Retry shortly."));
    }
    // A taken name or key, wherever a command wrote it: the one place unique violations become 409.
    if (isUniqueViolation(error)) {
      return reply.status(409).send(errorBody("conflict", "That name or key is already in use.", constraintOf(error)));
    }
    const mapped = fastifyErrorCode(error);
    if (mapped) return reply.status(STATUS[mapped]).send(errorBody(mapped, messageOf(error)));
    request.log.error({ err: error }, "unhandled error");
    return reply.status(500).send(errorBody("internal", "Something went wrong on our side. It has been logged."));
  });
}

/**
 * Errors the router raises before any route runs (Fastify's `frameworkErrors`): broken
 * percent-encoding and over-long path parameters, in the one error shape.
 */
export function frameworkError(error: FastifyError, _request: FastifyRequest, reply: FastifyReply) {
  if (error.code === "FST_ERR_MAX_PARAM_LENGTH") {
    return reply.status(414).send(errorBody("uri_too_long", "A path parameter is too long (100 characters at most)."));
  }
  if (error.code === "FST_ERR_BAD_URL") {
    return reply.status(400).send(errorBody("validation_failed", "The URL is not valid (broken percent-encoding)."));
  }
  return reply.status(500).send(errorBody("internal", "Something went wrong on our side. It has been logged."));
}

/** The constraint a unique violation names, for the error's details (PostgreSQL and PGlite both say it). */
function constraintOf(error: unknown): { constraint: string } | undefined {
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    const constraint = (e as Error & { constraint?: unknown }).constraint;
    if (typeof constraint === "string") return { constraint };
  }
  return undefined;
}

export function noRoute(method: string, url: string) {
  return errorBody("not_found", `No route for ${method} ${url.split("?")[0]}`);
}

/** Plugins may throw plain objects: the rate limiter throws the body its builder made (http/app.ts). */
function messageOf(error: FastifyError): string {
  if (typeof error.message === "string" && error.message) return error.message;
  const built = (error as { error?: { message?: unknown } }).error?.message;
  return typeof built === "string" ? built : "The request was refused.";
}

/** Fastify's own errors (bad JSON, too large, wrong content type, rate limit). */
function fastifyErrorCode(error: FastifyError): ErrorCode | undefined {
  if (error.statusCode === 429) return "rate_limited";
  if (error.statusCode === 414) return "uri_too_long";
  if (error.code === "FST_ERR_CTP_BODY_TOO_LARGE") return "payload_too_large";
  if (error.code === "FST_ERR_CTP_INVALID_MEDIA_TYPE") return "unsupported_media_type";
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) return "validation_failed";
  return undefined;
}
