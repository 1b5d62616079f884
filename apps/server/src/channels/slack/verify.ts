// Slack request signing (v0): HMAC-SHA256 of `v0:{timestamp}:{rawBody}` with the app's signing
// secret, compared in constant time, inside a five-minute window so a captured request cannot be replayed.
import { createHmac, timingSafeEqual } from "node:crypto";

export const REPLAY_WINDOW_SECONDS = 5 * 60;

export interface SignedRequest {
  rawBody: string;
  /** X-Slack-Request-Timestamp (seconds). */
  timestamp: string | undefined;
  /** X-Slack-Signature (`v0=<hex>`). */
  signature: string | undefined;
}

export type SignatureCheck = { ok: true } | { ok: false; reason: "missing" | "stale" | "mismatch" };

export function signSlackRequest(signingSecret: string, timestamp: string | number, rawBody: string): string {
  return `v0=${createHmac("sha256", signingSecret).update(`v0:${timestamp}:${rawBody}`).digest("hex")}`;
}

/** Checks the timestamp window first: a stale request is rejected whatever its signature. */
export function checkTimestamp(request: SignedRequest, nowMs = Date.now()): SignatureCheck {
  if (!request.timestamp || !request.signature) return { ok: false, reason: "missing" };
  const ts = Number(request.timestamp);
  if (!Number.isInteger(ts) || Math.abs(nowMs / 1000 - ts) > REPLAY_WINDOW_SECONDS)
    return { ok: false, reason: "stale" };
  return { ok: true };
}

export function verifySlackSignature(
  signingSecret: string,
  request: SignedRequest,
  nowMs = Date.now(),
): SignatureCheck {
  const window = checkTimestamp(request, nowMs);
  if (!window.ok) return window;
  const expected = Buffer.from(signSlackRequest(signingSecret, request.timestamp ?? "", request.rawBody));
  const sent = Buffer.from(request.signature ?? "");
  return expected.length === sent.length && timingSafeEqual(expected, sent)
    ? { ok: true }
    : { ok: false, reason: "mismatch" };
}
