// Reads the issue event log behind a durable cursor and turns each event into a delivery for
// every enabled webhook of its workspace subscribed to its type. Crash-safe: the deliveries, their
// `webhooks.send` jobs and the cursor commit together; a repeated read inserts nothing twice
// (one delivery per webhook and event).
//
// Why not "seq > cursor" alone: a seq is taken when a transaction inserts its events, not when
// it commits, so a later seq can be visible while an earlier one is still on its way. The cursor
// only moves over seqs that can no longer appear: everything read while no other transaction
// was running, or read while some were, once all of those have ended (xids below the snapshot's
// xmax all finished). Until then the same events are read again, harmlessly.
import { randomUUID } from "node:crypto";
import { and, eq, gt, lte, sql } from "drizzle-orm";
import type { Tx } from "../db/connect";
import { selectRows } from "../db/raw";
import { issueEvents, issues, webhookCursors, webhookDeliveries, webhooks } from "../db/schema";
import type { CommandRunner } from "./context";
import type { CommandJobs, QueuedJob } from "./jobs";

/** Events read per pass. */
const BATCH = 1000;
const CURSOR = "issue_event";
/** Only one dispatcher reads at a time, across every process. */
const LOCK_KEY = 4_277_190_321;

export interface DispatchResult {
  busy: boolean;
  deliveries: number;
  cursor: number;
}

export async function dispatchWebhookEvents(runner: CommandRunner): Promise<DispatchResult> {
  return runner.database.db.transaction(
    async (tx) => {
      // The snapshot every read below shares is taken here (repeatable read).
      const [lock] = await selectRows<{ ok: boolean; xmin: string; xmax: string }>(
        tx,
        sql`SELECT pg_try_advisory_xact_lock(${LOCK_KEY}) AS ok, pg_snapshot_xmin(pg_current_snapshot())::text AS xmin, pg_snapshot_xmax(pg_current_snapshot())::text AS xmax`,
      );
      if (!lock?.ok) return { busy: true, deliveries: 0, cursor: 0 };
      const cursor = await cursorOf(tx);
      const seqs = await tx
        .select({ seq: issueEvents.seq })
        .from(issueEvents)
        .where(gt(issueEvents.seq, cursor.seq))
        .orderBy(issueEvents.seq)
        .limit(BATCH);
      const last = seqs.at(-1)?.seq;
      const deliveries = last === undefined ? 0 : await createDeliveries(tx, runner, cursor.seq, last);
      const next = advance(
        cursor,
        { last, full: seqs.length === BATCH },
        { xmin: BigInt(lock.xmin), xmax: BigInt(lock.xmax) },
      );
      await tx
        .update(webhookCursors)
        .set({ seq: next.seq, pendingSeq: next.pendingSeq, pendingXmax: next.pendingXmax, updatedAt: new Date() })
        .where(eq(webhookCursors.name, CURSOR));
      return { busy: false, deliveries, cursor: next.seq };
    },
    { isolationLevel: "repeatable read" },
  );
}

interface CursorState {
  seq: number;
  pendingSeq: number | null;
  pendingXmax: string | null;
}

/** Where the cursor may move after reading up to `last` (see the file's head). Exported for tests. */
export function advance(
  cursor: CursorState,
  read: { last: number | undefined; full: boolean },
  snapshot: { xmin: bigint; xmax: bigint },
): CursorState {
  let { seq, pendingSeq, pendingXmax } = cursor;
  if (pendingSeq !== null && pendingXmax !== null && snapshot.xmin >= BigInt(pendingXmax)) {
    // Every transaction running when pendingSeq was read has ended: up to it nothing can appear.
    // Read in full up to `last` only; a full batch may stop short of pendingSeq.
    const upTo = read.full && read.last !== undefined ? Math.min(pendingSeq, read.last) : pendingSeq;
    seq = Math.max(seq, upTo);
    if (seq >= pendingSeq) {
      pendingSeq = null;
      pendingXmax = null;
    }
  }
  if (read.last === undefined) return { seq, pendingSeq, pendingXmax };
  if (snapshot.xmin === snapshot.xmax) {
    // No transaction was running: everything read is final.
    return { seq: Math.max(seq, read.last), pendingSeq: null, pendingXmax: null };
  }
  if (pendingSeq === null && read.last > seq) {
    pendingSeq = read.last;
    pendingXmax = snapshot.xmax.toString();
  }
  return { seq, pendingSeq, pendingXmax };
}

