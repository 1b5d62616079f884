// Group commit for high-volume intake (email): commands that arrive while earlier ones are still
// running share one transaction per workspace, and the batch is handed to a command that takes
// many inputs (`ingestEmails`), so a burst pays each lookup, each insert, BEGIN/COMMIT and the
// realtime NOTIFY once per batch instead of once per item. Nothing waits for a batch to fill:
// an idle batcher runs the first item at once, and batches form only under load.
//
// A batch is all-or-nothing inside the database, but not for its callers: when it fails, every
// item is run again on its own, so one bad item (or a deadlock with another batch) costs only
// that item its own outcome.
import { type Actor, type CommandContext, type CommandRunner, runCommand } from "./context";

export interface GroupCommitOptions<I, O> {
  actor: Actor;
  /** Runs a batch's items, in order, inside their shared command transaction: one output per input. */
  inBatch: (ctx: CommandContext, inputs: I[]) => Promise<O[]>;
  /** Runs one item on its own: the first item of a quiet moment, and every item of a failed batch. */
  alone: (workspaceId: string, input: I) => Promise<O>;
  /** Items per transaction. */
  maxBatch: number;
  /** Batches in flight at once (PGlite has one connection; a server has a pool). */
  lanes: number;
  /**
   * Items with the same key never run in two batches at once (an email thread's root): two lanes
   * opening the same thread would collide on its unique key and both batches would be redone.
   */
  conflictKey?: (input: I) => string;
}

interface Pending<I, O> {
  workspaceId: string;
  key: string | undefined;
  input: I;
  resolve: (output: O) => void;
  reject: (error: unknown) => void;
}

export class GroupCommitter<I, O> {
  private readonly queue: Pending<I, O>[] = [];
  private running = 0;
  /** Conflict keys of the batches in flight. */
  private readonly busyKeys = new Map<string, number>();
  private scheduled = false;

  constructor(
    private readonly runner: CommandRunner,
    private readonly options: GroupCommitOptions<I, O>,
  ) {}

  submit(workspaceId: string, input: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ workspaceId, key: this.options.conflictKey?.(input), input, resolve, reject });
      this.pump();
    });
  }

  /**
   * Starts batches on free lanes after one turn of the event loop: mail that has already arrived
   * on other connections, and is read in that turn, joins the batch instead of waiting for the next.
   */
  private pump(): void {
    if (this.scheduled || this.running >= this.options.lanes || this.queue.length === 0) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      while (this.running < this.options.lanes && this.queue.length > 0) {
        const batch = this.takeBatch();
        if (batch.length === 0) break; // everything waiting conflicts with a running batch
        this.running++;
        this.hold(batch, 1);
        this.run(batch).finally(() => {
          this.hold(batch, -1);
          this.running--;
          this.pump();
        });
      }
    });
  }

  /** The oldest runnable item and the next ones of its workspace, up to maxBatch, in arrival order. */
  private takeBatch(): Pending<I, O>[] {
    const runnable = (item: Pending<I, O>) => item.key === undefined || !this.busyKeys.has(item.key);
    const workspaceId = this.queue.find(runnable)?.workspaceId;
    const batch: Pending<I, O>[] = [];
    for (let i = 0; i < this.queue.length && batch.length < this.options.maxBatch; ) {
      const item = this.queue[i] as Pending<I, O>;
      if (item.workspaceId === workspaceId && runnable(item)) {
        batch.push(item);
        this.queue.splice(i, 1);
      } else i++;
    }
    return batch;
  }

  private hold(batch: Pending<I, O>[], delta: 1 | -1): void {
    for (const { key } of batch) {
      if (key === undefined) continue;
      const count = (this.busyKeys.get(key) ?? 0) + delta;
      if (count > 0) this.busyKeys.set(key, count);
      else this.busyKeys.delete(key);
    }
  }

  private async run(batch: Pending<I, O>[]): Promise<void> {
    const [first] = batch;
    if (!first) return;
    if (batch.length > 1) {
      try {
        const outputs = await runCommand(
          this.runner,
          { workspaceId: first.workspaceId, actor: this.options.actor },
          (ctx) =>
            this.options.inBatch(
              ctx,
              batch.map((item) => item.input),
            ),
        );
        for (const [i, item] of batch.entries()) item.resolve(outputs[i] as O);
        return;
      } catch {
        // Fall through: each item gets its own transaction and its own outcome.
      }
    }
    for (const item of batch) {
      await this.options.alone(item.workspaceId, item.input).then(item.resolve, item.reject);
    }
  }
}
