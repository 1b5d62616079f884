// Zod schemas of the public API (/api/v1): the server validates with them, OpenAPI is generated
// from them, the web app infers its types from them. Strict objects: unknown fields are errors.
import { z } from "zod";

import { ViewFilter } from "./conditions";
import { Channel, IssueState, Priority, Uuid } from "./primitives";

export * from "./primitives";
export * from "./vocabulary";

const text = (max: number) => z.string().trim().min(1).max(max);

export const ErrorBody = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
});

export const LoginInput = z.strictObject({
  email: z.string().trim().email().max(320),
  password: z.string().min(1).max(1024),
});

// ---- issues ---------------------------------------------------------------------------
export const IssueNumberParams = z.strictObject({ number: z.coerce.number().int().positive().max(2_147_483_647) });

export const IssueListQuery = z.strictObject({
  q: z.string().trim().max(500).optional(),
  state: z.union([IssueState, z.string().regex(/^[a-z_]+(,[a-z_]+)*$/)]).optional(),
  team: z.union([Uuid, z.literal("none")]).optional(),
  assignee: z.union([Uuid, z.literal("me"), z.literal("none")]).optional(),
  account: Uuid.optional(),
  priority: Priority.optional(),
  channel: Channel.optional(),
  tag: z.string().trim().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
});

export const CreateIssueInput = z.strictObject({
  title: text(500),
  /** The first public message; blank text is refused here, before an issue number is taken. */
  body: z
    .string()
    .max(100_000)
    .refine((b) => b.trim().length > 0, "Message text is empty.")
    .optional(),
  accountId: Uuid.nullish(),
  requesterContactId: Uuid.nullish(),
  teamId: Uuid.nullish(),
  priority: Priority.optional(),
  tags: z.array(text(100)).max(50).optional(),
});

export const UpdateIssueInput = z
  .strictObject({
    title: text(500).optional(),
    state: IssueState.optional(),
    teamId: Uuid.nullable().optional(),
    assigneeUserId: Uuid.nullable().optional(),
    priority: Priority.optional(),
    tags: z.array(text(100)).max(50).optional(),
    customFields: z.record(z.string().max(100), z.unknown()).optional(),
  })
  .refine((v) => Object.keys(v).length > 0, { message: "Nothing to update" });

export const MergeIssueInput = z.strictObject({ intoNumber: z.number().int().positive() });

export const CreateMessageInput = z.strictObject({
  visibility: z.enum(["public", "internal"]).default("public"),
  body: text(100_000),
  bodyHtml: z.string().max(500_000).optional(),
});

// ---- accounts & contacts --------------------------------------------------------------
export const AccountType = z.enum(["prospect", "trial", "customer", "churned"]);
export const Domain = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^@?[a-z0-9.-]+\.[a-z]{2,}$/, "Not a domain");

export const CreateAccountInput = z.strictObject({
  name: text(200),
  domains: z.array(Domain).max(50).optional(),
  type: AccountType.optional(),
  ownerUserId: Uuid.nullish(),
  tier: z.string().trim().max(100).nullish(),
  crmId: z.string().trim().max(200).nullish(),
  customFields: z.record(z.string().max(100), z.unknown()).optional(),
});
export const UpdateAccountInput = CreateAccountInput.partial();

export const CreateContactInput = z.strictObject({
  name: text(200),
  email: z.string().trim().email().max(320).nullish(),
  accountId: Uuid.nullish(),
  slackUserId: z.string().trim().max(50).nullish(),
  externalId: z.string().trim().max(200).nullish(),
});
export const UpdateContactInput = CreateContactInput.partial();

export const ListQuery = z.strictObject({
  q: z.string().trim().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
});

export const IdParams = z.strictObject({ id: Uuid });

