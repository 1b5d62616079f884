// Internal threads (/api/v1/internal-channels, /api/v1/issues/{number}/internal-threads): asking
// our own people about an issue in an internal Slack channel; their replies come back as notes.
import { z } from "zod";
import { IssueNumber } from "./issues";
import { text, Uuid } from "./primitives";
import { Timestamp, type Wire } from "./responses";
import { internalThreadStatuses } from "./vocabulary";

const SlackChannelId = z
  .string()
  .trim()
  .regex(/^[CG][A-Z0-9]{2,20}$/, "a Slack channel id such as C024BE91L");
const ChannelName = z
  .string()
  .trim()
  .regex(/^#?[a-z0-9][a-z0-9._-]{0,79}$/, "a Slack channel name such as bugs-daily")
  .transform((name) => name.replace(/^#/, ""));

/** An internal Slack channel and when to use it. */
export const InternalChannel = z.strictObject({
  id: Uuid,
  slackChannelId: z.string(),
  name: z.string(),
  purpose: z.string().nullable(),
});
export type InternalChannel = Wire<typeof InternalChannel>;

/** Marks a Slack channel as internal (it must not be shared with a customer). */
export const InternalChannelInput = z.strictObject({
  slackChannelId: SlackChannelId,
  name: ChannelName,
  purpose: text(500),
});
export const InternalChannelPatch = z
  .strictObject({ name: ChannelName.optional(), purpose: text(500).optional() })
  .refine((v) => v.name !== undefined || v.purpose !== undefined, "Give name or purpose.");

export const InternalThreadStatus = z.enum(internalThreadStatuses);

export const InternalThread = z.strictObject({
  id: Uuid,
  channel: z.strictObject({ id: Uuid, name: z.string(), slackChannelId: z.string() }),
  question: z.string(),
  status: InternalThreadStatus,
  /** Why Slack refused the card (status failed). */
  error: z.string().nullable(),
  replyCount: z.number().int(),
  lastReplyAt: Timestamp.nullable(),
  createdBy: z.strictObject({ id: Uuid, name: z.string() }).nullable(),
  createdAt: Timestamp,
  resolvedAt: Timestamp.nullable(),
});
export type InternalThread = Wire<typeof InternalThread>;

export const StartInternalThreadInput = z.strictObject({
  /** An internal channel's id (GET /internal-channels). */
  channelId: Uuid,
  question: text(4000),
});
export const InternalThreadNoteInput = z.strictObject({ body: text(4000) });
export const InternalThreadParams = z.strictObject({ number: IssueNumber, id: Uuid });
