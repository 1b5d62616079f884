// Drains a workspace's Slack inbox (the `slack.event` job). One job works through every event
// committed before it — so throughput is not bound by the job queue's polling — oldest first, and
// works on several threads at once: each claim takes only the first open event of a thread, so a
// thread's events run one after another, in arrival order, whichever drain or process holds them,
// while other threads and channels run beside them. Failures back off (a 429 by its Retry-After)
// and then quarantine, holding back only their own thread.
import { and, eq, inArray, lt, sql } from "drizzle-orm";
import type { JobPayloadOf } from "../../commands/jobs";
import {
  type ClaimedSlackEvent,
  claimSlackEvents,
  completeSlackEvent,
  failSlackEvent,
  slackLane,
} from "../../commands/slack";
import { isUniqueViolation } from "../../db/errors";
import { slackEvents } from "../../db/schema";
import { workspacesWithStrandedSlackEvents } from "../../queries/slack";
import type { Services } from "../../services";
import { type SlackConnection, SlackRateLimited } from "./client";
import { runAsSlack } from "./command";
import { handleSlackEvent } from "./events";
import type { SLACK_JOBS } from "./jobs";
import { loadSlackConnection } from "./secrets";

/** A drain hands over to a fresh job after this long, so one job never holds a worker for ever. */
const DRAIN_BUDGET_MS = 60_000;
/** The webhook of an event may commit just after our last look: look once more before leaving. */
const LAST_LOOK_MS = 150;
/**
 * Threads one drain works on at once. PGlite runs one statement at a time, so there more only
 * overlaps the waits on Slack (users.info, files). PostgreSQL's pool has 10 connections: 8 threads
 * took them from the webhook (p99 2.1 s against 0.6 s at 4, for 13 against 11 events/s).
 */
const PARALLEL = { pglite: 4, postgres: 4 } as const;
/** A drain reads the connection (and opens its sealed secrets) again after this long. */
const CONNECTION_TTL_MS = 5_000;

/**
 * Events this process is working on now. One it claimed but no longer works on (its drain failed
 * when the database went away) is claimable again by this process at once.
 */
const working = new Set<string>();
/**
 * Claims of this process run one at a time: an event another drain of this process has just
 * claimed is in `working` before the next claim reads it (else it would look abandoned).
 */
let claiming: Promise<unknown> = Promise.resolve();

function claim(services: Services, workspaceId: string, limit: number): Promise<ClaimedSlackEvent[]> {
  const claimed = claiming.then(async () => {
    const events = await runAsSlack(services, workspaceId, (ctx) =>
      claimSlackEvents(ctx, services.jobs.processId, [...working], limit),
    );
    for (const event of events) working.add(event.eventId);
    return events;
  });
  claiming = claimed.catch(() => undefined);
  return claimed;
}

export async function drainSlackInbox(services: Services, workspaceId: string): Promise<void> {
  const deadline = Date.now() + DRAIN_BUDGET_MS;
  const parallel = PARALLEL[services.database.kind];
  const inFlight = new Set<Promise<void>>();
  let connection: { value: SlackConnection | null; at: number } | undefined;
  let lastLook = false;
  // A failure to record an outcome (the database went away) ends the drain; its job is retried.
  let broken: { error: unknown } | undefined;
  try {
    while (Date.now() < deadline && !broken) {
      // Read before claiming: a claimed event must reach `work`, which ends its claim either way.
      if (!connection || Date.now() - connection.at > CONNECTION_TTL_MS)
        connection = { value: (await loadSlackConnection(services, workspaceId)) ?? null, at: Date.now() };
      const loaded = connection.value;
      const events = await claim(services, workspaceId, parallel - inFlight.size);
      if (events.length === 0) {
        // Threads held back by one in flight become claimable when it ends.
        if (inFlight.size > 0) {
          await Promise.race(inFlight);
          continue;
        }
        if (lastLook) return;
        lastLook = true;
        await new Promise((resolve) => setTimeout(resolve, LAST_LOOK_MS));
        continue;
      }
      lastLook = false;
      for (const event of events) {
        const done: Promise<void> = work(services, workspaceId, event, loaded)
          .catch((error: unknown) => {
            broken ??= { error };
          })
          .finally(() => {
            working.delete(event.eventId);
            inFlight.delete(done);
          });
        inFlight.add(done);
      }
      if (inFlight.size >= parallel) await Promise.race(inFlight);
    }
  } finally {
    // Every claimed event is finished (or failed) before the job ends: none stays `processing`.
    await Promise.allSettled(inFlight);
  }
  if (broken) throw broken.error;
  if (Date.now() >= deadline) await services.jobs.enqueue("slack.event", { workspaceId });
}

