// /tags: the workspace's labels for issues.
import { z } from "zod";
import { text, Uuid } from "./primitives";
import type { Wire } from "./responses";

export const CreateTagInput = z.strictObject({
  name: text(100),
  color: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/)
    .optional(),
});

export const Tag = z.strictObject({ id: Uuid, name: z.string(), color: z.string() });
export type Tag = Wire<typeof Tag>;
