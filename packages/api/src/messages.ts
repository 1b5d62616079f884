// Messages of an issue: customer mail and chat, agents' replies, internal notes.
import { z } from "zod";
import { text, Uuid } from "./primitives";
import { Timestamp, type Wire } from "./responses";
import { MessageSentiment } from "./sentiment";
import { deliveryFixes, deliveryStatuses, messageAuthorTypes, messageVisibilities } from "./vocabulary";

export const CreateMessageInput = z.strictObject({
  visibility: z.enum(messageVisibilities).default("public"),
  /** May be empty when the message carries files (attachmentIds). */
  body: z.string().trim().max(100_000).default(""),
  bodyHtml: z.string().max(500_000).optional(),
  /** A public reply on an email issue: more people to copy (added to the thread's own Cc). */
  cc: z.array(z.string().trim().toLowerCase().email().max(320)).max(20).optional(),
  /** Files uploaded to this issue (POST /issues/{number}/attachments) that the reply or note carries. */
  attachmentIds: z.array(Uuid).max(10).optional(),
});

/**
 * An agent's file for a reply, as base64 in JSON: at most 10 MB of images, PDF, text or Office
 * documents, the type judged by the bytes.
 */
export const UploadAttachmentInput = z.strictObject({
  filename: text(200),
  /** The type the browser declared; the bytes decide. */
  contentType: z.string().max(200).default("application/octet-stream"),
  dataBase64: z
    .string()
    .max(14_000_000)
    .regex(/^[A-Za-z0-9+/]*={0,2}$/, "Not base64."),
});

export const DeliveryStatus = z.enum(deliveryStatuses);
export type DeliveryStatus = z.infer<typeof DeliveryStatus>;

export const Attachment = z.strictObject({
  id: Uuid,
  filename: z.string(),
  contentType: z.string(),
  size: z.number().int(),
  /** Set for an email's inline image: the body shows it in place. */
  contentId: z.string().optional(),
});
export type Attachment = Wire<typeof Attachment>;

/** Who wrote a message: a user, a contact, or Switchboard itself. */
const Author = z.union([
  z.strictObject({ id: Uuid, name: z.string() }),
  z.strictObject({ id: Uuid, name: z.string(), email: z.string().nullable() }),
  z.strictObject({ name: z.string() }),
]);

export const Message = z.strictObject({
  id: Uuid,
  authorType: z.enum(messageAuthorTypes),
  author: Author.nullable(),
  visibility: z.enum(messageVisibilities),
  /** Empty once the message is deleted. */
  bodyText: z.string(),
  bodyHtml: z.string().nullable(),
  attachments: z.array(Attachment),
  channel: z.string(),
  deliveryStatus: DeliveryStatus.nullable(),
  deliveryError: z.string().nullable(),
  /** The setting that fixes the failed or unsent delivery, when a setting does. */
  deliveryFix: z.enum(deliveryFixes).nullable(),
  /** A person's reply waits until then before delivery starts; until it starts it can be taken back. */
  deliverAfter: Timestamp.nullable(),
  /** Email: the others on the mail; replies keep them in Cc. */
  emailCc: z.array(z.string()),
  editedAt: Timestamp.nullable(),
  deletedAt: Timestamp.nullable(),
  /** A customer's public message: how it reads and the phrases that drove it; null otherwise. */
  sentiment: MessageSentiment.nullable(),
  createdAt: Timestamp,
});
export type Message = Wire<typeof Message>;

/**
 * GET /attachments/:id answers the file itself (its sniffed type, or a download); the bytes
 * never pass the JSON serializer, so this only documents them.
 */
export const AttachmentFile = {
  description: "The attachment's bytes, with its content type.",
  content: {
    "application/octet-stream": {
      schema: z.custom<Uint8Array>((v) => v instanceof Uint8Array).meta({ type: "string", format: "binary" }),
    },
  },
};
