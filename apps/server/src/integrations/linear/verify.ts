// Linear webhooks: `Linear-Signature` is the hex HMAC-SHA256 of the raw body with the webhook's
// signing secret; the body's `webhookTimestamp` (ms) must be recent, so a captured delivery
// cannot be replayed later.
import { createHmac, timingSafeEqual } from "node:crypto";

export const REPLAY_WINDOW_MS = 60_000;

export function signLinearBody(rawBody: string, secret: string): string {
  return createHmac("sha256", secret).update(rawBody).digest("hex");
}

export function verifyLinearSignature(rawBody: string, signature: string | undefined, secret: string): boolean {
  if (!signature || !/^[0-9a-f]{64}$/i.test(signature)) return false;
  const expected = Buffer.from(signLinearBody(rawBody, secret), "hex");
  return timingSafeEqual(expected, Buffer.from(signature, "hex"));
}

export function isFresh(webhookTimestamp: unknown, now = Date.now()): boolean {
  return typeof webhookTimestamp === "number" && Math.abs(now - webhookTimestamp) <= REPLAY_WINDOW_MS;
}
