// /audit-log: who changed settings, roles and tokens and who signed in, with before/after values.
import { z } from "zod";
import { JsonObject, Uuid } from "./primitives";
import { Timestamp, type Wire } from "./responses";
import { auditActions } from "./vocabulary";

export const AuditLogQuery = z.strictObject({
  /** The acting user's id. */
  actorId: Uuid.optional(),
  action: z.enum(auditActions).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  /** The nextCursor of the previous page. */
  cursor: z.string().max(200).optional(),
});

export const AuditEntry = z.strictObject({
  id: Uuid,
  action: z.string(),
  actorType: z.string(),
  actorId: z.string().nullable(),
  actorName: z.string().nullable(),
  targetType: z.string().nullable(),
  targetId: z.string().nullable(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  before: JsonObject.nullable(),
  after: JsonObject.nullable(),
  createdAt: Timestamp,
});
export type AuditEntry = Wire<typeof AuditEntry>;

export const AuditSettings = z.strictObject({ retentionDays: z.number().int() });
export type AuditSettings = Wire<typeof AuditSettings>;
export const AuditSettingsInput = z.strictObject({ retentionDays: z.number().int().min(1).max(3650) });
