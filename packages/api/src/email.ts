// Public API schemas of the email channel: inboxes, the outbox, inbound MIME intake.
import { z } from "zod";
import { Uuid } from "./primitives";
import { QuarantineEntry } from "./quarantine";
import { Timestamp, type Wire } from "./responses";
import { outboxStatuses } from "./vocabulary";

const InboxAddress = z.string().trim().toLowerCase().email().max(254);

export const CreateInboxInput = z.strictObject({
  address: InboxAddress,
  name: z.string().trim().max(200).optional(),
  teamId: z.string().uuid().nullish(),
});
export const UpdateInboxInput = CreateInboxInput.partial();

export const OutboxQuery = z.strictObject({
  status: z.enum(outboxStatuses).optional(),
});

/** Envelope recipients for POST /inboxes/inbound-mime; without them the To/Cc headers decide. */
export const InboundMimeQuery = z.strictObject({
  to: z.union([z.string().max(320), z.array(z.string().max(320)).max(50)]).optional(),
  from: z.string().max(320).optional(),
});

export const Inbox = z.strictObject({
  id: Uuid,
  address: z.string(),
  name: z.string(),
  /** The team new issues from this address go to. */
  teamId: Uuid.nullable(),
  createdAt: Timestamp,
});
export type Inbox = Wire<typeof Inbox>;

export const OutboxEntry = z.strictObject({
  id: Uuid,
  issueId: Uuid,
  issueNumber: z.number().int().optional(),
  messageId: Uuid,
  rfcMessageId: z.string(),
  from: z.string(),
  to: z.array(z.string()),
  cc: z.array(z.string()),
  subject: z.string(),
  headers: z.record(z.string(), z.string()),
  bodyText: z.string(),
  status: z.enum(outboxStatuses),
  error: z.string().nullable(),
  attempts: z.number().int(),
  sentAt: Timestamp.nullable(),
  createdAt: Timestamp,
});
export type OutboxEntry = Wire<typeof OutboxEntry>;

/** What became of one received email: an issue message, noise, or a quarantine entry. */
export const EmailOutcome = z.discriminatedUnion("kind", [
  z.strictObject({
    kind: z.literal("ingested"),
    workspaceId: Uuid,
    issueNumber: z.number().int(),
    messageId: Uuid,
    createdIssue: z.boolean(),
    duplicate: z.boolean(),
  }),
  z.strictObject({ kind: z.literal("noise"), workspaceId: Uuid, reason: z.string(), quarantineId: Uuid }),
  /** The inbox set-up check's test mail: recorded as arrived, no issue. */
  z.strictObject({ kind: z.literal("check"), workspaceId: Uuid, inboxId: Uuid }),
  z.strictObject({
    kind: z.literal("quarantined"),
    workspaceId: Uuid.nullable(),
    reason: z.string(),
    quarantineId: Uuid,
  }),
]);
export type EmailOutcome = Wire<typeof EmailOutcome>;

export const InboundMimeResult = z.strictObject({ outcomes: z.array(EmailOutcome) });
export const QuarantineRetryResult = z.strictObject({ outcomes: z.array(EmailOutcome), entry: QuarantineEntry });
export type QuarantineRetryResult = Wire<typeof QuarantineRetryResult>;
