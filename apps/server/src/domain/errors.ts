// Errors are values with stable codes (the API vocabulary lists them); http/errors.ts maps them to
// statuses in one place.
import { errorCodes } from "@switchboard/api/vocabulary";

export const ERROR_CODES = errorCodes;
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
