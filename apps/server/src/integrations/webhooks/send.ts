// One HTTP POST of a signed delivery, to the address the SSRF guard checked. Redirects are
// answers, not instructions: a 3xx counts as a failure (it could point inside the network).
import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import {
  type AttemptOutcome,
  DELIVERY_HEADER,
  EVENT_HEADER,
  isSuccess,
  SIGNATURE_HEADER,
  signWebhook,
  TIMESTAMP_HEADER,
} from "../../domain/webhooks";
import { RefusedTarget, resolveTarget } from "./targets";

const EXCERPT = 500;

export interface SendOptions {
  allowPrivate: boolean;
  timeoutMs: number;
  now?: () => Date;
}

export interface Sent {
  outcome: AttemptOutcome;
  durationMs: number;
  responseExcerpt: string | null;
}

export async function sendDelivery(
  delivery: { id: string; eventSeq: number; eventType: string; body: string },
  webhook: { url: string; secret: string },
  options: SendOptions,
): Promise<Sent> {
  const started = performance.now();
  const elapsed = () => performance.now() - started;
  try {
    const url = new URL(webhook.url);
    const target = await resolveTarget(url, options.allowPrivate);
    const timestamp = Math.floor((options.now?.() ?? new Date()).getTime() / 1000);
    const headers = {
      "content-type": "application/json",
      "user-agent": "Switchboard-Webhooks/1",
      [SIGNATURE_HEADER]: signWebhook(webhook.secret, timestamp, delivery.body),
      [TIMESTAMP_HEADER]: String(timestamp),
      [DELIVERY_HEADER]: delivery.id,
      [EVENT_HEADER]: `${delivery.eventType}:${delivery.eventSeq}`,
    };
    const answer = await post(url, target, headers, delivery.body, options.timeoutMs);
    const outcome: AttemptOutcome = isSuccess(answer.status)
      ? { ok: true, status: answer.status }
      : { ok: false, status: answer.status, error: `The receiver answered ${answer.status}.` };
    return { outcome, durationMs: elapsed(), responseExcerpt: answer.body };
  } catch (error) {
    const message = error instanceof RefusedTarget || error instanceof Error ? error.message : String(error);
    return { outcome: { ok: false, status: null, error: message }, durationMs: elapsed(), responseExcerpt: null };
  }
}

function post(
  url: URL,
  target: { address: string; family: 4 | 6 },
  headers: Record<string, string>,
  body: string,
  timeoutMs: number,
): Promise<{ status: number; body: string }> {
  // Connect to the checked address whatever the name resolves to now; TLS still verifies the name.
  const pinned: LookupFunction = (_host, options, callback) => {
    if (options.all) callback(null, [{ address: target.address, family: target.family }]);
    else callback(null, target.address, target.family);
  };
  const client = url.protocol === "https:" ? https : http;
  return new Promise((resolve, reject) => {
    const request = client.request(
      url,
      {
        method: "POST",
        headers: { ...headers, "content-length": String(Buffer.byteLength(body)) },
        lookup: pinned,
        timeout: timeoutMs,
      },
      (response) => {
        let text = "";
        response.setEncoding("utf8");
        response.on("data", (chunk: string) => {
          if (text.length < EXCERPT) text += chunk;
        });
        response.on("end", () => resolve({ status: response.statusCode ?? 0, body: text.slice(0, EXCERPT) }));
        response.on("error", reject);
      },
    );
    request.on("timeout", () => request.destroy(new Error(`No answer within ${timeoutMs} ms.`)));
    request.on("error", reject);
    request.end(body);
  });
}
