// Drains a workspace's Slack inbox (the `slack.event` job). One job works through every event
// committed before it — so throughput is not bound by the job queue's polling — in arrival
// order, one thread at a time; failures back off (a 429 by its Retry-After) and then quarantine.
import { and, eq, inArray, lt, sql } from "drizzle-orm";
import type { JobPayloadOf } from "../../commands/jobs";
import { type ClaimedSlackEvent, claimSlackEvent, completeSlackEvent, failSlackEvent } from "../../commands/slack";
import { slackEvents } from "../../db/schema";
import { workspacesWithStrandedSlackEvents } from "../../queries/slack";
import type { Services } from "../../services";
import { SlackRateLimited } from "./client";
import { runAsSlack } from "./command";
import { handleSlackEvent } from "./events";
import type { SLACK_JOBS } from "./jobs";

/** A drain hands over to a fresh job after this long, so one job never holds a worker for ever. */
const DRAIN_BUDGET_MS = 60_000;
/** The webhook of an event may commit just after our last look: look once more before leaving. */
const LAST_LOOK_MS = 150;

/**
 * Events this process is working on now. One it claimed but no longer works on (its drain failed
 * when the database went away) is claimable again by this process at once.
 */
const working = new Set<string>();

export async function drainSlackInbox(services: Services, workspaceId: string): Promise<void> {
  const deadline = Date.now() + DRAIN_BUDGET_MS;
  let lastLook = false;
  while (Date.now() < deadline) {
    const event = await runAsSlack(services, workspaceId, (ctx) =>
      claimSlackEvent(ctx, services.jobs.processId, [...working]),
    );
    if (!event) {
      if (lastLook) return;
      lastLook = true;
      await new Promise((resolve) => setTimeout(resolve, LAST_LOOK_MS));
      continue;
    }
    lastLook = false;
    working.add(event.eventId);
    try {
      await work(services, workspaceId, event);
    } finally {
      working.delete(event.eventId);
    }
  }
  await services.jobs.enqueue("slack.event", { workspaceId });
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

async function work(services: Services, workspaceId: string, event: ClaimedSlackEvent): Promise<void> {
  try {
    await handleSlackEvent(services, { workspaceId, payload: event.payload });
    await runAsSlack(services, workspaceId, (ctx) => completeSlackEvent(ctx, event.eventId));
  } catch (error) {
    const retryInSeconds = error instanceof SlackRateLimited ? error.retryAfterSeconds : 2 ** event.attempts;
    const reason = error instanceof Error ? error.message : String(error);
    const outcome = await runAsSlack(services, workspaceId, (ctx) =>
      failSlackEvent(ctx, event, { reason, retryInSeconds }),
    );
    // The retry needs a drain when it becomes due; this one may have finished by then.
    if (outcome === "retry")
      await services.jobs.enqueue("slack.event", { workspaceId }, { startAfter: retryInSeconds });
  }
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
