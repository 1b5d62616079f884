// Email intake on top of `ingestInbound`: decides which issue a mail continues (headers first,
// then the reply token, never the subject text), opens a linked follow-up instead of reopening
// an issue closed too long ago, and records each outbound email in the outbox.
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Executor } from "../db/connect";
import { selectRows } from "../db/raw";
import { emailOutbox, issues, messages, quarantine } from "../db/schema";
import { type ParsedToken, replyToken } from "../domain/email/address";
import { newestFirst } from "../queries/pagination";
import type { CommandContext } from "./context";
import { appendEvent } from "./events";
import { type InboundDelivery, type IngestRefusal, type IngestResult, ingestInboundMany, isRefusal } from "./inbound";
import type { InboundMessage } from "./inboundMessage";
import type { IssueRow } from "./lookup";

export interface EmailIntake {
  /** The message as the channel sees it; threadKey is decided here. */
  inbound: Omit<InboundMessage, "threadKey" | "threadKeyCandidates">;
  /** Message-IDs this mail answers, most recent first (In-Reply-To, then References reversed). */
  references: string[];
  /** Reply tokens from a plus-address first, then from the subject. */
  tokens: ParsedToken[];
  /** A reply to an issue closed longer ago than this opens a linked follow-up instead. */
  reopenWindowDays: number;
}

export interface EmailIngestResult extends IngestResult {
  followUpOf?: number;
}

/** A mail's outcome: ingested, or refused with the reason (internal mail, quarantined by the channel). */
export type EmailIngestOutcome = EmailIngestResult | IngestRefusal;

export async function ingestEmail(ctx: CommandContext, intake: EmailIntake): Promise<EmailIngestOutcome> {
  const [result] = await ingestEmails(ctx, [intake]);
  if (!result) throw new Error("ingestEmails returned nothing");
  return result;
}

/**
 * Ingests mails of one workspace that arrived together, with the outcome of ingesting them one
 * by one in order. Each wave (see `emailWaves`) looks up all its references, threads and
 * senders at once and writes all its contacts, issues and messages at once.
 */
export async function ingestEmails(
  ctx: CommandContext,
  intakes: readonly EmailIntake[],
): Promise<EmailIngestOutcome[]> {
  const results: EmailIngestOutcome[] = [];
  for (const wave of emailWaves(intakes)) {
    const outcomes = await ingestWave(
      ctx,
      wave.map((i) => intakes[i] as EmailIntake),
    );
    for (const [k, i] of wave.entries()) results[i] = outcomes[k] as EmailIngestOutcome;
  }
  return results;
}

/**
 * Splits mails into waves, in order. A wave reads before it writes, so a mail must wait for a
 * later wave when an earlier mail of the batch carries the same Message-ID (a redelivery, found
 * as a duplicate only once the first is stored) or the same reply token. A reply to a mail of its
 * own wave needs no wait: `ingestWave` follows it to that mail's issue in memory, so a reply that
 * arrives with the mail it answers no longer costs the batch a second round of lookups.
 */
export function emailWaves(intakes: readonly EmailIntake[]): number[][] {
  const waves: number[][] = [];
  const waveOfKey = new Map<string, number>();
  const waveOfOwn = new Map<string, number>();
  for (const [i, intake] of intakes.entries()) {
    const ownId = intake.inbound.externalId;
    const related = [...intake.references, ownId].map((k) => waveOfKey.get(k) ?? 0);
    const after = [waveOfOwn.get(ownId), ...intake.tokens.map((t) => waveOfOwn.get(`#${t.number}`))].map((w) =>
      w === undefined ? 0 : w + 1,
    );
    const wave = Math.max(0, ...related, ...after);
    if (wave === waves.length) waves.push([]);
    waves[wave]?.push(i);
    for (const key of [...intake.references, ownId]) waveOfKey.set(key, Math.max(wave, waveOfKey.get(key) ?? 0));
    for (const key of [ownId, ...intake.tokens.map((t) => `#${t.number}`)]) waveOfOwn.set(key, wave);
  }
  return waves;
}

/** Where a mail planned earlier in the wave goes: an issue it continues, or the thread it opens. */
type WaveThread = { issue: IssueRow } | { threadKey: string };

const threadId = (thread: WaveThread) => ("issue" in thread ? `issue ${thread.issue.id}` : `new ${thread.threadKey}`);

