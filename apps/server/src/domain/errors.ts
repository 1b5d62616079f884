// Errors are values with stable codes; http/errors.ts maps them to statuses in one place.

export const ERROR_CODES = [
  "validation_failed",
  "unauthenticated",
  "forbidden",
  "not_found",
  "conflict",
  "csrf_failed",
  "rate_limited",
  "payload_too_large",
  "unsupported_media_type",
  "invalid_signature",
  "internal",
  "service_unavailable",
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details?: unknown;
  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = "AppError";
    this.code = code;
    this.details = details;
  }
}

export const notFound = (what: string) => new AppError("not_found", `${what} not found`);
export const forbidden = (why: string) => new AppError("forbidden", why);
export const invalid = (message: string, details?: unknown) => new AppError("validation_failed", message, details);
export const conflict = (message: string, details?: unknown) => new AppError("conflict", message, details);