async function cursorOf(tx: Tx): Promise<CursorState> {
  const [row] = await tx.select().from(webhookCursors).where(eq(webhookCursors.name, CURSOR));
  if (row) return row;
  // First run: start at the end of the log (webhooks only receive events after they exist).
  const [max] = await tx.select({ seq: sql<number>`coalesce(max(${issueEvents.seq}), 0)` }).from(issueEvents);
  const seq = Number(max?.seq ?? 0);
  await tx.insert(webhookCursors).values({ name: CURSOR, seq }).onConflictDoNothing();
  return { seq, pendingSeq: null, pendingXmax: null };
}

/** One delivery per event in (after, upTo] and enabled webhook subscribed to its type. */
async function createDeliveries(tx: Tx, runner: CommandRunner, after: number, upTo: number): Promise<number> {
  const events = await tx
    .select({
      seq: issueEvents.seq,
      workspaceId: issueEvents.workspaceId,
      type: issueEvents.type,
      data: issueEvents.data,
      actorType: issueEvents.actorType,
      actorId: issueEvents.actorId,
      createdAt: issueEvents.createdAt,
      issue: {
        id: issues.id,
        number: issues.number,
        title: issues.title,
        state: issues.state,
        priority: issues.priority,
        teamId: issues.teamId,
        assigneeUserId: issues.assigneeUserId,
      },
      webhookId: webhooks.id,
    })
    .from(issueEvents)
    .innerJoin(issues, eq(issues.id, issueEvents.issueId))
    .innerJoin(
      webhooks,
      and(
        eq(webhooks.workspaceId, issueEvents.workspaceId),
        eq(webhooks.enabled, true),
        gt(issueEvents.seq, webhooks.fromSeq),
        sql`${issueEvents.type} = ANY(${webhooks.eventTypes})`,
      ),
    )
    // Imported history is not news: receivers hear of what happens from now on.
    .where(and(gt(issueEvents.seq, after), lte(issueEvents.seq, upTo), eq(issueEvents.imported, false)))
    .orderBy(issueEvents.seq);
  if (events.length === 0) return 0;
  const rows = events.map((e) => ({
    id: randomUUID(),
    workspaceId: e.workspaceId,
    webhookId: e.webhookId,
    eventSeq: e.seq,
    eventType: e.type,
    issueId: e.issue.id,
    issueNumber: e.issue.number,
    body: JSON.stringify({
      type: e.type,
      workspaceId: e.workspaceId,
      event: {
        seq: e.seq,
        type: e.type,
        data: e.data,
        actor: { type: e.actorType, id: e.actorId },
        createdAt: e.createdAt.toISOString(),
      },
      issue: e.issue,
    }),
  }));
  const inserted = await tx
    .insert(webhookDeliveries)
    .values(rows)
    .onConflictDoNothing({
      target: [webhookDeliveries.webhookId, webhookDeliveries.eventSeq],
      where: sql`"replay_of" IS NULL`,
    })
    .returning({
      workspaceId: webhookDeliveries.workspaceId,
      webhookId: webhookDeliveries.webhookId,
      issueId: webhookDeliveries.issueId,
    });
  await enqueueSends(tx, runner, inserted);
  return inserted.length;
}

async function enqueueSends(
  tx: Tx,
  runner: CommandRunner,
  inserted: { workspaceId: string; webhookId: string; issueId: string }[],
): Promise<void> {
  if (runner.replay) return;
  const queues = new Map<string, QueuedJob<CommandJobs>>();
  for (const d of inserted) {
    queues.set(`${d.webhookId}:${d.issueId}`, { name: "webhooks.send", data: d });
  }
  if (queues.size === 0) return;
  await tx.execute(await runner.jobs.insertStatement([...queues.values()]));
}