// ---- people & settings ----------------------------------------------------------------
export const Role = z.enum(["admin", "member", "viewer"]);
export const CreateUserInput = z.strictObject({
  email: z.string().trim().email().max(320),
  name: text(200),
  role: Role.optional(),
  password: z.string().min(8).max(1024).optional(),
  slackUserId: z.string().trim().max(50).nullish(),
});
export const UpdateUserInput = z.strictObject({
  name: text(200).optional(),
  role: Role.optional(),
  away: z.boolean().optional(),
  slackUserId: z.string().trim().max(50).nullish(),
  deactivated: z.boolean().optional(),
});

export const TeamMode = z.enum(["pooled", "scoped"]);
export const CreateTeamInput = z.strictObject({
  name: text(100),
  mode: TeamMode.optional(),
  leadUserId: Uuid.nullish(),
  description: z.string().max(2000).optional(),
});
export const UpdateTeamInput = CreateTeamInput.partial();
/** Deleting a team: the team its work moves to (required while it holds any). */
export const DeleteTeamQuery = z.strictObject({ moveTo: Uuid.optional() });
export const TeamMemberInput = z.strictObject({ tiers: z.array(text(100)).max(20).optional() });
export const TeamMemberParams = z.strictObject({ id: Uuid, userId: Uuid });

export const CreateTagInput = z.strictObject({
  name: text(100),
  color: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/)
    .optional(),
});

export const CustomFieldType = z.enum(["text", "number", "boolean", "date", "select", "multiselect", "url", "user"]);
export const CreateCustomFieldInput = z.strictObject({
  object: z.enum(["issue", "account"]),
  key: z.string().regex(/^[a-z][a-z0-9_]{0,62}$/, "lower_snake_case, starting with a letter"),
  label: text(200),
  type: CustomFieldType,
  options: z.array(text(200)).max(200).optional(),
  requiredOnClose: z.boolean().optional(),
  aiEnabled: z.boolean().optional(),
  description: z.string().max(4000).optional(),
  source: z.enum(["manual", "crm"]).optional(),
});
export const UpdateCustomFieldInput = z.strictObject({
  label: text(200).optional(),
  options: z.array(text(200)).max(200).optional(),
  requiredOnClose: z.boolean().optional(),
  aiEnabled: z.boolean().optional(),
  description: z.string().max(4000).optional(),
});

export const CreateViewInput = z.strictObject({
  name: text(200),
  ownerType: z.enum(["user", "team", "workspace"]),
  ownerTeamId: Uuid.nullish(),
  filter: ViewFilter.optional(),
  sort: z.enum(["priority", "newest", "oldest", "updated"]).optional(),
  layout: z.enum(["list", "kanban"]).optional(),
});
export const UpdateViewInput = CreateViewInput.omit({ ownerType: true, ownerTeamId: true }).partial();

export const CreateApiTokenInput = z.strictObject({ name: text(200) });

export const QuarantineActionInput = z.strictObject({ action: z.enum(["discard"]) });

export const ViewIssuesQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
  state: IssueState.optional(),
});

// ---- macros & notifications -----------------------------------------------------------
export const MacroActions = z.strictObject({
  state: IssueState.optional(),
  priority: Priority.optional(),
  addTags: z.array(text(100)).max(20).optional(),
  teamId: Uuid.nullable().optional(),
});
export const CreateMacroInput = z.strictObject({
  name: text(200),
  body: z.string().max(20_000).default(""),
  actions: MacroActions.optional(),
  teamId: Uuid.nullish(),
  internal: z.boolean().optional(),
});
export const UpdateMacroInput = CreateMacroInput.partial();
export const ApplyMacroParams = z.strictObject({
  number: z.coerce.number().int().positive().max(2_147_483_647),
  id: Uuid,
});
export const ApplyMacroInput = z.strictObject({ body: z.string().max(100_000).optional() });
export const MarkNotificationsInput = z.strictObject({ ids: z.union([z.array(Uuid).max(500), z.literal("all")]) });
export * from "./conditionFields";
export * from "./conditions";
export * from "./email";
export * from "./legacyViewFilter";
export * from "./slack";
export * from "./triggers";
