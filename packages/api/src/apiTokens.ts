// /api-tokens: bearer tokens for scripts and integrations; the secret is shown once.
import { z } from "zod";
import { text, Uuid } from "./primitives";
import { Timestamp, type Wire } from "./responses";

export const CreateApiTokenInput = z.strictObject({ name: text(200) });

export const ApiToken = z.strictObject({
  id: Uuid,
  name: z.string(),
  userId: Uuid.nullable(),
  lastUsedAt: Timestamp.nullable(),
  revokedAt: Timestamp.nullable(),
  createdAt: Timestamp,
});
export type ApiToken = Wire<typeof ApiToken>;

export const CreatedApiToken = z.strictObject({ id: Uuid, name: z.string(), token: z.string(), createdAt: Timestamp });
export type CreatedApiToken = Wire<typeof CreatedApiToken>;
