// Store, then ingest: what a mail server does with what it accepts. The SMTP listener hands each
// accepted message here; one INSERT makes it durable and the sender gets its 250, without waiting
// for parsing, ingestion, routing or a batch window. This process then ingests it (receive.ts),
// many at once so that they share group commits, and deletes the row.
//
// Each row is claimed by a lease: the process that stored it renews it while it holds the row, and
// a row whose lease ran out (its process died, or hung) is taken over by any process running a
// listener. After a crash the mail is therefore ingested again from its raw source; ingestion
// knows a message by its Message-ID (or the hash of a message without one), so it is never added
// twice. What a crash between ingesting and deleting can repeat is only a record of noise or a
// quarantine entry, never a customer's message.
import type { Services } from "../../services";
import { type Envelope, errorText, receiveEmail } from "./receive";

/** Mails this process ingests at once: together they fill the group commits (receive.ts). */
const PARALLEL = 32;
/**
 * At most this many mails held in memory. Beyond it a mail is stored unclaimed, and taken over once
 * half of what is held is done (by this process, or any other listener's upkeep).
 */
const HELD_MAX = 256;
/**
 * A failed ingestion (the database is away) is tried again after 0.5 s, doubling up to 5 s, and at
 * once when another mail is ingested (the database is back).
 */
const RETRY_MS = { first: 500, max: 5_000 };

interface Held {
  id: number;
  raw: Buffer;
  envelope: Envelope;
  failures: number;
}

export interface EmailSpool {
  /** Stores an accepted mail; resolves once it is durable (the 250), and ingests it after. */
  accept(raw: Buffer, envelope: Envelope): Promise<void>;
  /** Resolves once nothing this process holds is waiting, being ingested or left to delete. */
  idle(): Promise<void>;
  /** Finishes what is being ingested and hands the rest back for the next process. */
  close(): Promise<void>;
}

