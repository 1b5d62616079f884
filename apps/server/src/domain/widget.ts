// Pure rules of the chat widget: the identity hash a customer's host app computes, and the
// issue's state in the customer's words.
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import type { IssueState } from "./lifecycle";

/** The host app's proof that it vouches for this email: hex HMAC-SHA256(email, widget secret). */
export function userHash(email: string, secret: string): string {
  return createHmac("sha256", secret).update(email.trim().toLowerCase()).digest("hex");
}

/** Constant-time comparison, so a forger learns nothing from how long the refusal took. */
export function verifyUserHash(email: string, hash: string, secret: string): boolean {
  const expected = Buffer.from(userHash(email, secret), "hex");
  const given = Buffer.from(hash.trim().toLowerCase(), "hex");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Bearer tokens are stored as their SHA-256 only. */
export const tokenHash = (token: string): string => createHash("sha256").update(token).digest("hex");

export type CustomerState = "open" | "waiting_on_you" | "resolved";

export function customerState(state: IssueState): CustomerState {
  if (state === "closed") return "resolved";
  if (state === "on_customer") return "waiting_on_you";
  return "open";
}

/** A customer may correct their own widget message for this long after sending it. */
export const WIDGET_EDIT_MINUTES = 15;

/** Until when a message written at `createdAt` may still be edited by its customer. */
export const editableUntil = (createdAt: Date): Date => new Date(createdAt.getTime() + WIDGET_EDIT_MINUTES * 60_000);

/** Files a customer may attach in the widget (of the kinds in domain/files.ts): at most this many per message, each at most this big. */
export const WIDGET_MAX_FILES = 3;
export const WIDGET_MAX_FILE_BYTES = 5 * 1024 * 1024;