async function ingestWave(ctx: CommandContext, intakes: readonly EmailIntake[]): Promise<EmailIngestOutcome[]> {
  // Its own id last: a reply that arrived before this mail may already have opened the thread.
  const refsOf = intakes.map((intake) => [...intake.references, intake.inbound.externalId]);
  const known = await knownReferences(ctx, [...new Set(refsOf.flat())]);
  const hits = refsOf.map((refs) => mostRecentKnown(refs, known)?.issueId);
  const byId = await lockEmailIssues(
    ctx,
    hits.filter((id): id is string => Boolean(id)),
  );
  const byToken = await issuesByTokens(
    ctx,
    intakes.flatMap((intake, i) => (hits[i] ? [] : intake.tokens)),
  );
  const plans: { index: number; delivery: InboundDelivery; followUpOf?: IssueRow }[] = [];
  // What the mails planned so far will store, keyed as `knownReferences` finds it once stored.
  const inWave = new Map<string, WaveThread>();
  // Mails that wait for the next round, and the threads they will join: a later mail of such a
  // thread waits too, so the thread's messages keep their order.
  const later: number[] = [];
  const waitingIds = new Set<string>();
  const waitingThreads = new Set<string>();
  const staleClaimedBy = new Map<string, string>();
  const wait = (index: number, ownId: string) => {
    later.push(index);
    waitingIds.add(ownId);
  };
  for (const [index, intake] of intakes.entries()) {
    const refs = refsOf[index] as string[];
    const ownId = intake.inbound.externalId;
    if (refs.some((ref) => waitingIds.has(ref))) {
      wait(index, ownId);
      continue;
    }
    const local = answeredInWave(refs, inWave, known);
    if (local) {
      if (waitingThreads.has(threadId(local))) wait(index, ownId);
      else {
        const delivery = joinInWave(intake, local, known);
        plans.push({ index, delivery });
        // A redelivery stores nothing; a reply to it finds the original, stored already.
        if (delivery.hints?.knownNew) inWave.set(ownId, local);
      }
      continue;
    }
    const hit = hits[index];
    const found = hit ? byId.get(hit) : intake.tokens.map((t) => byToken(t)).find(Boolean);
    const stale = found && isStale(found, intake.reopenWindowDays, intake.inbound.sentAt) ? found : undefined;
    // Two replies to one long-closed issue: the second must find the follow-up the first opens.
    const claimedBy = stale && staleClaimedBy.get(stale.id);
    if (claimedBy) {
      waitingThreads.add(claimedBy);
      wait(index, ownId);
      continue;
    }
    const plan = await planDelivery(ctx, intake, found, known);
    const hints = plan.delivery.hints;
    const thread: WaveThread = hints?.thread ? { issue: hints.thread } : { threadKey: plan.delivery.inbound.threadKey };
    if (waitingThreads.has(threadId(thread))) {
      wait(index, ownId);
      continue;
    }
    if (stale) staleClaimedBy.set(stale.id, threadId(thread));
    plans.push({ index, ...plan });
    // A redelivery stores nothing; a reply to it finds the original, stored already.
    if (!hints?.knownNew) continue;
    inWave.set(ownId, thread);
    if (!("issue" in thread)) inWave.set(thread.threadKey, thread);
  }
  const outcomes: EmailIngestOutcome[] = [];
  const results = await ingestInboundMany(
    ctx,
    plans.map((p) => p.delivery),
  );
  for (const [i, { index, followUpOf }] of plans.entries()) {
    const result = results[i] as EmailIngestOutcome;
    if (isRefusal(result)) outcomes[index] = result;
    else if (followUpOf && result.createdIssue) {
      await linkFollowUp(ctx, followUpOf, result.issue);
      outcomes[index] = { ...result, followUpOf: followUpOf.number };
    } else outcomes[index] = result;
  }
  const deferred =
    later.length > 0
      ? await ingestWave(
          ctx,
          later.map((i) => intakes[i] as EmailIntake),
        )
      : [];
  for (const [k, index] of later.entries()) outcomes[index] = deferred[k] as EmailIngestOutcome;
  return outcomes;
}

/**
 * The thread of a mail planned earlier in this wave, when the first of `refs` (most recent first)
 * that names anything names that mail rather than something already stored.
 */
function answeredInWave(
  refs: readonly string[],
  inWave: ReadonlyMap<string, WaveThread>,
  known: readonly KnownReference[],
): WaveThread | undefined {
  for (const ref of refs) {
    const local = inWave.get(ref);
    if (local) return local;
    if (known.some((k) => k.key === ref)) return undefined;
  }
  return undefined;
}

