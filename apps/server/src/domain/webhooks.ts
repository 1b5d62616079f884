// Outbound webhook rules: how a delivery is signed, how long a failed one waits, when a webhook
// that keeps failing is switched off. Pure, so the numbers are tested without a receiver.
import { createHmac, timingSafeEqual } from "node:crypto";

export const SIGNATURE_HEADER = "x-switchboard-signature";
export const TIMESTAMP_HEADER = "x-switchboard-timestamp";
export const DELIVERY_HEADER = "x-switchboard-delivery";
export const EVENT_HEADER = "x-switchboard-event";

/** `v1=` + hex HMAC-SHA256(secret, timestamp + "." + body); the timestamp is Unix seconds. */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `v1=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;
}

/** What a receiver does (README): recompute, compare in constant time, refuse old timestamps. */
export function verifyWebhook(
  secret: string,
  headers: { signature: string; timestamp: string },
  body: string,
  nowSeconds: number,
  toleranceSeconds = 300,
): boolean {
  const timestamp = Number(headers.timestamp);
  if (!Number.isInteger(timestamp) || Math.abs(nowSeconds - timestamp) > toleranceSeconds) return false;
  const expected = Buffer.from(signWebhook(secret, timestamp, body));
  const given = Buffer.from(headers.signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** Exponential backoff: base, 2×base, 4×base … seconds after the 1st, 2nd, 3rd failed attempt, at most an hour. */
export function retryDelaySeconds(failedAttempts: number, baseSeconds: number): number {
  const exponent = Math.max(0, failedAttempts - 1);
  return Math.min(3600, baseSeconds * 2 ** Math.min(exponent, 20));
}

export type AttemptOutcome = { ok: true; status: number } | { ok: false; status: number | null; error: string };

/** The next state of a delivery after an attempt. */
export function afterAttempt(
  attempts: number,
  outcome: AttemptOutcome,
  limits: { maxAttempts: number; retryBaseSeconds: number },
): { status: "delivered" } | { status: "failed" } | { status: "pending"; retryInSeconds: number } {
  if (outcome.ok) return { status: "delivered" };
  if (attempts >= limits.maxAttempts) return { status: "failed" };
  return { status: "pending", retryInSeconds: retryDelaySeconds(attempts, limits.retryBaseSeconds) };
}

/** A 2xx answer is a delivery; redirects are not followed (a redirect could point inside the network). */
export const isSuccess = (status: number) => status >= 200 && status < 300;
