// Settings endpoints. Inputs and responses are the shared schemas' types (type-only imports,
// so zod stays out of the bundle).
import type {
  ApiToken,
  CreateCustomFieldInput,
  CreatedApiToken,
  CreateMacroInput,
  CreateTagInput,
  CreateTeamInput,
  CreateUserInput,
  CustomField,
  Items,
  Macro,
  Ok,
  OutboxEntry,
  QuarantineEntry,
  QuarantineRetryResult,
  Tag,
  Team,
  TeamDeletion,
  UpdateCustomFieldInput,
  UpdateMacroInput,
  UpdateTeamInput,
  UpdateUserInput,
  User,
} from "@switchboard/api";
import type { z } from "zod";
import { request } from "../../api/client";

export type { ApiToken, Items, TeamDeletion };
export type TeamInput = z.input<typeof CreateTeamInput>;
export type TeamPatch = z.input<typeof UpdateTeamInput>;
export type UserInput = z.input<typeof CreateUserInput>;
export type UserPatch = z.input<typeof UpdateUserInput>;
export type FieldInput = z.input<typeof CreateCustomFieldInput>;
export type FieldPatch = z.input<typeof UpdateCustomFieldInput>;
export type TagInput = z.input<typeof CreateTagInput>;
export type MacroInput = z.input<typeof CreateMacroInput>;
export type MacroPatch = z.input<typeof UpdateMacroInput>;

/** A team as settings shows it: with its description and members. */
export type TeamDetail = Team;
/** A custom field with its AI settings. */
export type FieldDetail = CustomField;
export type CreatedToken = CreatedApiToken;
export type QuarantineItem = QuarantineEntry;
export type OutboxItem = OutboxEntry;

/** The list endpoints settings reads; each answers `{ items }`. */
export const PATHS = {
  teams: "/teams",
  users: "/users",
  fields: "/custom-fields",
  tags: "/tags",
  macros: "/macros",
  tokens: "/api-tokens",
  quarantine: "/quarantine",
  outbox: "/outbox",
  triggers: "/triggers",
  agents: "/ai-agents",
  inboxes: "/inboxes",
} as const;

export const listAt = <T>(path: string, signal?: AbortSignal) => request<Items<T>>(path, { signal });

const post = <T>(path: string, body: unknown) => request<T>(path, { method: "POST", body });
const patch = <T>(path: string, body: unknown) => request<T>(path, { method: "PATCH", body });
const remove = (path: string) => request<Ok>(path, { method: "DELETE" });

export const createTeam = (input: TeamInput) => post<TeamDetail>("/teams", input);
export const updateTeam = (id: string, input: TeamPatch) => patch<TeamDetail>(`/teams/${id}`, input);
export const addMember = (teamId: string, userId: string) =>
  request<Ok>(`/teams/${teamId}/members/${userId}`, { method: "PUT", body: {} });
/** A scoped team's member covers accounts of these tiers (routing by tier). */
export const setMemberTiers = (teamId: string, userId: string, tiers: string[]) =>
  request<Ok>(`/teams/${teamId}/members/${userId}`, { method: "PUT", body: { tiers } });
export const removeMember = (teamId: string, userId: string) => remove(`/teams/${teamId}/members/${userId}`);
/** Folds a team into `moveTo` (its issues, inboxes, views, macros, AI agents), then deletes it. */
export const deleteTeam = (id: string, moveTo: string | null) =>
  request<TeamDeletion>(`/teams/${id}${moveTo ? `?moveTo=${encodeURIComponent(moveTo)}` : ""}`, { method: "DELETE" });

export const createUser = (input: UserInput) => post<User>("/users", input);
export const updateUser = (id: string, input: UserPatch) => patch<User>(`/users/${id}`, input);

export const createField = (input: FieldInput) => post<FieldDetail>("/custom-fields", input);
export const updateField = (id: string, input: FieldPatch) => patch<FieldDetail>(`/custom-fields/${id}`, input);

export const createTag = (input: TagInput) => post<Tag>("/tags", input);
export const deleteTag = (id: string) => remove(`/tags/${id}`);

export const createMacro = (input: MacroInput) => post<Macro>("/macros", input);
export const updateMacro = (id: string, input: MacroPatch) => patch<Macro>(`/macros/${id}`, input);
export const deleteMacro = (id: string) => remove(`/macros/${id}`);

export const createToken = (name: string) => post<CreatedToken>("/api-tokens", { name });
export const revokeToken = (id: string) => remove(`/api-tokens/${id}`);

export const discardQuarantined = (id: string) => post<QuarantineItem>(`/quarantine/${id}`, { action: "discard" });
/** Re-runs ingestion on the stored raw payload (email only on today's server). */
export const resendOutbound = (id: string) => post<Ok>(`/outbox/${id}/resend`, {});
export const retryQuarantined = (id: string) => post<QuarantineRetryResult>(`/quarantine/${id}/retry`, {});

// ---- automation: triggers, AI agents (shapes in ./triggers/model.ts and ./ai/model.ts) -------

export const createTrigger = <T>(input: unknown) => post<T>("/triggers", input);
export const updateTrigger = <T>(id: string, input: unknown) => patch<T>(`/triggers/${id}`, input);
export const deleteTrigger = (id: string) => remove(`/triggers/${id}`);
export const dryRunTrigger = <T>(id: string, conditions: unknown, limit = 50, event?: string) =>
  post<T>(`/triggers/${id}/dry-run`, { conditions, limit, ...(event && { event }) });
