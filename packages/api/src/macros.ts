// /macros: reply templates with actions, and applying one to an issue.
import { z } from "zod";
import { IssueNumber } from "./issues";
import { IssueState, Priority, text, Uuid } from "./primitives";
import type { Wire } from "./responses";

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
export const ApplyMacroParams = z.strictObject({ number: IssueNumber, id: Uuid });
export const ApplyMacroInput = z.strictObject({
  body: z.string().max(100_000).optional(),
  /** A public email reply: more people to copy (as `cc` on a message). */
  cc: z.array(z.string().trim().toLowerCase().email().max(320)).max(20).optional(),
});

/** Stored actions: what MacroActions accepted (tags already trimmed). */
const SavedMacroActions = z.strictObject({
  state: IssueState.optional(),
  priority: Priority.optional(),
  addTags: z.array(z.string()).optional(),
  teamId: Uuid.nullable().optional(),
});

export const Macro = z.strictObject({
  id: Uuid,
  name: z.string(),
  body: z.string(),
  actions: SavedMacroActions,
  teamId: Uuid.nullable(),
  internal: z.boolean(),
});
export type Macro = Wire<typeof Macro>;

/** A macro's body rendered for one issue, before it is sent. */
export const MacroPreview = z.strictObject({ body: z.string(), macro: Macro });
export type MacroPreview = Wire<typeof MacroPreview>;
