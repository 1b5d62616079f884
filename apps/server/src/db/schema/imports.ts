// Imports (Zendesk, CSV): a run with its cursor and counts, the records it skipped, and the map from
// the source's ids to ours that makes a re-run update instead of duplicate.
import { sql } from "drizzle-orm";
import { index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { at, createdAt, id, updatedAt, workspaceId } from "./columns";
import { users, workspaces } from "./tenancy";

export const importSources = ["zendesk", "csv"] as const;
export type ImportSource = (typeof importSources)[number];
export const importStatuses = ["queued", "running", "succeeded", "failed"] as const;
export type ImportStatus = (typeof importStatuses)[number];

/** What a run reads: the Zendesk API (base URL, and the email for API-token auth) or CSV rows. */
export type ImportParams =
  | { kind: "zendesk"; baseUrl: string; email: string | null }
  | {
      kind: "csv";
      object: "issue" | "account" | "contact";
      fileName: string;
      /** Our field → the file's column (a file uploaded on the settings page; the CLI reads its mapping file). */
      mapping?: Record<string, string>;
    };

/** Where a run stands: the stage it is in and the source's cursor within it (null: from the start). */
export interface ImportCursor {
  stage?: string;
  after?: string | null;
}

/** Per object: records created, updated (already imported before) and skipped. */
export type ImportCounts = Record<string, { created: number; updated: number; skipped: number }>;

export const importRuns = pgTable(
  "import_run",
  {
    id: id(),
    workspaceId: workspaceId().references(() => workspaces.id, { onDelete: "cascade" }),
    source: text("source", { enum: importSources }).notNull(),
    status: text("status", { enum: importStatuses }).notNull().default("queued"),
    params: jsonb("params").$type<ImportParams>().notNull(),
    tokenSealed: text("token_sealed"),
    /** A CSV uploaded on the settings page, kept until its run finishes (the worker reads it from here). */
    upload: text("upload"),
    cursor: jsonb("cursor").$type<ImportCursor>().notNull().default({}),
    counts: jsonb("counts").$type<ImportCounts>().notNull().default({}),
    processed: integer("processed").notNull().default(0),
    /** Records the source says it has (for the progress bar); null until known. */
    total: integer("total"),
    skipped: integer("skipped").notNull().default(0),
    error: text("error"),
    requestedByUserId: uuid("requested_by_user_id").references(() => users.id, { onDelete: "set null" }),
    startedAt: at("started_at"),
    finishedAt: at("finished_at"),
    updatedAt: updatedAt(),
    createdAt: createdAt(),
  },
  (t) => [
    index("import_run_ws_created_idx").on(t.workspaceId, t.createdAt),
    uniqueIndex("import_run_one_active_key").on(t.workspaceId, t.source).where(sql`"status" IN ('queued', 'running')`),
  ],
);

export const importSkips = pgTable(
  "import_skip",
  {
    id: id(),
    workspaceId: workspaceId().references(() => workspaces.id, { onDelete: "cascade" }),
    runId: uuid("run_id")
      .notNull()
      .references(() => importRuns.id, { onDelete: "cascade" }),
    object: text("object").notNull(),
    externalId: text("external_id").notNull(),
    reason: text("reason").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("import_skip_run_idx").on(t.workspaceId, t.runId, t.createdAt)],
);

export const importExternalIds = pgTable(
  "import_external_id",
  {
    workspaceId: workspaceId().references(() => workspaces.id, { onDelete: "cascade" }),
    source: text("source").notNull(),
    object: text("object").notNull(),
    externalId: text("external_id").notNull(),
    internalId: uuid("internal_id").notNull(),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ name: "import_external_id_pk", columns: [t.workspaceId, t.source, t.object, t.externalId] })],
);
