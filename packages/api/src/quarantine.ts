// /quarantine: inbound deliveries that could not be ingested, kept with their reason.
import { z } from "zod";
import { JsonObject, Uuid } from "./primitives";
import { Timestamp, type Wire } from "./responses";
import { quarantineStatuses } from "./vocabulary";

export const QuarantineActionInput = z.strictObject({ action: z.enum(["discard"]) });

export const QuarantineEntry = z.strictObject({
  id: Uuid,
  channel: z.string(),
  reason: z.string(),
  status: z.enum(quarantineStatuses),
  meta: JsonObject,
  /** The raw payload, cut at 100,000 characters. */
  raw: z.string(),
  createdAt: Timestamp,
  resolvedAt: Timestamp.nullable(),
});
export type QuarantineEntry = Wire<typeof QuarantineEntry>;
