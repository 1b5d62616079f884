// The customer portal: ticket forms admins build (/api/v1/portal/forms) and the customer's own
// API under /portal/api (login by one-time code or magic link, forms, their issues, replies, CSAT).
import { z } from "zod";
import { IssueNumber } from "./issues";
import { text, Uuid } from "./primitives";
import { Timestamp, type Wire } from "./responses";
import { channels, priorities } from "./vocabulary";
import { CustomerState } from "./widget";

/** The custom-field types a form can ask for; a file field is its own kind. */
export const portalFieldTypes = ["text", "select", "multiselect", "date", "number"] as const;

export const PortalFormField = z.discriminatedUnion("type", [
  z.strictObject({
    type: z.literal("custom_field"),
    /** The key of an issue custom field of the catalog. */
    key: z.string().max(100),
    required: z.boolean(),
    helpText: z.string().max(500),
  }),
  z.strictObject({
    type: z.literal("file"),
    label: text(200),
    required: z.boolean(),
    helpText: z.string().max(500),
  }),
]);
export type PortalFormField = Wire<typeof PortalFormField>;

export const CreatePortalFormInput = z.strictObject({
  name: text(200),
  description: z.string().max(2000).optional(),
  fields: z.array(PortalFormField).max(50).optional(),
  defaultTeamId: Uuid.nullish(),
  defaultPriority: z.enum(priorities).nullish(),
  defaultTags: z.array(text(100)).max(20).optional(),
  position: z.number().int().min(0).max(10_000).optional(),
});
export const UpdatePortalFormInput = CreatePortalFormInput.partial();

export const PortalForm = z.strictObject({
  id: Uuid,
  name: z.string(),
  description: z.string(),
  fields: z.array(PortalFormField),
  defaultTeamId: Uuid.nullable(),
  defaultPriority: z.enum(priorities).nullable(),
  defaultTags: z.array(z.string()),
  position: z.number().int(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type PortalForm = Wire<typeof PortalForm>;

// ---- the customer's side (/portal/api) -----------------------------------------------------

/** `site`: the workspace's domain (the portal's URL names it); optional when there is one workspace. */
export const PortalLoginRequest = z.strictObject({
  email: z.string().trim().toLowerCase().email().max(320),
  site: z.string().max(253).optional(),
});
export const PortalCodeInput = z.strictObject({
  email: z.string().trim().toLowerCase().email().max(320),
  code: z
    .string()
    .trim()
    .regex(/^\d{6}$/, "six digits"),
  site: z.string().max(253).optional(),
});
export const PortalLinkInput = z.strictObject({ token: z.string().min(10).max(200) });

export const PortalSite = z.strictObject({ name: z.string(), domain: z.string(), helpUrl: z.string() });
export type PortalSite = Wire<typeof PortalSite>;

/** A help-center article the customer may read; `url` is null for one meant for their account type only. */
export const PortalHelpHit = z.strictObject({
  id: Uuid,
  title: z.string(),
  url: z.string().nullable(),
  highlight: z.string(),
});

export const PortalMe = z.strictObject({
  name: z.string(),
  email: z.string().nullable(),
  accountName: z.string().nullable(),
  portalAdmin: z.boolean(),
  site: PortalSite,
});
export type PortalMe = Wire<typeof PortalMe>;

/** A form as the customer fills it: custom fields resolved to their label, type and options. */
export const PortalFormFieldView = z.strictObject({
  /** The key to submit it under: the custom field's key, or `file` for the upload. */
  key: z.string(),
  label: z.string(),
  type: z.enum([...portalFieldTypes, "file"]),
  options: z.array(z.string()),
  required: z.boolean(),
  helpText: z.string(),
});
export const PortalFormView = z.strictObject({
  id: Uuid,
  name: z.string(),
  description: z.string(),
  fields: z.array(PortalFormFieldView),
});
export type PortalFormView = Wire<typeof PortalFormView>;

export const PortalFile = z.strictObject({
  filename: text(200),
  contentType: z.string().max(200),
  /** The bytes, base64. */
  data: z.string().max(8 * 1024 * 1024),
});

export const PortalSubmitInput = z.strictObject({
  subject: z.string().trim().max(300),
  description: z.string().trim().max(20_000),
  fields: z.record(z.string().max(100), z.union([z.string().max(2000), z.number(), z.array(z.string().max(200))])),
  files: z.array(PortalFile).max(5).optional(),
  /** The portal's id for the submission, so a retried submit opens one issue. */
  clientId: Uuid,
});

export const PortalIssue = z.strictObject({
  number: z.number().int(),
  title: z.string(),
  state: CustomerState,
  /** Where the customer asked: the portal lists their issues of every channel. */
  channel: z.enum(channels),
  requesterName: z.string().nullable(),
  /** The requester is the signed-in contact. */
  mine: z.boolean(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  csat: z.strictObject({ score: z.number().int(), comment: z.string().nullable() }).nullable(),
});
export type PortalIssue = Wire<typeof PortalIssue>;

export const PortalMessage = z.strictObject({
  id: Uuid,
  from: z.enum(["customer", "agent"]),
  authorName: z.string(),
  /** The agent's photo when they have one. */
  authorAvatarUrl: z.string().nullable(),
  text: z.string(),
  /** Files on the message; each downloads from /portal/api/issues/{number}/attachments/{id}. */
  attachments: z.array(z.strictObject({ id: Uuid, filename: z.string(), size: z.number().int() })),
  createdAt: Timestamp,
});
export type PortalMessage = Wire<typeof PortalMessage>;

/** A file on a message of one of the customer's issues. */
export const PortalFileParams = z.strictObject({ number: IssueNumber, id: Uuid });

export const PortalThread = z.strictObject({ issue: PortalIssue, messages: z.array(PortalMessage) });
export type PortalThread = Wire<typeof PortalThread>;

export const PortalReplyInput = z.strictObject({ text: text(20_000), clientId: Uuid });

/** `scope=account`: a portal admin's view of their whole account. */
export const PortalIssuesQuery = z.strictObject({ scope: z.enum(["mine", "account"]).default("mine") });
