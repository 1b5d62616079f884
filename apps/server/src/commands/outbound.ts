// Outbound delivery as the commands see it: one sender per channel, implemented by the channel
// and wired at start-up (DESIGN: "Outbound delivery is an interface the commands call").
import type { DeliveryFix } from "@switchboard/api/vocabulary";
import type { DeliveryProgress } from "../db/schema";
import type { IssueRow, MessageRow } from "./lookup";

/**
 * The channel's id for a sent message (Slack ts, email Message-ID), or `unsent` with the reason
 * when the channel kept it without sending (no transport configured).
 */
export interface DeliveryResult {
  externalId?: string;
  unsent?: string;
  /** With `unsent`: the setting that fixes it. */
  fix?: DeliveryFix;
  /**
   * After an attempt whose outcome is unknown: `found` when the channel already had the message
   * (not sent again), `resent` when it was sent again under the same id for the receiver to collapse.
   */
  recovered?: "found" | "resent";
}

/**
 * `uncertain`: an earlier attempt began and its outcome was never recorded (the process died
 * mid-send), so the message may have reached the channel already.
 */
export interface DeliveryAttempt {
  uncertain: boolean;
  /** A delivery in several calls: the steps earlier attempts took (message.deliveryProgress). */
  progress?: DeliveryProgress;
  /** Records a step as soon as it is taken (committed at once), so no retry takes it again. */
  record?: (progress: DeliveryProgress) => Promise<void>;
}

export interface OutboundSender {
  send(issue: IssueRow, message: MessageRow, attempt: DeliveryAttempt): Promise<DeliveryResult>;
}

/** The senders by issue channel; a channel with none keeps its replies visibly `unsent`. */
export type Outbound = ReadonlyMap<string, OutboundSender>;

/**
 * Thrown by a sender when the message must wait for another to go first (an earlier reply of
 * the same thread still undelivered). The message stays pending and is tried again shortly;
 * waiting is not a failure, so it neither shows as failed nor uses up the job's retries.
 */
export class DeliveryDeferred extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = "DeliveryDeferred";
  }
}

/**
 * Thrown by a sender when the channel refused the message for a reason retrying cannot fix (the
 * bot was removed from the channel, the reply is too long). It shows as failed with that reason
 * at once, instead of after the job's retries, and can be sent again once the cause is fixed.
 */
export class DeliveryRefused extends Error {
  constructor(
    reason: string,
    readonly fix?: DeliveryFix,
  ) {
    super(reason);
    this.name = "DeliveryRefused";
  }
}

/**
 * Thrown by a sender for a failure worth retrying whose reason it can say in an agent's words
 * (the outgoing server cannot be reached), with the setting that fixes it if it persists.
 */
export class DeliveryFailed extends Error {
  constructor(
    reason: string,
    readonly fix?: DeliveryFix,
    options?: { cause: unknown },
  ) {
    super(reason, options);
    this.name = "DeliveryFailed";
  }
}

/**
 * Seconds before a deferred delivery is tried again: 1, 2, 4 … up to a minute. A reply that goes
 * out wakes the ones deferred behind it at once, so the backoff only paces a long wait.
 */
export function deferralDelaySeconds(deferrals: number): number {
  return Math.min(2 ** deferrals, 60);
}