/** A reply to a mail of its own wave joins that mail's issue, or the thread that mail opens. */
function joinInWave(intake: EmailIntake, thread: WaveThread, known: readonly KnownReference[]): InboundDelivery {
  const ownId = intake.inbound.externalId;
  const knownNew = !known.some((k) => k.key === ownId && k.source === "message");
  const inbound = {
    ...intake.inbound,
    threadKey: ("issue" in thread ? thread.issue.threadKey : thread.threadKey) ?? intake.references.at(-1) ?? ownId,
    threadKeyCandidates: [],
  };
  // The issue is locked already; a thread opened in this wave is shared by its key.
  return { inbound, hints: { thread: "issue" in thread ? thread.issue : null, knownNew } };
}

/** Which issue the mail continues, or how it opens a new one (keyed by its thread's root). */
async function planDelivery(
  ctx: CommandContext,
  intake: EmailIntake,
  found: IssueRow | undefined,
  known: readonly KnownReference[],
): Promise<{ delivery: InboundDelivery; followUpOf?: IssueRow }> {
  const ownId = intake.inbound.externalId;
  const stale = found && isStale(found, intake.reopenWindowDays, intake.inbound.sentAt) ? found : undefined;
  const continued = stale ? await openFollowUp(ctx, stale, intake.reopenWindowDays, intake.inbound.sentAt) : found;
  const followUpOf = stale && !continued ? stale : undefined;
  const inbound = {
    ...intake.inbound,
    // A new thread is keyed by its root Message-ID so replies among other recipients still join.
    threadKey: continued?.threadKey ?? (followUpOf ? ownId : (intake.references.at(-1) ?? ownId)),
    threadKeyCandidates: [],
    source: followUpOf ? { ...intake.inbound.source, followUpOf: String(followUpOf.number) } : intake.inbound.source,
  };
  // Every reference (thread keys and message ids, this mail's own included) was looked up already.
  const knownNew = !known.some((k) => k.key === ownId && k.source === "message");
  return { delivery: { inbound, hints: { thread: continued ?? null, knownNew } }, followUpOf };
}

async function linkFollowUp(ctx: CommandContext, stale: IssueRow, followUp: IssueRow): Promise<void> {
  await appendEvent(ctx, stale, "linked", { relation: "follow_up", issueId: followUp.id, number: followUp.number });
  await appendEvent(ctx, followUp, "linked", { relation: "follow_up_of", issueId: stale.id, number: stale.number });
}

/**
 * Closed, not merged, and resolved longer ago than the window, measured at `at` — when the reply
 * was sent, not the clock at intake — so a batch and its one-by-one replay decide alike.
 */
export function isStale(
  issue: Pick<IssueRow, "state" | "mergedIntoIssueId" | "resolvedAt">,
  windowDays: number,
  at: Date,
): boolean {
  if (issue.state !== "closed" || issue.mergedIntoIssueId || !issue.resolvedAt) return false;
  return at.getTime() - issue.resolvedAt.getTime() > windowDays * 86_400_000;
}

interface KnownReference {
  key: string;
  issueId: string;
  source: "message" | "outbox" | "thread";
}

/**
 * Which of these Message-IDs we know: as a stored message, a mail we sent, or a thread's root.
 * One probe per reference and source, each an equality on a whole unique index. The plainer
 * `external_id IN (…)` lets the planner, on a table it has no statistics for yet (a new
 * workspace's first burst of mail), use the index for the workspace alone and filter every
 * email message it has: each batch read the whole mailbox.
 */
async function knownReferences(ctx: CommandContext, refs: string[]): Promise<KnownReference[]> {
  if (refs.length === 0) return [];
  const ws = ctx.workspaceId;
  const rows = await selectRows<{ key: string; issue_id: string; source: KnownReference["source"] }>(
    ctx.tx,
    sql`
    SELECT ref AS key, hit.issue_id, hit.source
    FROM json_array_elements_text(${JSON.stringify(refs)}::json) AS ref
    CROSS JOIN LATERAL (
      (SELECT ${messages.issueId} AS issue_id, 'message' AS source FROM ${messages}
        WHERE ${messages.workspaceId} = ${ws} AND ${messages.channel} = 'email' AND ${messages.externalId} = ref)
      UNION ALL
      (SELECT ${emailOutbox.issueId}, 'outbox' FROM ${emailOutbox}
        WHERE ${emailOutbox.workspaceId} = ${ws} AND ${emailOutbox.rfcMessageId} = ref)
      UNION ALL
      (SELECT ${issues.id}, 'thread' FROM ${issues}
        WHERE ${issues.workspaceId} = ${ws} AND ${issues.channel} = 'email' AND ${issues.threadKey} = ref)
    ) AS hit`,
  );
  return rows.map((r) => ({ key: r.key, issueId: r.issue_id, source: r.source }));
}

