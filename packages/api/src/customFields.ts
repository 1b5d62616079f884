// /custom-fields: the workspace's own fields on issues and accounts.
import { z } from "zod";
import { text, Uuid } from "./primitives";
import type { Wire } from "./responses";
import { customFieldObjects, customFieldSources, customFieldTypes } from "./vocabulary";

export const CustomFieldType = z.enum(customFieldTypes);
export const CreateCustomFieldInput = z.strictObject({
  object: z.enum(customFieldObjects),
  key: z.string().regex(/^[a-z][a-z0-9_]{0,62}$/, "lower_snake_case, starting with a letter"),
  label: text(200),
  type: CustomFieldType,
  options: z.array(text(200)).max(200).optional(),
  requiredOnClose: z.boolean().optional(),
  aiEnabled: z.boolean().optional(),
  description: z.string().max(4000).optional(),
  source: z.enum(customFieldSources).optional(),
});
export const UpdateCustomFieldInput = z.strictObject({
  label: text(200).optional(),
  options: z.array(text(200)).max(200).optional(),
  requiredOnClose: z.boolean().optional(),
  aiEnabled: z.boolean().optional(),
  description: z.string().max(4000).optional(),
});

export const CustomField = z.strictObject({
  id: Uuid,
  object: z.enum(customFieldObjects),
  key: z.string(),
  label: z.string(),
  type: CustomFieldType,
  options: z.array(z.string()),
  requiredOnClose: z.boolean(),
  aiEnabled: z.boolean(),
  /** What the AI reads when it fills the field. */
  description: z.string(),
  source: z.enum(customFieldSources),
});
export type CustomField = Wire<typeof CustomField>;
