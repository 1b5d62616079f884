// The Slack Web API as we call it: one WebClient per connection (configurable base URL), with
// the SDK's own retries and rate-limit sleeping switched off so this module owns the behaviour:
// a per-method budget (Slack's tiers) paces calls up front, and a 429 closes the method's gate
// for Retry-After seconds before the same call is tried again. Longer waits fail the job, whose
// durable retry (pg-boss) takes over.
import { ErrorCode, LogLevel, type WebAPICallResult, WebClient } from "@slack/web-api";
import type { slackConnections } from "../../db/schema";

/** A connection as stored: its bot token and signing secret sealed. */
export type SlackConnectionRow = typeof slackConnections.$inferSelect;

/** A stored connection with its secrets opened (in memory only; never in a response or a log). */
export type SlackConnection = Omit<SlackConnectionRow, "botTokenSealed" | "signingSecretSealed"> & {
  botToken: string;
  signingSecret: string;
};

/** Requests per minute per workspace (and, for chat.*, per channel) — Slack's published tiers. */
const TIERS: Record<string, number> = {
  "auth.test": 100,
  "conversations.list": 20,
  "conversations.info": 50,
  "conversations.history": 50,
  "conversations.replies": 50,
  "users.info": 100,
  "team.info": 20,
  "oauth.v2.access": 50,
  // "Special" tier: about one message per second per channel, short bursts allowed.
  "chat.postMessage": 60,
};
const DEFAULT_PER_MINUTE = 50;
/** Longest in-job wait for a 429; beyond it the job fails and is retried durably later. */
const MAX_INLINE_WAIT_MS = 30_000;

export class SlackRateLimited extends Error {
  constructor(
    readonly method: string,
    readonly retryAfterSeconds: number,
  ) {
    super(`Slack rate-limited ${method}; retry after ${retryAfterSeconds} s`);
    this.name = "SlackRateLimited";
  }
}

const clients = new Map<string, WebClient>();

export function webClient(connection: Pick<SlackConnection, "botToken" | "apiUrl">): WebClient {
  const key = `${connection.apiUrl ?? ""}|${connection.botToken}`;
  let client = clients.get(key);
  if (!client) {
    client = new WebClient(connection.botToken, {
      ...(connection.apiUrl ? { slackApiUrl: withApiPath(connection.apiUrl) } : {}),
      rejectRateLimitedCalls: true,
      retryConfig: { retries: 0 },
      timeout: 15_000,
      logLevel: LogLevel.ERROR,
    });
    clients.set(key, client);
  }
  return client;
}

/** SLACK_API_URL may be given as the host (http://127.0.0.1:4010) or with /api/. */
export function withApiPath(url: string): string {
  const trimmed = url.replace(/\/+$/, "");
  return trimmed.endsWith("/api") ? `${trimmed}/` : `${trimmed}/api/`;
}

export type SlackResult = WebAPICallResult & Record<string, unknown>;

/** Calls `method`, pacing by tier and waiting out 429s (up to MAX_INLINE_WAIT_MS in total). */
export async function callSlack(
  connection: Pick<SlackConnection, "workspaceId" | "botToken" | "apiUrl">,
  method: string,
  args: Record<string, unknown> = {},
): Promise<SlackResult> {
  const key = gateKey(connection.workspaceId, method, args);
  const started = Date.now();
  for (;;) {
    await gate(key, TIERS[method] ?? DEFAULT_PER_MINUTE);
    try {
      return (await webClient(connection).apiCall(method, args)) as SlackResult;
    } catch (error) {
      const retryAfter = rateLimitedSeconds(error);
      if (retryAfter === undefined) throw error;
      closeGate(key, retryAfter);
      if (Date.now() - started + retryAfter * 1000 > MAX_INLINE_WAIT_MS) throw new SlackRateLimited(method, retryAfter);
    }
  }
}

/** Slack's own error code ("not_in_channel", "is_archived" …) when it answered {ok:false}. */
export function slackErrorCode(error: unknown): string | undefined {
  const e = error as { code?: unknown; data?: { error?: unknown } } | null;
  return e?.code === ErrorCode.PlatformError && typeof e.data?.error === "string" ? e.data.error : undefined;
}

function rateLimitedSeconds(error: unknown): number | undefined {
  const e = error as { code?: unknown; retryAfter?: unknown } | null;
  return e?.code === ErrorCode.RateLimitedError && typeof e.retryAfter === "number" ? e.retryAfter : undefined;
}

/** Chat methods are limited per channel; everything else per workspace and method. */
function gateKey(workspaceId: string, method: string, args: Record<string, unknown>): string {
  return method.startsWith("chat.") && typeof args.channel === "string"
    ? `${workspaceId}:${method}:${args.channel}`
    : `${workspaceId}:${method}`;
}

interface Gate {
  closedUntil: number;
  recent: number[];
}
const gates = new Map<string, Gate>();

function closeGate(key: string, seconds: number) {
  const g = gates.get(key) ?? { closedUntil: 0, recent: [] };
  g.closedUntil = Math.max(g.closedUntil, Date.now() + seconds * 1000);
  gates.set(key, g);
}

/** Waits until the gate is open and the method has budget left in the last minute. */
async function gate(key: string, perMinute: number): Promise<void> {
  for (;;) {
    const g = gates.get(key) ?? { closedUntil: 0, recent: [] };
    gates.set(key, g);
    const now = Date.now();
    g.recent = g.recent.filter((t) => now - t < 60_000);
    const budgetWait = g.recent.length >= perMinute ? (g.recent[0] ?? now) + 60_000 - now : 0;
    const wait = Math.max(g.closedUntil - now, budgetWait);
    if (wait <= 0) {
      g.recent.push(now);
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, wait));
  }
}