/** The most recent of a mail's Message-IDs that we know (ours or the customer's). */
function mostRecentKnown(refs: readonly string[], known: readonly KnownReference[]): KnownReference | undefined {
  for (const ref of refs) {
    const hit = known.find((k) => k.key === ref);
    if (hit) return hit;
  }
  return undefined;
}

/** The email issues with these ids, locked in id order (two batches never wait on each other in a cycle). */
async function lockEmailIssues(ctx: CommandContext, ids: readonly string[]): Promise<Map<string, IssueRow>> {
  if (ids.length === 0) return new Map();
  const rows = await ctx.tx
    .select()
    .from(issues)
    .where(and(eq(issues.workspaceId, ctx.workspaceId), inArray(issues.id, [...new Set(ids)])))
    .orderBy(issues.id)
    .for("update");
  return new Map(rows.map((r) => [r.id, r]));
}

/**
 * The email issues these reply tokens name, locked; the returned lookup honours a token only
 * when its digest matches the issue it names.
 */
async function issuesByTokens(ctx: CommandContext, tokens: readonly ParsedToken[]) {
  const numbers = [...new Set(tokens.map((t) => t.number))];
  const rows =
    numbers.length === 0
      ? []
      : await ctx.tx
          .select()
          .from(issues)
          .where(
            and(
              eq(issues.workspaceId, ctx.workspaceId),
              // A widget reply can reach the customer by email (fallback): their answer joins it.
              inArray(issues.channel, ["email", "widget"]),
              inArray(issues.number, numbers),
            ),
          )
          .orderBy(issues.id)
          .for("update");
  return (token: ParsedToken) => rows.find((r) => r.number === token.number && replyToken(r) === token.token);
}

/** The newest follow-up already opened for `stale`, if it is still within its own window. */
async function openFollowUp(ctx: CommandContext, stale: IssueRow, windowDays: number, at: Date) {
  const [latest] = await ctx.tx
    .select()
    .from(issues)
    .where(
      and(
        eq(issues.workspaceId, ctx.workspaceId),
        eq(issues.channel, "email"),
        sql`${issues.source}->>'followUpOf' = ${String(stale.number)}`,
      ),
    )
    .orderBy(newestFirst(issues.createdAt))
    .limit(1)
    .for("update");
  return latest && !isStale(latest, windowDays, at) ? latest : undefined;
}

export type OutboxInput = Omit<typeof emailOutbox.$inferInsert, "workspaceId" | "id" | "createdAt" | "updatedAt">;

/** Records (or updates, on a retry) the outbox row of an outbound email. */
/**
 * Records an outbound email in the outbox. A new attempt (`attempt`, the default) counts; the
 * outcome of the attempt just recorded (sent, failed after it began) updates the row in place.
 */
export async function recordOutboundEmail(ctx: CommandContext, input: OutboxInput, options = { attempt: true }) {
  const now = new Date();
  const [row] = await ctx.tx
    .insert(emailOutbox)
    .values({ ...input, workspaceId: ctx.workspaceId, attempts: 1, createdAt: now, updatedAt: now })
    .onConflictDoUpdate({
      target: emailOutbox.messageId,
      set: {
        status: input.status,
        error: input.error ?? null,
        sentAt: input.sentAt ?? null,
        ...(options.attempt && { attempts: sql`${emailOutbox.attempts} + 1` }),
        updatedAt: now,
      },
    })
    .returning();
  return row;
}

/**
 * Noise (auto-replies, bounces, our own mail looping back) is kept for inspection in the
 * quarantine list, already resolved as discarded: nothing for an admin to do, but visible.
 */
export async function recordEmailNoise(
  db: Executor,
  input: { workspaceId: string; reason: string; raw: string; meta: Record<string, unknown> },
) {
  const [row] = await db
    .insert(quarantine)
    .values({ ...input, channel: "email", status: "discarded", resolvedAt: new Date() })
    .returning();
  if (!row) throw new Error("quarantine insert returned nothing");
  return row;
}