/**
 * Events no drain will reach: claimed by a worker process that died, or waiting with no drain job
 * to take them (its enqueue was lost with a crash). Each such workspace gets a drain, so after a
 * crash the inbox moves again as soon as a live worker sweeps, not only at the next webhook.
 */
export async function recoverSlackInboxes(services: Services): Promise<void> {
  for (const workspaceId of await workspacesWithStrandedSlackEvents(services.database.db)) {
    await services.jobs.enqueue("slack.event", { workspaceId });
  }
}

async function work(
  services: Services,
  workspaceId: string,
  event: ClaimedSlackEvent,
  connection: SlackConnection | null,
): Promise<void> {
  try {
    await handleRacingOthers(() => handleSlackEvent(services, { workspaceId, payload: event.payload }, connection));
    await runAsSlack(services, workspaceId, (ctx) => completeSlackEvent(ctx, event.eventId));
  } catch (error) {
    const retryInSeconds = error instanceof SlackRateLimited ? error.retryAfterSeconds : 2 ** event.attempts;
    const reason = error instanceof Error ? error.message : String(error);
    const outcome = await runAsSlack(services, workspaceId, (ctx) =>
      failSlackEvent(ctx, event, { reason, retryInSeconds }),
    );
    // The retry needs a drain when it becomes due; this one may have finished by then.
    if (outcome === "retry")
      await services.jobs.enqueue(
        "slack.event",
        { workspaceId, lane: slackLane(event.threadKey) },
        { startAfter: retryInSeconds },
      );
  }
}

/** Immediate tries of an event that lost a race with another thread's event (see below). */
const RACE_TRIES = 3;

/**
 * Threads are worked side by side, so two of them may write the same new row at once (a new
 * customer's first messages in two channels both create the contact, a deadlock between their
 * rows): the loser's transaction rolled back whole, and tried again at once it finds the winner's
 * row. Such a loss is no failure of the event: it neither backs off nor counts as an attempt.
 */
async function handleRacingOthers(handle: () => Promise<void>): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await handle();
    } catch (error) {
      if (attempt >= RACE_TRIES || !(isUniqueViolation(error) || isDeadlock(error))) throw error;
    }
  }
}

function isDeadlock(error: unknown): boolean {
  for (let e: unknown = error; e instanceof Error; e = e.cause)
    if ((e as Error & { code?: string }).code === "40P01") return true;
  return false;
}

/**
 * Worked events are kept only while Slack may still retry them (its retries come within minutes):
 * their ids deduplicate a retry. Older ones are deleted, so the inbox does not grow with every
 * Slack message ever received. A late duplicate would still not double a message (messages are
 * unique per channel and ts). Open events are never touched.
 */
export const SLACK_EVENT_RETENTION_HOURS = 24;
export const SLACK_PRUNE_CRON = "23 * * * *";
/** Rows per DELETE, so one statement never holds the embedded database for long. */
const PRUNE_CHUNK = 2_000;

export async function pruneSlackInbox(
  services: Services,
  data: JobPayloadOf<typeof SLACK_JOBS, "slack.prune">,
): Promise<number> {
  const db = services.database.db;
  const cutoff = new Date(Date.now() - SLACK_EVENT_RETENTION_HOURS * 3_600_000);
  const scope = data.workspaceId === "all" ? undefined : eq(slackEvents.workspaceId, data.workspaceId);
  let deleted = 0;
  for (;;) {
    const expired = db
      .select({ workspaceId: slackEvents.workspaceId, eventId: slackEvents.eventId })
      .from(slackEvents)
      .where(and(scope, inArray(slackEvents.status, ["done", "failed"]), lt(slackEvents.createdAt, cutoff)))
      .limit(PRUNE_CHUNK);
    const rows = await db
      .delete(slackEvents)
      .where(sql`(${slackEvents.workspaceId}, ${slackEvents.eventId}) IN (${expired})`)
      .returning({ eventId: slackEvents.eventId });
    deleted += rows.length;
    if (rows.length < PRUNE_CHUNK) return deleted;
  }
}
