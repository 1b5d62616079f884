// The chat widget: admin settings under /api/v1/widgets, the customer's own API under /widget/api
// (a bearer token from boot), and CSAT answers (/api/v1/issues/{number}/csat, the widget, email links).
import { z } from "zod";
import { IssueNumber } from "./issues";
import { text, Uuid } from "./primitives";
import { Timestamp, type Wire } from "./responses";

export const Widget = z.strictObject({
  id: Uuid,
  appId: z.string(),
  name: z.string(),
  fallbackMinutes: z.number().int(),
  secretRotatedAt: Timestamp,
  createdAt: Timestamp,
});
export type Widget = Wire<typeof Widget>;

/** Answered once, on creation and on rotation: the secret is never shown again. */
export const WidgetWithSecret = Widget.extend({ secret: z.string() });
export type WidgetWithSecret = Wire<typeof WidgetWithSecret>;

export const CreateWidgetInput = z.strictObject({
  name: text(100),
  fallbackMinutes: z.number().int().min(1).max(1440).optional(),
});

/** `userHash` = hex HMAC-SHA256 of the email with the widget's secret, computed by the host app's server. */
export const WidgetUser = z.strictObject({
  email: z.string().trim().toLowerCase().email().max(320).optional(),
  name: z.string().trim().max(200).optional(),
  userHash: z.string().max(200).optional(),
});

export const WidgetBootInput = z.strictObject({
  appId: text(100),
  user: WidgetUser.optional(),
});

export const WidgetSession = z.strictObject({
  token: z.string(),
  verified: z.boolean(),
  name: z.string().nullable(),
  expiresAt: Timestamp,
});
export type WidgetSession = Wire<typeof WidgetSession>;

/** The issue's state as the customer reads it. */
export const CustomerState = z.enum(["open", "waiting_on_you", "resolved"]);

export const WidgetConversation = z.strictObject({
  number: z.number().int(),
  title: z.string(),
  state: CustomerState,
  unread: z.number().int(),
  updatedAt: Timestamp,
  /** The CSAT answer of the current resolution, if the customer gave one. */
  csat: z.strictObject({ score: z.number().int(), comment: z.string().nullable() }).nullable(),
  /** The scale the customer is asked on (`thumbs`: 👍 = 5, 👎 = 1); null: no survey for this closing. */
  survey: z.enum(["1-5", "thumbs"]).nullable(),
});
export type WidgetConversation = Wire<typeof WidgetConversation>;

/** A file of a message; the widget downloads it from /widget/api/conversations/{number}/attachments/{id}. */
export const WidgetAttachment = z.strictObject({
  id: Uuid,
  filename: z.string(),
  contentType: z.string(),
  size: z.number().int(),
});
export type WidgetAttachment = Wire<typeof WidgetAttachment>;

export const WidgetMessage = z.strictObject({
  id: Uuid,
  from: z.enum(["customer", "agent"]),
  authorName: z.string(),
  /** The agent's photo when they have one (else the widget shows their initials). */
  authorAvatarUrl: z.string().nullable(),
  text: z.string(),
  attachments: z.array(WidgetAttachment),
  /** Set once the customer corrected the message. */
  editedAt: Timestamp.nullable(),
  /** The customer's own chat message: until when they may still edit it (null: not theirs to edit). */
  editableUntil: Timestamp.nullable(),
  createdAt: Timestamp,
});
export type WidgetMessage = Wire<typeof WidgetMessage>;

export const WidgetThread = z.strictObject({
  conversation: WidgetConversation,
  messages: z.array(WidgetMessage),
});
export type WidgetThread = Wire<typeof WidgetThread>;

/** A file the customer attaches (at most 5 MB; images, PDF, text, Office documents). */
export const WidgetFile = z.strictObject({
  filename: text(200),
  contentType: z.string().max(200),
  /** The bytes, base64. */
  data: z.string().max(7 * 1024 * 1024),
});

/**
 * `clientId`: the widget's id for the message, so a retried send is stored once. A message has
 * text, files, or both.
 */
export const WidgetSendInput = z.strictObject({
  text: z.string().trim().max(10_000),
  clientId: Uuid,
  files: z.array(WidgetFile).max(3).optional(),
});

/** The customer's correction of their own message. */
export const WidgetEditInput = z.strictObject({ text: text(10_000) });

export const WidgetMessageParams = z.strictObject({ number: IssueNumber, id: Uuid });

/** Opens a conversation; `fields` are `setNewIssueFields` values (custom field key → value). */
export const WidgetStartInput = WidgetSendInput.extend({
  fields: z.record(z.string().max(100), z.union([z.string().max(1000), z.number(), z.boolean()])).optional(),
});

export const CsatInput = z.strictObject({
  score: z.number().int().min(1).max(5),
  comment: z.string().trim().max(2000).optional(),
});

export const Csat = z.strictObject({
  score: z.number().int(),
  comment: z.string().nullable(),
  channel: z.string(),
  resolution: z.number().int(),
  updatedAt: Timestamp,
});
export type Csat = Wire<typeof Csat>;

/** The one-click link of a CSAT email: signed, expiring. */
export const CsatLinkQuery = z.strictObject({
  t: z.string().max(500),
  score: z.coerce.number().int().min(1).max(5),
});
