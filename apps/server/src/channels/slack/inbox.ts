// Drains a workspace's Slack inbox (the `slack.event` job). One job works through every event
// committed before it — so throughput is not bound by the job queue's polling — oldest first, and
// works on many threads at once: each claim takes only the first open event of a thread, so a
// thread's events run one after another, in arrival order, whichever drain or process holds them,
// while other threads and channels run beside them. What the worked events write (their messages,
// and their being done) is group-committed: events finished together share one transaction, as
// mail arriving together does (GroupCommitter). Failures back off (a 429 by its Retry-After) and
// then quarantine, holding back only their own thread.
import { and, eq, inArray, lt, sql } from "drizzle-orm";
import { GroupCommitter } from "../../commands/groupCommit";
import type { JobPayloadOf } from "../../commands/jobs";
import {
  acceptSlackDeliveries,
  acceptSlackDelivery,
  type ClaimedSlackEvent,
  claimSlackEvents,
  completeSlackEvent,
  completeSlackEvents,
  failSlackEvent,
  ingestSlackMessage,
  ingestSlackMessages,
  type SlackDelivery,
  type SlackMessageIntake,
  slackLane,
} from "../../commands/slack";
import { isTransactionConflict, isUniqueViolation } from "../../db/errors";
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
 * Threads one drain works on at once. Each event's reads (its channel, its author) are single
 * statements; its writes wait in the group commit, so more threads make bigger batches, not more
 * transactions. PostgreSQL's pool has 10 connections, and each event's reads take one at a time:
 * at 32 threads the webhook waited past the pool's 5 s connect timeout (503) on a loaded machine.
 */
const PARALLEL = { pglite: 32, postgres: 8 } as const;
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
      // Claim again once a quarter of the slots are free: one claim statement for several events.
      while (inFlight.size > parallel - Math.max(1, parallel / 4)) await Promise.race(inFlight);
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

/**
 * Takes a delivery into the inbox for the webhook. Deliveries arriving together share one
 * transaction (one INSERT, one look for waiting drains): under load the webhook answers in the
 * time of a batch, not behind a queue of single transactions for the pool's connections.
 */
export function acceptIntoSlackInbox(
  services: Services,
  workspaceId: string,
  delivery: SlackDelivery,
): Promise<{ accepted: boolean }> {
  let committer = acceptors.get(services);
  if (!committer) {
    committer = new GroupCommitter<SlackDelivery, { accepted: boolean }>(services, {
      actor: SLACK_ACTOR,
      inBatch: acceptSlackDeliveries,
      alone: (id, one) => runAsSlack(services, id, (ctx) => acceptSlackDelivery(ctx, one)),
      maxBatch: 128,
      lanes: services.database.kind === "pglite" ? 1 : 2,
    });
    acceptors.set(services, committer);
  }
  return committer.submit(workspaceId, delivery);
}
const acceptors = new WeakMap<Services, GroupCommitter<SlackDelivery, { accepted: boolean }>>();

/** What a worked event writes last: its message, if it brought one, and its being done. */
interface Finish {
  eventId: string;
  message?: SlackMessageIntake;
}

const SLACK_ACTOR = { type: "system", name: "slack" } as const;

/**
 * Events finished at once share a transaction: their messages are ingested together
 * (`ingestSlackMessages`) and they are marked done with them, so a message and its event's end
 * commit or vanish together. Two events of one thread are never in flight at once (the claim).
 */
function finisher(services: Services): GroupCommitter<Finish, void> {
  let committer = finishers.get(services);
  if (!committer) {
    committer = new GroupCommitter<Finish, void>(services, {
      actor: SLACK_ACTOR,
      inBatch: async (ctx, finishes) => {
        await ingestSlackMessages(
          ctx,
          finishes.flatMap((f) => (f.message ? [f.message] : [])),
        );
        await completeSlackEvents(
          ctx,
          finishes.map((f) => f.eventId),
        );
        return finishes.map(() => undefined);
      },
      alone: (workspaceId, { eventId, message }) =>
        runAsSlack(services, workspaceId, async (ctx) => {
          if (message) await ingestSlackMessage(ctx, message.inbound, { joinOnly: message.joinOnly });
          await completeSlackEvent(ctx, eventId);
        }),
      maxBatch: 64,
      // Two on a server: one batch is in PostgreSQL while the next forms; PGlite runs one at a time.
      lanes: services.database.kind === "pglite" ? 1 : 2,
    });
    finishers.set(services, committer);
  }
  return committer;
}
const finishers = new WeakMap<Services, GroupCommitter<Finish, void>>();

async function work(
  services: Services,
  workspaceId: string,
  event: ClaimedSlackEvent,
  connection: SlackConnection | null,
): Promise<void> {
  const finish = finisher(services);
  try {
    let finished = false;
    await handleRacingOthers(() =>
      handleSlackEvent(services, { workspaceId, payload: event.payload }, connection, async (message) => {
        await finish.submit(workspaceId, { eventId: event.eventId, message });
        finished = true;
      }),
    );
    if (!finished) await handleRacingOthers(() => finish.submit(workspaceId, { eventId: event.eventId }));
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
      if (attempt >= RACE_TRIES || !(isUniqueViolation(error) || isTransactionConflict(error))) throw error;
    }
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