export async function startEmailSpool(services: Services, options: { heldMax?: number } = {}): Promise<EmailSpool> {
  const heldMax = options.heldMax ?? HELD_MAX;
  const database = services.database;
  const me = services.jobs.processId;
  const leaseSeconds = services.config.WORKER_LEASE_SECONDS;
  const waiting: Held[] = [];
  const working = new Set<Promise<void>>();
  const retrying = new Map<ReturnType<typeof setTimeout>, Held>();
  /** Rows ingested whose delete has not committed yet (retried at the next tick). */
  const ingested: number[] = [];
  /** Ids of the rows this process holds (waiting, being ingested, or due again): it renews these. */
  const holding = new Set<number>();
  let idleWaiters: (() => void)[] = [];
  /** Mails were stored unclaimed because too many were held: take them over when there is room. */
  let overflow = false;
  /** How many were stored so: a takeover that finds no more clears `overflow` only if none came meanwhile. */
  let overflowed = 0;
  /** Mails to be held whose INSERT is under way. */
  let storing = 0;
  let closed = false;

  const pump = () => {
    while (!closed && working.size < PARALLEL && waiting.length > 0) {
      const held = waiting.shift() as Held;
      const job: Promise<void> = ingest(held).finally(() => {
        working.delete(job);
        pump();
        settleIdle();
      });
      working.add(job);
    }
  };

  const ingest = async (held: Held) => {
    try {
      await receiveEmail(services, held.raw, held.envelope);
    } catch (error) {
      // receiveEmail quarantines what it cannot ingest: an error means nothing could be stored.
      held.failures++;
      const delay = Math.min(RETRY_MS.max, RETRY_MS.first * 2 ** (held.failures - 1));
      console.error(`[email] spooled mail ${held.id} not ingested (retry in ${delay} ms):`, errorText(error));
      if (closed) return;
      const timer = setTimeout(() => retryNow(timer), delay);
      retrying.set(timer, held);
      return;
    }
    for (const timer of [...retrying.keys()]) retryNow(timer);
    holding.delete(held.id);
    if (overflow && holding.size <= heldMax / 2) upkeep();
    ingested.push(held.id);
    await forgetIngested();
  };

  const retryNow = (timer: ReturnType<typeof setTimeout>) => {
    const held = retrying.get(timer);
    clearTimeout(timer);
    retrying.delete(timer);
    if (!held) return;
    waiting.push(held);
    pump();
  };

  /**
   * One DELETE for the rows finished together, and again for those finished meanwhile; a failure
   * leaves them for the next tick.
   */
  let deleting: Promise<void> | undefined;
  const forgetIngested = (): Promise<void> => {
    deleting ??= Promise.resolve().then(async () => {
      try {
        while (ingested.length > 0) {
          const ids = ingested.splice(0);
          try {
            await database.query("DELETE FROM email_spool WHERE id = ANY($1::bigint[])", [ids]);
          } catch (error) {
            ingested.push(...ids);
            console.error("[email] spooled mails ingested but not yet removed:", errorText(error));
            return;
          }
        }
      } finally {
        deleting = undefined;
        settleIdle();
      }
    });
    return deleting;
  };

  const isIdle = () =>
    waiting.length === 0 &&
    working.size === 0 &&
    retrying.size === 0 &&
    !overflow &&
    ingested.length === 0 &&
    deleting === undefined;
  const settleIdle = () => {
    if (!isIdle()) return;
    for (const resolve of idleWaiters) resolve();
    idleWaiters = [];
  };

  const hold = (rows: Record<string, unknown>[]) => {
    for (const row of rows) {
      holding.add(Number(row.id));
      waiting.push({
        id: Number(row.id),
        raw: Buffer.from(row.raw as Uint8Array),
        envelope: { mailFrom: String(row.mail_from), recipients: row.recipients as string[] },
        failures: 0,
      });
    }
    pump();
  };

  /**
   * Renews the lease of every row this process holds, and takes over rows whose lease ran out.
   * On the embedded database no other process can be running, so at start every row is ours.
   */
  const tick = async (starting: boolean) => {
    await forgetIngested();
    const held = [...holding];
    const lease = [me, leaseSeconds, held];
    if (held.length > 0) {
      await database.query(
        `UPDATE email_spool SET claimed_until = now() + make_interval(secs => $2)
          WHERE claimed_by = $1 AND id = ANY($3::bigint[])`,
        lease,
      );
    }
    const room = heldMax - held.length;
    if (room <= 0 || closed) return;
    const overflowedBefore = overflowed;
    // Also a row of this process that it does not hold: its INSERT committed, but the answer was lost.
    const orphaned = starting && database.kind === "pglite" ? "true" : "claimed_until < now()";
    const { rows } = await database.query(
      `UPDATE email_spool s SET claimed_by = $1, claimed_until = now() + make_interval(secs => $2), attempts = s.attempts + 1
        FROM (SELECT id, claimed_by FROM email_spool WHERE ${orphaned} AND id <> ALL($3::bigint[])
              ORDER BY id LIMIT $4 FOR UPDATE SKIP LOCKED) AS was
        WHERE s.id = was.id
        RETURNING s.id, s.raw, s.mail_from, s.recipients, was.claimed_by AS was_claimed_by`,
      [...lease, room],
    );
    // This process's own overflow is routine; another's rows mean it died or hung.
    const others = rows.filter((r) => r.was_claimed_by !== me).length;
    if (others > 0) console.warn(`[email] took over ${others} spooled mail(s) another process had not ingested`);
    hold(rows.sort((a, b) => Number(a.id) - Number(b.id)));
    // Fewer than there was room for, and none stored unclaimed since the look: none is left.
    if (rows.length < room && overflowed === overflowedBefore) overflow = false;
  };

  /** Runs a tick after the one under way, if any: never two at once. */
  let ticking: Promise<void> = Promise.resolve();
  const upkeep = (starting = false) => {
    ticking = ticking
      .then(() => tick(starting))
      .catch((error: unknown) => {
        console.error("[email] spool upkeep failed:", errorText(error));
      })
      .finally(settleIdle);
    return ticking;
  };
  let timer: ReturnType<typeof setTimeout> | undefined;
  const every = Math.max(250, (leaseSeconds * 1000) / 3);
  const loop = (starting = false) => {
    void upkeep(starting).then(() => {
      if (!closed) timer = setTimeout(loop, every);
    });
  };
  loop(true);
  await ticking;

  return {
    async accept(raw, envelope) {
      if (closed) throw new Error("the email spool is closed");
      // Counted while its INSERT is under way, so that mails arriving together keep to the limit.
      const keep = holding.size + storing < heldMax;
      if (keep) storing++;
      const { rows } = await database
        .query(
          `INSERT INTO email_spool (raw, mail_from, recipients, claimed_by, claimed_until)
           VALUES ($1, $2, $3, $4, now() + make_interval(secs => $5)) RETURNING id`,
          [raw, envelope.mailFrom ?? "", envelope.recipients, me, keep ? leaseSeconds : 0],
        )
        .finally(() => {
          if (keep) storing--;
        });
      if (!keep) {
        overflow = true;
        overflowed++;
        if (holding.size <= heldMax / 2) upkeep();
        return;
      }
      const id = Number(rows[0]?.id);
      holding.add(id);
      waiting.push({ id, raw, envelope, failures: 0 });
      // After the 250: the sender does not wait for ingestion.
      setImmediate(pump);
    },
    idle() {
      if (isIdle()) return Promise.resolve();
      return new Promise((resolve) => idleWaiters.push(resolve));
    },
    async close() {
      closed = true;
      clearTimeout(timer);
      for (const retry of retrying.keys()) clearTimeout(retry);
      retrying.clear();
      await ticking;
      await Promise.allSettled([...working]);
      await forgetIngested();
      waiting.length = 0;
      overflow = false;
      settleIdle();
      // What is left (waiting, or failed and due again) is for the next process at once.
      await database
        .query("UPDATE email_spool SET claimed_until = now() WHERE claimed_by = $1", [me])
        .catch((error: unknown) => console.error("[email] spool not handed back:", errorText(error)));
    },
  };
}
