// Operational records: who did what (audit) and inbound that could not be ingested (quarantine).
import { index, jsonb, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { at, createdAt, id, workspaceId } from "./columns";
import { workspaces } from "./tenancy";

/**
 * The audit log: who changed a setting, a role or a token, who signed in (or failed to), from
 * where, and the values before and after (secrets redacted). Written by commands/audit.ts only.
 */
export const auditLog = pgTable(
  "audit_log",
  {
    id: id(),
    workspaceId: workspaceId().references(() => workspaces.id, { onDelete: "cascade" }),
    actorType: text("actor_type").notNull(),
    actorId: text("actor_id"),
    actorName: text("actor_name"),
    action: text("action").notNull(),
    targetType: text("target_type"),
    targetId: text("target_id"),
    data: jsonb("data").$type<Record<string, unknown>>().notNull().default({}),
    ip: text("ip"),
    userAgent: text("user_agent"),
    before: jsonb("before").$type<Record<string, unknown>>(),
    after: jsonb("after").$type<Record<string, unknown>>(),
    createdAt: createdAt(),
  },
  (t) => [index("audit_ws_created_idx").on(t.workspaceId, t.createdAt)],
);

/** Never dropped, never blocking: a delivery we could not ingest waits here with its reason. */
export const quarantine = pgTable(
  "quarantine",
  {
    id: id(),
    /** Null when we could not even tell which workspace it was for. */
    workspaceId: uuid("workspace_id").references(() => workspaces.id, { onDelete: "cascade" }),
    channel: text("channel").notNull(),
    reason: text("reason").notNull(),
    /** The raw delivery (MIME source, JSON payload) as received. */
    raw: text("raw").notNull(),
    meta: jsonb("meta").$type<Record<string, unknown>>().notNull().default({}),
    status: text("status", { enum: ["pending", "retried", "discarded"] })
      .notNull()
      .default("pending"),
    resolvedAt: at("resolved_at"),
    createdAt: createdAt(),
  },
  (t) => [index("quarantine_ws_idx").on(t.workspaceId, t.status)],
);

/**
 * Liveness of the processes that consume jobs: each beats while it lives. A process whose beat is
 * older than the lease (WORKER_LEASE_SECONDS) is dead, and what it had claimed is taken over.
 */
export const workerProcesses = pgTable("worker_process", {
  id: text("id").primaryKey(),
  startedAt: at("started_at").notNull().defaultNow(),
  beatAt: at("beat_at").notNull().defaultNow(),
});

/** The pg-boss jobs a process is running; a dead process's jobs are put back to run again. */
export const jobClaims = pgTable(
  "job_claim",
  {
    jobId: uuid("job_id").primaryKey(),
    name: text("name").notNull(),
    processId: text("process_id").notNull(),
    claimedAt: at("claimed_at").notNull().defaultNow(),
  },
  (t) => [index("job_claim_process_idx").on(t.processId)],
);
